package org.runnel.runner.manager.control;

import java.time.Duration;

/** Delays between retries towards the manager: doubling from a first delay up to a ceiling. */
public final class Backoff {

  private Backoff() {}

  /** The delay after {@code previous} (zero before the first retry). */
  public static Duration next(Duration previous, Duration first, Duration max) {
    if (previous.isZero() || previous.isNegative()) {
      return first;
    }
    Duration doubled = previous.multipliedBy(2);
    return doubled.compareTo(max) > 0 ? max : doubled;
  }
}
