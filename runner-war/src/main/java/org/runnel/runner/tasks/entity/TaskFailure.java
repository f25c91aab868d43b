package org.runnel.runner.tasks.entity;

import org.runnel.shared.task.TaskStatus;

/**
 * A task that cannot finish, with the sentence the end user reads in Pod ({@code error_message} of
 * the completion) and the status the runner reports: {@code failed}, or {@code timeout} when a time
 * limit stopped it.
 */
public class TaskFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final TaskStatus status;

  public TaskFailure(TaskStatus status, String message) {
    super(message);
    this.status = status;
  }

  public static TaskFailure failed(String message) {
    return new TaskFailure(TaskStatus.FAILED, message);
  }

  public TaskStatus status() {
    return status;
  }
}
