package org.runnel.manager.notify.control;

import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.task.TaskStatus;

/** What the manager posts to a client's notify_url when a task finished (protocol §2). */
public record CallbackBody(String taskId, String status, String errorMessage, String scriptOutput) {

  /**
   * The body for a task's current outcome. A {@code warning} task is a completed one whose callback
   * failed: the client hears {@code completed} (the protocol's callback statuses are completed,
   * failed and timeout, and Pod imports the results only on completed).
   */
  public static CallbackBody of(Task t) {
    TaskStatus status = t.status() == TaskStatus.WARNING ? TaskStatus.COMPLETED : t.status();
    return new CallbackBody(t.taskId(), status.wire(), t.error(), t.scriptOutput());
  }
}
