package org.runnel.manager.tasks.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.dispatch.boundary.Dispatcher;
import org.runnel.manager.runners.control.RunnerRegistry;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.manager.tasks.control.ProgressBoard;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.manager.tasks.entity.Progress;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.manager.tasks.entity.TaskFinished;
import org.runnel.shared.json.InvalidRequestException;
import org.runnel.shared.protocol.CompletionRequest;
import org.runnel.shared.protocol.ProgressRequest;
import org.runnel.shared.protocol.RunningTask;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.task.TaskStatus;

/**
 * What happens to an attempt once it is handed over: the runner reports progress and its outcome,
 * or the manager decides the attempt is lost (its runner went silent, restarted, or no longer knows
 * it) and sends the task back to the queue, until {@code runnel.manager.max-attempts} lost attempts
 * fail it with the list of what happened.
 *
 * <p>Every message names its attempt: a report carrying an older {@code run_id} is answered 409 and
 * changes nothing, so a runner that comes back after its attempt was given to another cannot
 * overwrite the newer attempt's state. A decision of the manager's own (attempt lost) is fenced the
 * same way: it applies only if the attempt it was made about is still the current one.
 */
@ApplicationScoped
public class Attempts {

  private static final Logger LOG = Logger.getLogger(Attempts.class.getName());
  private static final List<String> OUTCOMES = List.of("completed", "failed", "timeout");

  @Inject TaskRegistry tasks;
  @Inject RunnerRegistry runners;
  @Inject Dispatcher dispatcher;
  @Inject ProgressBoard board;
  @Inject Event<TaskFinished> finished;

  @Inject
  @ConfigProperty(name = "runnel.manager.max-attempts")
  int maxAttempts;

  private record Outcome(Task task, boolean changed) {}

  /** A runner's report of an attempt's outcome ({@code POST /task/completion}). */
  public void complete(CompletionRequest c, String runnerToken) {
    new InvalidRequestException.Collector()
        .require("task_id", c.taskId())
        .require("status", c.status())
        .check(
            c.status() == null || c.status().isBlank() || OUTCOMES.contains(c.status()),
            "status",
            "Input should be 'completed', 'failed' or 'timeout'")
        .throwIfAny();
    TaskStatus reported = TaskStatus.fromWire(c.status());
    Outcome o =
        tasks.exclusively(
            () -> {
              Task t = current(c.taskId(), c.runId(), runnerToken);
              if (t.status().terminal()) {
                if (sameOutcome(t.status(), reported)) {
                  return new Outcome(t, false);
                }
                throw ApiError.of(409, "Task already finished with status " + t.status().wire());
              }
              if (t.status() != TaskStatus.RUNNING) {
                throw ApiError.of(409, "Task not running");
              }
              Task done = t.finished(reported, c.errorMessage(), c.scriptOutput(), Instant.now());
              return new Outcome(tasks.save(done), true);
            });
    if (o.changed()) {
      Task t = o.task();
      LOG.info(() -> "Task " + t.taskId() + " " + t.status().wire() + " on runner " + t.runnerId());
      runners.markAvailable(t.runnerId());
      announce(t, false);
    }
  }

  private static boolean sameOutcome(TaskStatus current, TaskStatus reported) {
    return current == reported
        || (current == TaskStatus.WARNING && reported == TaskStatus.COMPLETED);
  }

  /** A runner's progress report ({@code POST /task/progress}), kept in memory. */
  public void progress(ProgressRequest p, String runnerToken) {
    new InvalidRequestException.Collector()
        .require("task_id", p.taskId())
        .check(
            p.progress() == null || (p.progress() >= 0 && p.progress() <= 100),
            "progress",
            "Input should be between 0 and 100")
        .check(
            p.etaSeconds() == null || p.etaSeconds() >= 0,
            "eta_seconds",
            "Input should be greater than or equal to 0")
        .throwIfAny();
    Task t = current(p.taskId(), p.runId(), runnerToken);
    if (t.status() != TaskStatus.RUNNING) {
      throw ApiError.of(409, "Task not running");
    }
    board.record(
        t.taskId(),
        new Progress(t.runId(), p.progress(), p.etaSeconds(), p.logTail(), Instant.now()));
  }

