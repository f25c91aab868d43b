package org.runnel.shared.task;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The only place that says which status may follow which. Every status change of a task, on the
 * manager and on the runner, goes through {@link #transition}; an illegal change is rejected with
 * an exception, never patched over.
 *
 * <pre>
 * pending  → running (handed to a runner) | failed (cancelled or rejected before start)
 * running  → completed | failed | timeout (outcome) | pending (attempt lost, re-queued)
 * completed → warning (callback failed)
 * warning  → completed (client fetched the result)
 * failed, timeout, warning, completed → pending (restart by an administrator)
 * </pre>
 */
public final class TaskStateMachine {

  private static final Map<TaskStatus, Set<TaskStatus>> ALLOWED = new EnumMap<>(TaskStatus.class);

  static {
    ALLOWED.put(TaskStatus.PENDING, EnumSet.of(TaskStatus.RUNNING, TaskStatus.FAILED));
    ALLOWED.put(
        TaskStatus.RUNNING,
        EnumSet.of(
            TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.TIMEOUT, TaskStatus.PENDING));
    ALLOWED.put(TaskStatus.COMPLETED, EnumSet.of(TaskStatus.WARNING, TaskStatus.PENDING));
    ALLOWED.put(TaskStatus.WARNING, EnumSet.of(TaskStatus.COMPLETED, TaskStatus.PENDING));
    ALLOWED.put(TaskStatus.FAILED, EnumSet.of(TaskStatus.PENDING));
    ALLOWED.put(TaskStatus.TIMEOUT, EnumSet.of(TaskStatus.PENDING));
  }

  private TaskStateMachine() {}

  /** Whether {@code from → to} is a legal change. */
  public static boolean allowed(TaskStatus from, TaskStatus to) {
    return ALLOWED.getOrDefault(from, Set.of()).contains(to);
  }

  /**
   * Checks a change and returns the new status.
   *
   * @throws IllegalTransitionException when the change is not legal
   */
  public static TaskStatus transition(TaskStatus from, TaskStatus to) {
    if (!allowed(from, to)) {
      throw new IllegalTransitionException(from, to);
    }
    return to;
  }

  /** A status change that the state machine forbids. */
  public static final class IllegalTransitionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public IllegalTransitionException(TaskStatus from, TaskStatus to) {
      super("Illegal task status change: " + from.wire() + " -> " + to.wire());
    }
  }
}
