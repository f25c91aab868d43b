package org.runnel.shared.protocol;

/**
 * Body of {@code POST /task/progress} (Runnel runner → manager), Runnel's addition to protocol 1.7:
 * how far the current attempt is ({@code progress} 0–100), the runner's estimate of the time left,
 * and the last lines of its log. {@code run_id} names the attempt, so a report from an older
 * attempt is refused (409). Every field but {@code task_id} and {@code run_id} may be null.
 */
public record ProgressRequest(
    String taskId, String runId, Double progress, Long etaSeconds, String logTail) {}