  /**
   * The task a runner's message is about, once the message is known to come from its current
   * attempt: 404 for an unknown task, 409 for an older {@code run_id}, 403 when the token is not
   * the assigned runner's (the only check possible for esup-runner runners, which send no run_id).
   */
  private Task current(String taskId, String runId, String runnerToken) {
    Task t = tasks.require(taskId);
    if (runId != null && !runId.equals(t.runId())) {
      throw ApiError.of(409, "Stale attempt: run_id " + runId + " is not the current attempt");
    }
    Runner assigned = t.runnerId() == null ? null : runners.find(t.runnerId()).orElse(null);
    RunnerRegistry.requireOwnToken(
        assigned, runnerToken, "Token does not match the assigned runner");
    return t;
  }

  /**
   * The manager gives up on an attempt: re-queued with its reason recorded, or failed when it was
   * the last one allowed. Does nothing when {@code seen} is no longer the current attempt.
   *
   * @param reason e.g. {@code runner runner-1 lost (no heartbeat for 45 s)}
   */
  public void lost(Task seen, String reason) {
    Task t = ifCurrent(seen, current -> current.lost(reason, maxAttempts, Instant.now()));
    if (t == null) {
      return;
    }
    if (t.status() == TaskStatus.PENDING) {
      LOG.warning(() -> "Task " + t.taskId() + " re-queued: " + reason);
      dispatcher.trigger();
    } else {
      LOG.warning(() -> "Task " + t.taskId() + " failed: " + t.error());
      announce(t, true);
    }
  }

  /**
   * A known runner registered again. With the list of attempts it still runs ({@code
   * running_tasks}, Runnel runners), it merely lost contact (the manager restarted, or answered
   * while still deploying): the listed attempts stay as they are, and those handed to it before
   * this registration that it does not list are gone with its previous run, so they go back to the
   * queue at once. Without the list (esup-runner runners, which register again only at start or
   * when the manager forgot them), every earlier attempt counts as lost.
   *
   * @param running the attempts the runner lists, or null when it sends no list
   * @return how many attempts were kept
   */
  public int runnerRegistered(String runnerId, List<RunningTask> running, Instant registered) {
    int kept = 0;
    for (Task t : tasks.runningOn(runnerId)) {
      if (running != null && running.stream().anyMatch(r -> sameAttempt(r, t))) {
        kept++;
      } else if (t.started() != null && t.started().isBefore(registered)) {
        lost(
            t,
            "runner "
                + runnerId
                + (running == null ? " restarted" : " restarted without the attempt"));
      }
    }
    if (kept > 0) {
      int n = kept;
      LOG.info(
          () -> "Runner " + runnerId + " registered again, still running " + n + " attempt(s)");
    }
    return kept;
  }

  private static boolean sameAttempt(RunningTask listed, Task t) {
    return t.taskId().equals(listed.taskId())
        && (listed.runId() == null || listed.runId().equals(t.runId()));
  }

  /**
   * The runner says the attempt is over but its completion never arrived (it gave up sending it):
   * its answer is taken as the outcome, without script output.
   */
  public void finishedOnRunner(Task seen, TaskStatus outcome, String errorMessage) {
    Task t =
        ifCurrent(seen, current -> current.finished(outcome, errorMessage, null, Instant.now()));
    if (t != null) {
      LOG.warning(() -> "Task " + t.taskId() + " " + outcome.wire() + " (from runner status)");
      runners.markAvailable(t.runnerId());
      announce(t, false);
    }
  }

  /** Applies {@code change} if {@code seen} is still the running attempt; returns the result. */
  private Task ifCurrent(Task seen, UnaryOperator<Task> change) {
    return tasks.exclusively(
        () ->
            tasks
                .find(seen.taskId())
                .filter(
                    t ->
                        t.status() == TaskStatus.RUNNING && Objects.equals(t.runId(), seen.runId()))
                .map(t -> tasks.save(change.apply(t)))
                .orElse(null));
  }

  private void announce(Task t, boolean attemptsExhausted) {
    finished.fire(new TaskFinished(t, attemptsExhausted));
    dispatcher.trigger();
  }
}
