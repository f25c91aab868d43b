package org.runnel.shared.protocol;

/**
 * One attempt a runner is working on, as it lists them when it registers again ({@code
 * running_tasks} of {@code POST /runner/register}, Runnel's addition): the manager keeps the
 * attempts a runner still runs, so that a runner that merely lost contact (the manager restarted)
 * loses no work.
 *
 * @param runId the attempt's fence as the manager handed it over; null when the manager gave none
 */
public record RunningTask(String taskId, String runId) {}
