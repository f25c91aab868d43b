package org.runnel.manager.admin.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.runnel.manager.admin.entity.Attention;
import org.runnel.manager.runners.control.RunnerRegistry;
import org.runnel.manager.tasks.entity.CallbackStatus;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.task.TaskStatus;

/**
 * Decides what the dashboard's "needs attention" list shows: offline runners; tasks that ended
 * failed, timeout or warning within {@code recent}; callbacks that failed or are uncertain (an
 * administrator must decide whether to resend); running tasks with no progress for {@code stalled}
 * (counted from their last progress report, else from their hand-over).
 */
public final class AttentionRules {

  private final Duration recent;
  private final Duration stalled;

  public AttentionRules(Duration recent, Duration stalled) {
    this.recent = recent;
    this.stalled = stalled;
  }

  /**
   * @param lastSign when a running task last showed life (its last progress report, or its start)
   */
  public List<Attention> of(
      List<RunnerRegistry.Presence> runners,
      List<Task> tasks,
      Function<Task, Instant> lastSign,
      Instant now) {
    List<Attention> out = new ArrayList<>();
    for (RunnerRegistry.Presence p : runners) {
      if (!p.online()) {
        out.add(
            new Attention(
                "runner offline",
                p.runner().id(),
                "no heartbeat for " + Math.round(p.ageSeconds(now)) + " s",
                null));
      }
    }
    Instant since = now.minus(recent);
    tasks.stream()
        .sorted(Comparator.comparing(Task::updatedAt).reversed())
        .forEach(t -> task(t, lastSign, since, now).ifPresent(out::add));
    return out;
  }

  private Optional<Attention> task(
      Task t, Function<Task, Instant> lastSign, Instant since, Instant now) {
    TaskStatus s = t.status();
    if (s == TaskStatus.RUNNING) {
      Instant sign = lastSign.apply(t);
      if (sign != null && sign.plus(stalled).isBefore(now)) {
        long minutes = Duration.between(sign, now).toMinutes();
        return found(
            "no progress", t, "running on " + t.runnerId() + ", silent " + minutes + " min");
      }
      return Optional.empty();
    }
    CallbackStatus cb = t.callbackStatus();
    if (cb == CallbackStatus.FAILED || cb == CallbackStatus.UNCERTAIN) {
      return found("callback " + cb.wire(), t, t.callbackError());
    }
    boolean bad = s == TaskStatus.FAILED || s == TaskStatus.TIMEOUT || s == TaskStatus.WARNING;
    if (bad && t.ended() != null && t.ended().isAfter(since)) {
      return found("task " + s.wire(), t, t.error());
    }
    return Optional.empty();
  }

  private static Optional<Attention> found(String kind, Task t, String detail) {
    return Optional.of(new Attention(kind, t.taskId(), detail == null ? "" : detail, t.taskId()));
  }
}
