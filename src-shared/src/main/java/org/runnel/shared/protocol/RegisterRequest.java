package org.runnel.shared.protocol;

import java.util.List;

/**
 * Body of {@code POST /runner/register}. Two fields are Runnel's additions, both optional: {@code
 * capacity} (how many tasks the runner accepts at once; a runner that omits it counts as capacity
 * 1, like esup-runner) and {@code running_tasks}, the attempts the runner is still working on when
 * it registers again. With the list, the manager keeps those attempts and re-queues at once the
 * ones it gave this runner that are not listed (a restarted runner sends an empty list); without it
 * (esup-runner runners), a re-registration counts as a restart, as in esup-runner.
 */
public record RegisterRequest(
    String id,
    String url,
    List<String> taskTypes,
    String availability,
    Integer capacity,
    List<RunningTask> runningTasks) {}
