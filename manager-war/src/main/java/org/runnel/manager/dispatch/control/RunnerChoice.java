package org.runnel.manager.dispatch.control;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.runnel.manager.runners.entity.Runner;

/**
 * Free slots of the runners during one dispatch pass, and the choice of a runner for a task: one
 * that serves the task type and has a free slot (its capacity minus the attempts the manager has
 * running on it), preferring the one with most free slots so that load spreads, then the lowest id
 * so that the choice is reproducible. Each choice takes the slot, so one pass never books a slot
 * twice.
 */
public final class RunnerChoice {

  private final List<Runner> runners;
  private final Map<String, Integer> free = new HashMap<>();

  /**
   * @param available runners that may take work now
   * @param running number of attempts running on each runner, by runner id
   */
  public RunnerChoice(List<Runner> available, Map<String, Long> running) {
    this.runners = available.stream().sorted(Comparator.comparing(Runner::id)).toList();
    for (Runner r : runners) {
      free.put(r.id(), (int) Math.max(0, r.capacity() - running.getOrDefault(r.id(), 0L)));
    }
  }

  /** Books a slot for a task of {@code taskType}, if any runner has one. */
  public Optional<Runner> take(String taskType) {
    Runner best = null;
    for (Runner r : runners) {
      if (r.serves(taskType)
          && free.get(r.id()) > 0
          && (best == null || free.get(r.id()) > free.get(best.id()))) {
        best = r;
      }
    }
    if (best != null) {
      free.merge(best.id(), -1, Integer::sum);
    }
    return Optional.ofNullable(best);
  }

  /** The task types some runner with a free slot serves. */
  public Set<String> servedTypes() {
    Set<String> types = new HashSet<>();
    runners.stream().filter(r -> free.get(r.id()) > 0).forEach(r -> types.addAll(r.taskTypes()));
    return types;
  }

  /** Whether no slot is left for any task type. */
  public boolean full() {
    return free.values().stream().allMatch(n -> n <= 0);
  }
}
