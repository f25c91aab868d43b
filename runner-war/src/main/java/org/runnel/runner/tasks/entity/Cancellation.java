package org.runnel.runner.tasks.entity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A request to stop one attempt, and how to honour it at once: the step now running (a download, an
 * ffmpeg process) registers the action that aborts it, and a stop request runs that action instead
 * of waiting for the step to notice. The reason tells the runner what to report: a user's stop is
 * reported as failed, an undeploy is not reported at all (the next start does it).
 *
 * <p>It also knows the process groups the attempt runs now, and tells a listener whenever they
 * change, so that the task record names them: a runner that crashed kills them at its next start.
 */
public final class Cancellation {

  /** Why the attempt stops. */
  public enum Reason {
    USER,
    SHUTDOWN
  }

  /** The error message the protocol uses for a task stopped by a user. */
  public static final String CANCELLED_BY_USER = "Cancelled by user.";

  private Reason reason;
  private Runnable abort;
  private final List<ProcessGroup> groups = new ArrayList<>();
  private Consumer<List<ProcessGroup>> groupsListener;

  /** Who is told the attempt's process groups each time they change (null: nobody). */
  public synchronized void onGroupsChanged(Consumer<List<ProcessGroup>> listener) {
    groupsListener = listener;
  }

  /** A process group of the attempt started. */
  public void groupStarted(ProcessGroup group) {
    changeGroups(() -> groups.add(group));
  }

  /** A process group of the attempt ended (its leader exited and the group was killed). */
  public void groupEnded(ProcessGroup group) {
    changeGroups(() -> groups.remove(group));
  }

  private void changeGroups(Runnable change) {
    List<ProcessGroup> now;
    Consumer<List<ProcessGroup>> listener;
    synchronized (this) {
      change.run();
      now = List.copyOf(groups);
      listener = groupsListener;
    }
    if (listener != null) {
      listener.accept(now);
    }
  }

  /** Asks the attempt to stop; the first reason given wins. */
  public void request(Reason why) {
    Runnable action;
    synchronized (this) {
      if (reason == null) {
        reason = why;
      }
      action = abort;
    }
    if (action != null) {
      action.run();
    }
  }

  public synchronized boolean requested() {
    return reason != null;
  }

  public synchronized Reason reason() {
    return reason;
  }

  /**
   * Sets how to abort the step now running (null when none runs); runs it at once when a stop was
   * already requested.
   */
  public void onRequest(Runnable action) {
    boolean now;
    synchronized (this) {
      abort = action;
      now = reason != null;
    }
    if (now && action != null) {
      action.run();
    }
  }

  /**
   * @throws TaskFailure when a stop was requested
   */
  public void throwIfRequested() throws TaskFailure {
    if (requested()) {
      throw TaskFailure.failed(CANCELLED_BY_USER);
    }
  }
}
