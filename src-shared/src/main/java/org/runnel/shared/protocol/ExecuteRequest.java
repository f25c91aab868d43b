package org.runnel.shared.protocol;

import java.util.Map;

/**
 * Body of {@code POST /task/execute}, as Pod sends it. {@code parameters} values are usually
 * strings ({@code rendition}, {@code cut} and {@code dressing} arrive as JSON text).
 */
public record ExecuteRequest(
    String etabName,
    String appName,
    String appVersion,
    String taskType,
    String sourceUrl,
    String notifyUrl,
    String affiliation,
    Map<String, Object> parameters) {}
