package org.runnel.manager.dispatch.control;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import org.runnel.manager.dispatch.entity.Position;
import org.runnel.manager.tasks.entity.Task;

/**
 * Estimates how long pending tasks wait: the k-th pending task of a type, with {@code C} slots
 * online for that type and an average run time {@code D}, waits about {@code ceil(k / C) × D}. It
 * assumes the running attempts have just started, so it errs on the long side; the runner's own
 * estimate takes over once the task runs.
 */
public final class QueueEstimate {

  private final ToIntFunction<String> slots;
  private final ToDoubleFunction<String> averageSeconds;

  /**
   * @param slots online capacity serving a task type
   * @param averageSeconds average run time of a task type
   */
  public QueueEstimate(ToIntFunction<String> slots, ToDoubleFunction<String> averageSeconds) {
    this.slots = slots;
    this.averageSeconds = averageSeconds;
  }

  /** Estimated wait of the {@code k}-th (1-based) pending task of a type; null if no slot. */
  public Long waitSeconds(String taskType, long k) {
    int c = slots.applyAsInt(taskType);
    if (c <= 0) {
      return null;
    }
    return (long) Math.ceil((double) k / c) * Math.round(averageSeconds.applyAsDouble(taskType));
  }

  /** Positions of the tasks of an ordered queue, by task id. */
  public Map<String, Position> positions(List<Task> ordered) {
    Map<String, Position> out = new LinkedHashMap<>();
    Map<String, Long> perType = new HashMap<>();
    int rank = 0;
    for (Task t : ordered) {
      long k = perType.merge(t.taskType(), 1L, Long::sum);
      out.put(t.taskId(), new Position(++rank, ordered.size(), waitSeconds(t.taskType(), k)));
    }
    return out;
  }
}
