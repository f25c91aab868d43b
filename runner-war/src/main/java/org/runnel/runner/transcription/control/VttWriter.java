package org.runnel.runner.transcription.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.runnel.runner.transcription.entity.Cue;
import org.runnel.runner.transcription.entity.Segment;

/**
 * Turns the model's segments into WebVTT subtitles a viewer can read: at most two lines of {@value
 * #LINE_CHARS} characters per cue (a long segment becomes several cues, its time shared in
 * proportion to the text), cues in order without overlap, inside the audio, and never shorter than
 * they can be read when the model gave a segment no length. No speech gives a file with the header
 * only, which is valid WebVTT.
 */
public final class VttWriter {

  static final int LINE_CHARS = 42;
  static final int CUE_LINES = 2;
  static final double MIN_CUE_SECONDS = 0.5;
  private static final double SECONDS_PER_CHAR = 0.06;

  private VttWriter() {}

  /**
   * @param duration the audio's length in seconds; segments starting after it are dropped
   */
  public static List<Cue> cues(List<Segment> segments, double duration) {
    List<Cue> cues = new ArrayList<>();
    double previousEnd = 0;
    for (Segment segment : segments) {
      String text = segment.text() == null ? "" : segment.text().strip().replaceAll("\\s+", " ");
      double start = Math.max(segment.start(), previousEnd);
      if (text.isEmpty() || start >= duration) {
        continue;
      }
      double end = segment.end();
      if (end - start < MIN_CUE_SECONDS) {
        end = start + Math.max(MIN_CUE_SECONDS, SECONDS_PER_CHAR * text.length());
      }
      end = Math.min(end, duration);
      List<String> blocks = blocks(lines(text));
      int chars = blocks.stream().mapToInt(String::length).sum();
      double at = start;
      int done = 0;
      for (String block : blocks) {
        done += block.length();
        double blockEnd = start + (end - start) * done / chars;
        cues.add(new Cue(at, blockEnd, block));
        at = blockEnd;
      }
      previousEnd = end;
    }
    return cues;
  }

  /** A WebVTT file of the cues. */
  public static String write(List<Cue> cues) {
    StringBuilder vtt = new StringBuilder("WEBVTT\n");
    for (Cue cue : cues) {
      vtt.append('\n')
          .append(timestamp(cue.start()))
          .append(" --> ")
          .append(timestamp(cue.end()))
          .append('\n')
          .append(escape(cue.text()))
          .append('\n');
    }
    return vtt.toString();
  }

  /** {@code HH:MM:SS.mmm}. */
  public static String timestamp(double seconds) {
    long millis = Math.round(Math.max(0, seconds) * 1000);
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d.%03d",
        millis / 3_600_000,
        millis / 60_000 % 60,
        millis / 1000 % 60,
        millis % 1000);
  }

  /** Words filled into lines of at most {@link #LINE_CHARS} (a longer word has its own line). */
  static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > LINE_CHARS) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  /** Lines grouped {@link #CUE_LINES} by {@link #CUE_LINES}, joined by a line break. */
  private static List<String> blocks(List<String> lines) {
    List<String> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i += CUE_LINES) {
      blocks.add(String.join("\n", lines.subList(i, Math.min(lines.size(), i + CUE_LINES))));
    }
    return blocks;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
