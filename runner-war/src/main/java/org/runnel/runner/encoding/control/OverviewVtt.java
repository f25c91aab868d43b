package org.runnel.runner.encoding.control;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The WebVTT file that tells a player which part of {@code overview.png} (one row of equal images)
 * shows which stretch of the video, in the form Pod's player reads: one cue per image, {@code
 * overview.png#xywh=x,0,w,h}.
 */
public final class OverviewVtt {

  private static final DateTimeFormatter CUE_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private OverviewVtt() {}

  public static String of(double duration, int images, int width, int height) {
    StringBuilder vtt = new StringBuilder("WEBVTT\n\n");
    for (int i = 0; i < images; i++) {
      vtt.append(time(duration * i / images))
          .append(" --> ")
          .append(time(duration * (i + 1) / images))
          .append('\n')
          .append(
              String.format(Locale.ROOT, "overview.png#xywh=%d,0,%d,%d", width * i, width, height))
          .append("\n\n");
    }
    return vtt.toString();
  }

  static String time(double seconds) {
    long nanos = Math.round(seconds * 1000) * 1_000_000L;
    return LocalTime.ofNanoOfDay(nanos % NANOS_PER_DAY).format(CUE_TIME);
  }
}
