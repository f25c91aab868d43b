package org.runnel.manager.tasks.boundary;

import java.util.List;
import java.util.Map;
import org.runnel.manager.tasks.entity.Task;

/**
 * The task object clients see ({@code GET /task/status/{id}}, {@code /task/list}): every field of
 * the protocol's task object, then Runnel's additions (protocol §5: {@code attempt}, {@code
 * progress}, {@code eta_seconds}, {@code queue_rank}, {@code queue_total}; callback delivery),
 * which esup-runner clients ignore; the task's {@code tenant} last (a client only ever sees its
 * own). Built field by field from the task so that nothing reaches a client by accident; the
 * credential reference in particular never does.
 */
public record TaskView(
    String taskId,
    String runnerId,
    String status,
    String etabName,
    String appName,
    String appVersion,
    String taskType,
    String sourceUrl,
    String affiliation,
    Map<String, Object> parameters,
    String notifyUrl,
    String completionCallback,
    String runId,
    String createdAt,
    String updatedAt,
    String error,
    String scriptOutput,
    int attempt,
    Double progress,
    Long etaSeconds,
    Integer queueRank,
    Integer queueTotal,
    String callbackStatus,
    int callbackAttempts,
    String callbackError,
    String tenant) {

  /** The protocol's task object fields, in its order; Runnel's additions follow them. */
  public static final List<String> PROTOCOL_FIELDS =
      List.of(
          "task_id",
          "runner_id",
          "status",
          "etab_name",
          "app_name",
          "app_version",
          "task_type",
          "source_url",
          "affiliation",
          "parameters",
          "notify_url",
          "completion_callback",
          "run_id",
          "created_at",
          "updated_at",
          "error",
          "script_output");

  /**
   * What changes from second to second and is not stored with the task.
   *
   * @param progress percent done (0 while pending, 100 once completed), null when unknown
   * @param etaSeconds seconds until it starts (pending) or ends (running), null when unknown
   * @param queueRank 1-based place among the pending tasks, null unless pending
   * @param queueTotal number of pending tasks, null unless pending
   */
  public record Live(Double progress, Long etaSeconds, Integer queueRank, Integer queueTotal) {
    public static final Live NONE = new Live(null, null, null, null);
  }

  public static TaskView of(Task t) {
    return of(t, Live.NONE);
  }

  public static TaskView of(Task t, Live live) {
    return new TaskView(
        t.taskId(),
        t.runnerId(),
        t.status().wire(),
        t.etabName(),
        t.appName(),
        t.appVersion(),
        t.taskType(),
        t.sourceUrl(),
        t.affiliation(),
        t.parameters(),
        t.notifyUrl(),
        t.completionCallback(),
        t.runId(),
        t.createdAt(),
        t.updatedAt(),
        t.error(),
        t.scriptOutput(),
        t.attempt(),
        live.progress(),
        live.etaSeconds(),
        live.queueRank(),
        live.queueTotal(),
        t.callbackStatus().wire(),
        t.callbackAttempts(),
        t.callbackError(),
        t.tenant());
  }
}
