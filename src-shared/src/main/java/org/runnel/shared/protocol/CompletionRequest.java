package org.runnel.shared.protocol;

/**
 * Body of {@code POST /task/completion} (runner → manager) and, without {@code run_id}, of the
 * callback the manager sends to the client's {@code notify_url}.
 */
public record CompletionRequest(
    String taskId, String status, String errorMessage, String scriptOutput, String runId) {}
