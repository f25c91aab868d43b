package org.runnel.runner.transcription.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.runnel.runner.transcription.control.SpeechActivity.Interval;
import org.runnel.runner.transcription.entity.Cue;
import org.runnel.runner.transcription.entity.QualityReport;

/**
 * Tells a truncated or holed transcript from a complete one: it measures the share of the speech
 * heard in the audio that falls inside a subtitle, and the longest stretch of speech with no
 * subtitle (between two cues, before the first or after the last: a model that stopped early leaves
 * a long one at the end). Below {@code minCoverage} or above {@code maxGapSeconds} the report names
 * the problem; the task then fails or flags it according to the mode.
 */
public final class QualityGate {

  /** What a failed gate does to the task. */
  public enum Mode {
    OFF,
    FLAG,
    FAIL
  }

  /** The thresholds and the mode. */
  public record Limits(double minCoverage, double maxGapSeconds, Mode mode) {}

  /** Less speech than this is no basis for judging. */
  static final double MIN_SPEECH_SECONDS = 2;

  private QualityGate() {}

  public static QualityReport check(List<Interval> speech, List<Cue> cues, Limits limits) {
    double spoken = SpeechActivity.total(speech);
    if (spoken < MIN_SPEECH_SECONDS) {
      return new QualityReport(spoken, 1, 0, null);
    }
    double covered = 0;
    for (Interval s : speech) {
      for (Cue c : cues) {
        covered += Math.max(0, Math.min(s.end(), c.end()) - Math.max(s.start(), c.start()));
      }
    }
    double coverage = Math.min(1, covered / spoken);
    Interval gap = longestGap(speech, cues);
    double gapSeconds = gap == null ? 0 : gap.length();
    String problem = null;
    if (limits.mode() != Mode.OFF) {
      if (coverage < limits.minCoverage()) {
        problem =
            String.format(
                Locale.ROOT,
                "the subtitles cover %.0f %% of the speech (at least %.0f %% expected)",
                100 * coverage,
                100 * limits.minCoverage());
      } else if (gapSeconds > limits.maxGapSeconds()) {
        problem =
            String.format(
                Locale.ROOT,
                "%.0f s of speech from %s have no subtitles (at most %.0f s allowed)",
                gapSeconds,
                VttWriter.timestamp(gap.start()),
                limits.maxGapSeconds());
      }
    }
    return new QualityReport(spoken, coverage, gapSeconds, problem);
  }

  /**
   * The longest span from the first to the last speech inside one stretch without subtitles; {@code
   * null} when all speech is covered.
   */
  static Interval longestGap(List<Interval> speech, List<Cue> cues) {
    List<Interval> free = new ArrayList<>();
    double from = 0;
    for (Cue c : cues) {
      if (c.start() > from) {
        free.add(new Interval(from, c.start()));
      }
      from = Math.max(from, c.end());
    }
    free.add(new Interval(from, Double.MAX_VALUE));
    Interval longest = null;
    for (Interval hole : free) {
      double first = Double.NaN;
      double last = Double.NaN;
      for (Interval s : speech) {
        double start = Math.max(s.start(), hole.start());
        double end = Math.min(s.end(), hole.end());
        if (end > start) {
          first = Double.isNaN(first) ? start : first;
          last = end;
        }
      }
      if (!Double.isNaN(first) && (longest == null || last - first > longest.length())) {
        longest = new Interval(first, last);
      }
    }
    return longest;
  }
}
