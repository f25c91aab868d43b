package org.runnel.manager.dispatch.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.task.TaskStatus;

/**
 * Compares what the manager believes runs on a runner with what the runner says: the {@code
 * running_tasks} of its heartbeat, and its answer to {@code GET /task/status/{id}} for the attempts
 * its heartbeat leaves out. A runner answers {@code not_found} for an attempt it lost (it restarted
 * from a wiped folder, or never got the hand-over); it names another {@code run_id} when it works
 * on an attempt the manager gave up on. Young attempts are left alone for a grace period, because a
 * heartbeat may have been sent just before the hand-over arrived.
 */
public final class Reconciliation {

  private Reconciliation() {}

  /** What the runner's answer means for the manager's attempt. */
  public enum Verdict {
    /** Running (or about to) there: nothing to do. */
    KEEP,
    /** The runner does not know the attempt: it is lost. */
    LOST,
    /** The runner finished the attempt; its completion has not arrived (yet). */
    FINISHED
  }

  /**
   * The attempts to ask the runner about: those its heartbeat does not list (all of them when it
   * sends no list, like esup-runner runners) and that were handed over more than {@code grace} ago.
   */
  public static List<Task> toCheck(
      List<Task> mine, List<String> listed, Instant now, Duration grace) {
    return mine.stream()
        .filter(t -> listed == null || !listed.contains(t.taskId()))
        .filter(t -> t.started() == null || t.started().plus(grace).isBefore(now))
        .toList();
  }

  /** Reads the runner's {@code /task/status/{id}} answer about the manager's attempt {@code t}. */
  public static Verdict judge(Task t, Map<?, ?> answer) {
    String status = String.valueOf(answer.get("status"));
    Object runId = answer.get("run_id");
    if ("not_found".equals(status)
        || (runId != null && t.runId() != null && !t.runId().equals(runId))) {
      return Verdict.LOST;
    }
    return outcome(answer).isPresent() ? Verdict.FINISHED : Verdict.KEEP;
  }

  /** The outcome a runner's status answer reports, if it reports one. */
  public static Optional<TaskStatus> outcome(Map<?, ?> answer) {
    try {
      TaskStatus s = TaskStatus.fromWire(String.valueOf(answer.get("status")));
      return s.reportableByRunner() ? Optional.of(s) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Task ids the runner works on although the manager no longer gives it that attempt (re-queued
   * after the runner went silent, handed to another runner, deleted): the runner should stop them.
   * A task the manager saw finish on this very runner is not one: its heartbeat was just older than
   * its completion.
   */
  public static List<String> orphans(
      List<String> listed, String runnerId, Function<String, Optional<Task>> lookup) {
    if (listed == null) {
      return List.of();
    }
    return listed.stream()
        .filter(id -> lookup.apply(id).map(t -> !runnerId.equals(t.runnerId())).orElse(true))
        .toList();
  }
}
