package org.runnel.manager.tasks.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;
import org.runnel.manager.dispatch.boundary.Dispatcher;
import org.runnel.manager.notify.boundary.Notifier;
import org.runnel.manager.runners.control.RunnerClient;
import org.runnel.manager.runners.control.RunnerRegistry;
import org.runnel.manager.tasks.control.ProgressBoard;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.manager.tasks.entity.CallbackStatus;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.task.TaskStatus;

/**
 * What administrators may do to a task that clients may not: run a finished task again, delete a
 * task, send a callback again (the way out of an {@code uncertain} or {@code failed} delivery).
 * Like esup-runner's admin pages: restart is for finished tasks, delete for tasks not running.
 */
@ApplicationScoped
public class TaskAdministration {

  private static final Logger LOG = Logger.getLogger(TaskAdministration.class.getName());

  @Inject TaskRegistry tasks;
  @Inject RunnerRegistry runners;
  @Inject RunnerClient runnerClient;
  @Inject Dispatcher dispatcher;
  @Inject Notifier notifier;
  @Inject ProgressBoard board;

  @Resource ManagedExecutorService executor;

  /**
   * Puts a finished task back in the queue.
   *
   * @throws jakarta.ws.rs.WebApplicationException 404, or 409 when it is pending or running
   */
  public Task restart(String taskId) {
    Task t =
        tasks.exclusively(
            () -> {
              Task current = tasks.require(taskId);
              if (!current.status().terminal()) {
                throw ApiError.of(
                    409, "Task is " + current.status().wire() + ": only a finished task restarts");
              }
              if (current.callbackStatus() == CallbackStatus.PENDING) {
                throw ApiError.of(409, "Callback delivery in progress: try again when it ends");
              }
              return tasks.save(current.restarted(Instant.now()));
            });
    board.forget(taskId);
    LOG.info(() -> "Task " + taskId + " restarted by an administrator");
    dispatcher.trigger();
    return t;
  }

  /**
   * Deletes a task that is not running, and asks its runner to delete its files (best effort).
   *
   * @throws jakarta.ws.rs.WebApplicationException 404, or 409 while it runs
   */
  public void delete(String taskId) {
    Task t =
        tasks.exclusively(
            () -> {
              Task current = tasks.require(taskId);
              if (current.status() == TaskStatus.RUNNING) {
                throw ApiError.of(409, "Task is running: stop it first");
              }
              tasks.remove(current);
              return current;
            });
    board.forget(taskId);
    LOG.info(() -> "Task " + taskId + " deleted by an administrator");
    if (t.runnerId() != null) {
      runners.find(t.runnerId()).ifPresent(r -> later(() -> runnerClient.delete(r, taskId)));
    }
  }

  /**
   * Sends the callback of a finished task again, as a new delivery (the client may get it twice:
   * that is what the administrator asks for after an uncertain one).
   *
   * @throws jakarta.ws.rs.WebApplicationException 404, or 409 when there is nothing to resend
   */
  public Task resendCallback(String taskId) {
    Task t =
        tasks.exclusively(
            () -> {
              Task current = tasks.require(taskId);
              if (!current.hasCallback()) {
                throw ApiError.of(409, "Task has no notify_url");
              }
              if (!current.status().terminal()) {
                throw ApiError.of(409, "Task not finished");
              }
              if (current.callbackStatus() == CallbackStatus.PENDING) {
                throw ApiError.of(409, "Callback delivery already in progress");
              }
              return tasks.save(current.callbackRearmed(Instant.now()));
            });
    LOG.info(() -> "Callback of task " + taskId + " resent by an administrator");
    notifier.deliver(t);
    return t;
  }

  private void later(Runnable work) {
    try {
      executor.execute(work);
    } catch (RejectedExecutionException e) {
      LOG.warning("Not done: " + e.getMessage());
    }
  }
}
