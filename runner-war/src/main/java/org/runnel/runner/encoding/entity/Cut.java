package org.runnel.runner.encoding.entity;

import java.util.Map;

/**
 * The {@code cut} parameter: keep the source from {@code start} to {@code end} (HH:MM:SS with
 * optional fractions, as Pod sends them, or seconds); an {@code end} beyond {@code
 * initial_duration} (the length Pod measured) stops there. A cut whose end is not after its start
 * keeps everything.
 */
public record Cut(double startSeconds, double endSeconds) {

  public static final Cut NONE = new Cut(0, 0);

  /**
   * @throws IllegalArgumentException when a time cannot be read
   */
  public static Cut of(Map<String, ?> fields) {
    if (fields == null) {
      return NONE;
    }
    double end = seconds(fields.get("end"));
    double initial = seconds(fields.get("initial_duration"));
    if (initial > 0 && end > initial) {
      // Pod's end may run past the video it measured: cut at the end of the video
      end = initial;
    }
    return new Cut(seconds(fields.get("start")), end);
  }

  public boolean active() {
    return endSeconds > startSeconds && (startSeconds > 0 || endSeconds > 0);
  }

  public double lengthSeconds() {
    return endSeconds - startSeconds;
  }

  /** Seconds in {@code HH:MM:SS(.mmm)}, {@code MM:SS} or plain seconds. */
  public static double seconds(Object value) {
    if (value == null || value.toString().isBlank()) {
      return 0;
    }
    String[] parts = value.toString().trim().split(":");
    if (parts.length > 3) {
      throw new IllegalArgumentException("invalid time " + value);
    }
    double total = 0;
    try {
      for (String part : parts) {
        total = total * 60 + Double.parseDouble(part);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid time " + value);
    }
    return total;
  }
}
