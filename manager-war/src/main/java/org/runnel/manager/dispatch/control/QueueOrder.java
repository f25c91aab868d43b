package org.runnel.manager.dispatch.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.runnel.manager.tasks.entity.Task;

/**
 * The order in which pending tasks get runners: priority class first (priority-domain tasks before
 * the others), then fairness between establishments, then age.
 *
 * <p>Fairness is round-robin: an establishment's oldest pending task is in round {@code r} where
 * {@code r} is the number of its tasks already running, its next one in round {@code r + 1}, and so
 * on; lower rounds go first. An establishment that submits a hundred videos at once thus takes
 * turns with one that submits a single video, instead of holding every runner for hours.
 *
 * <p>Aging keeps the lower class from starving: each {@code aging} period a task waits moves it up
 * one class, so after one period an other-domain task competes with priority tasks on fairness and
 * age alone.
 */
public final class QueueOrder {

  private final DomainPolicy domains;
  private final Duration aging;

  public QueueOrder(DomainPolicy domains, Duration aging) {
    this.domains = domains;
    this.aging = aging;
  }

  private record Ranked(Task task, int priorityClass, int round) {}

  /**
   * Orders pending tasks.
   *
   * @param pending the tasks waiting for a runner
   * @param runningByEtab attempts running now, by etab_name
   */
  public List<Task> order(Collection<Task> pending, Map<String, Long> runningByEtab, Instant now) {
    List<Task> byAge = new ArrayList<>(pending);
    byAge.sort(Comparator.comparing(Task::created).thenComparing(Task::taskId));
    Map<String, Integer> rounds = new HashMap<>();
    List<Ranked> ranked = new ArrayList<>(byAge.size());
    for (Task t : byAge) {
      int cls = priorityClass(t, now);
      String etab = etab(t);
      int round =
          rounds.merge(
              cls + "\u0000" + etab,
              runningByEtab.getOrDefault(etab, 0L).intValue(),
              (a, b) -> a + 1);
      ranked.add(new Ranked(t, cls, round));
    }
    ranked.sort(
        Comparator.comparingInt(Ranked::priorityClass)
            .thenComparingInt(Ranked::round)
            .thenComparing(r -> r.task().created())
            .thenComparing(r -> r.task().taskId()));
    return ranked.stream().map(Ranked::task).toList();
  }

  /** 0 for priority tasks, 1 for the others, less one per aging period waited (never below 0). */
  int priorityClass(Task t, Instant now) {
    int base = domains.priority(t.notifyUrl()) ? 0 : 1;
    if (base == 0 || aging.isZero() || aging.isNegative()) {
      return base;
    }
    long waited = Duration.between(t.created(), now).toMillis();
    return (int) Math.max(0, base - waited / aging.toMillis());
  }

  /** The fairness key of a task. */
  public static String etab(Task t) {
    return Objects.requireNonNullElse(t.etabName(), "");
  }
}
