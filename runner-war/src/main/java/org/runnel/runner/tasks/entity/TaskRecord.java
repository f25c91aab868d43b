package org.runnel.runner.tasks.entity;

import java.time.Instant;
import java.util.List;
import org.runnel.shared.protocol.CompletionRequest;
import org.runnel.shared.protocol.TaskRunRequest;
import org.runnel.shared.task.TaskStateMachine;
import org.runnel.shared.task.TaskStatus;

/**
 * What the runner remembers of one task across restarts: the attempt it runs, its outcome and
 * whether the manager has acknowledged that outcome. Kept small on purpose (the source, the outputs
 * and the log live in the task folder); every status change goes through the shared {@link
 * TaskStateMachine}.
 *
 * @param completion {@code pending} until the manager acknowledged the completion, then {@code
 *     delivered}, or {@code abandoned} when the manager refused it for good
 * @param processGroups the process groups the running attempt has started and not yet ended (empty
 *     or null otherwise): what a restart after a crash must kill
 */
public record TaskRecord(
    String taskId,
    String runId,
    String taskType,
    String sourceUrl,
    String completionCallback,
    String status,
    String errorMessage,
    String scriptOutput,
    String completion,
    Instant createdAt,
    Instant updatedAt,
    List<ProcessGroup> processGroups) {

  public static final String COMPLETION_PENDING = "pending";
  public static final String COMPLETION_DELIVERED = "delivered";
  public static final String COMPLETION_ABANDONED = "abandoned";

  /** A new attempt, running from now. */
  public static TaskRecord started(TaskRunRequest request, Instant now) {
    return new TaskRecord(
        request.taskId(),
        request.runId(),
        request.taskType(),
        request.sourceUrl(),
        request.completionCallback(),
        TaskStatus.RUNNING.wire(),
        null,
        null,
        null,
        now,
        now,
        List.of());
  }

  public TaskStatus taskStatus() {
    return TaskStatus.fromWire(status);
  }

  /** The outcome of the attempt, waiting to be reported to the manager. */
  public TaskRecord finished(TaskStatus outcome, String error, String output, Instant now) {
    TaskStatus next = TaskStateMachine.transition(taskStatus(), outcome);
    return with(next.wire(), error, output, COMPLETION_PENDING, now);
  }

  public TaskRecord withCompletion(String state, Instant now) {
    return with(status, errorMessage, scriptOutput, state, now);
  }

  /** The same record naming the process groups the attempt runs now. */
  public TaskRecord withProcessGroups(List<ProcessGroup> groups) {
    return new TaskRecord(
        taskId,
        runId,
        taskType,
        sourceUrl,
        completionCallback,
        status,
        errorMessage,
        scriptOutput,
        completion,
        createdAt,
        updatedAt,
        List.copyOf(groups));
  }

  /** The recorded process groups, never null. */
  public List<ProcessGroup> groups() {
    return processGroups == null ? List.of() : processGroups;
  }

  private TaskRecord with(
      String newStatus, String error, String output, String completionState, Instant now) {
    return new TaskRecord(
        taskId,
        runId,
        taskType,
        sourceUrl,
        completionCallback,
        newStatus,
        error,
        output,
        completionState,
        createdAt,
        now,
        List.of());
  }

  public boolean completionPending() {
    return COMPLETION_PENDING.equals(completion);
  }

  /** The body of {@code POST /task/completion} for this outcome. */
  public CompletionRequest completionRequest() {
    return new CompletionRequest(taskId, status, errorMessage, scriptOutput, runId);
  }
}
