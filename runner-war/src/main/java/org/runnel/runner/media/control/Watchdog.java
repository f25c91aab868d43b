package org.runnel.runner.media.control;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A time limit on one step: when it expires it runs the step's abort action (close a stream, kill
 * ffmpeg) and remembers that it did, so the step can report a timeout rather than an error.
 */
public final class Watchdog implements AutoCloseable {

  private final ScheduledFuture<?> timer;
  private volatile boolean expired;

  private Watchdog(ScheduledExecutorService scheduler, Duration limit, Runnable abort) {
    this.timer =
        scheduler.schedule(
            () -> {
              expired = true;
              abort.run();
            },
            limit.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  public static Watchdog start(ScheduledExecutorService scheduler, Duration limit, Runnable abort) {
    return new Watchdog(scheduler, limit, abort);
  }

  public boolean expired() {
    return expired;
  }

  @Override
  public void close() {
    timer.cancel(false);
  }
}
