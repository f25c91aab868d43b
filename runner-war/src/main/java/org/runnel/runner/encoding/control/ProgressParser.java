package org.runnel.runner.encoding.control;

import java.util.function.Consumer;

/**
 * Reads ffmpeg's {@code -progress pipe:1} output (blocks of {@code key=value} lines ending with
 * {@code progress=continue|end}) and turns the time position into a percentage of the expected
 * duration and an estimate of the seconds left, reported once per block. The percentage stays below
 * 100 until ffmpeg says {@code progress=end}: the outputs still have to be checked.
 */
public final class ProgressParser implements Consumer<String> {

  /** A progress report: 0–99 while running, and seconds left (null until it can be estimated). */
  public record Report(int percent, Long etaSeconds) {}

  private final double totalSeconds;
  private final Consumer<Report> listener;
  private final long started;
  private double position;

  public ProgressParser(double totalSeconds, Consumer<Report> listener) {
    this(totalSeconds, listener, System.nanoTime());
  }

  ProgressParser(double totalSeconds, Consumer<Report> listener, long startedNanos) {
    this.totalSeconds = totalSeconds;
    this.listener = listener;
    this.started = startedNanos;
  }

  @Override
  public void accept(String line) {
    accept(line, System.nanoTime());
  }

  void accept(String line, long nowNanos) {
    int eq = line.indexOf('=');
    if (eq < 0) {
      return;
    }
    String key = line.substring(0, eq).trim();
    String value = line.substring(eq + 1).trim();
    if ("out_time_us".equals(key) || "out_time_ms".equals(key)) {
      try {
        position = Math.max(position, Long.parseLong(value) / 1e6);
      } catch (NumberFormatException e) {
        // N/A before the first frame
      }
    } else if ("progress".equals(key)) {
      listener.accept(report(nowNanos));
    }
  }

  private Report report(long nowNanos) {
    if (totalSeconds <= 0) {
      return new Report(0, null);
    }
    double done = Math.min(1, position / totalSeconds);
    int percent = (int) Math.min(99, Math.floor(done * 100));
    double elapsed = (nowNanos - started) / 1e9;
    Long eta = done > 0.01 ? Math.round(elapsed * (1 - done) / done) : null;
    return new Report(percent, eta);
  }
}
