package org.runnel.shared.task;

import java.util.Locale;

/**
 * The task statuses of protocol 1.7. {@code warning} means the work finished but the client's
 * callback failed; a later successful result fetch turns it back into {@code completed}.
 */
public enum TaskStatus {
  PENDING,
  RUNNING,
  COMPLETED,
  FAILED,
  WARNING,
  TIMEOUT;

  /** The lower-case name used on the wire and on disk. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the task will not change again without an explicit restart. */
  public boolean terminal() {
    return this == COMPLETED || this == FAILED || this == WARNING || this == TIMEOUT;
  }

  /** Whether a runner may report this as the outcome of an attempt. */
  public boolean reportableByRunner() {
    return this == COMPLETED || this == FAILED || this == TIMEOUT;
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static TaskStatus fromWire(String value) {
    if (value != null) {
      for (TaskStatus s : values()) {
        if (s.wire().equals(value)) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown status '"
            + value
            + "': expected one of pending, running, completed, failed, warning, timeout");
  }
}
