package org.runnel.manager.tasks.entity;

import java.util.Locale;

/**
 * Where the client's completion callback stands. {@code uncertain} means the call may have reached
 * the client (it timed out while the client was working), so it is never resent automatically.
 */
public enum CallbackStatus {
  /** The task has no notify_url, or has not finished. */
  NONE,
  /** Finished; the callback is being delivered. */
  PENDING,
  DELIVERED,
  /** The client surely did not process it (refused, or an error answer after the last try). */
  FAILED,
  UNCERTAIN;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CallbackStatus fromWire(String value) {
    return value == null ? NONE : valueOf(value.toUpperCase(Locale.ROOT));
  }
}
