package org.runnel.manager.notify.control;

import org.runnel.manager.tasks.entity.Task;

/** What the manager posts to a client's notify_url when a task finished (protocol §2). */
public record CallbackBody(String taskId, String status, String errorMessage, String scriptOutput) {

  public static CallbackBody of(Task t) {
    return new CallbackBody(t.taskId(), t.status().wire(), t.error(), t.scriptOutput());
  }
}
