package org.runnel.shared.protocol;

import java.util.List;

/**
 * Body of {@code POST /runner/register}. {@code capacity} is Runnel's addition (how many tasks the
 * runner accepts at once); a runner that omits it counts as capacity 1, like esup-runner.
 */
public record RegisterRequest(
    String id, String url, List<String> taskTypes, String availability, Integer capacity) {}
