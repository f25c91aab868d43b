package org.runnel.runner.transcription.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the audio holds sound loud enough to be speech, by frame energy against the recording's own
 * levels: a frame is voiced when it is above both −50 dBFS and the lower of (quiet level + 10 dB,
 * loud level − 20 dB). Voiced runs closer than 0.3 s are joined and runs shorter than 0.2 s
 * dropped. It tells silence and music-free speech apart well enough to judge whether subtitles
 * cover what was said; it is no speech detector for noisy recordings, which is why the quality
 * gates built on it default to flagging rather than failing.
 */
public final class SpeechActivity {

  static final int FRAME_SAMPLES = 480; // 30 ms at 16 kHz
  private static final double FRAME_SECONDS = FRAME_SAMPLES / (double) LogMel.SAMPLE_RATE;
  private static final double ABSOLUTE_FLOOR_DB = -50;
  private static final double JOIN_SECONDS = 0.3;
  private static final double MIN_RUN_SECONDS = 0.2;

  /** A stretch of speech, in seconds. */
  public record Interval(double start, double end) {
    public double length() {
      return end - start;
    }
  }

  private SpeechActivity() {}

  /** The voiced stretches of 16 kHz mono {@code samples}, in order. */
  public static List<Interval> detect(float[] samples) {
    int frames = samples.length / FRAME_SAMPLES;
    if (frames == 0) {
      return List.of();
    }
    double[] db = new double[frames];
    for (int f = 0; f < frames; f++) {
      double sum = 0;
      for (int i = f * FRAME_SAMPLES; i < (f + 1) * FRAME_SAMPLES; i++) {
        sum += samples[i] * samples[i];
      }
      db[f] = 10 * Math.log10(Math.max(sum / FRAME_SAMPLES, 1e-10));
    }
    double[] sorted = db.clone();
    Arrays.sort(sorted);
    double quiet = sorted[(int) (0.10 * (frames - 1))];
    double loud = sorted[(int) (0.95 * (frames - 1))];
    double threshold = Math.max(ABSOLUTE_FLOOR_DB, Math.min(quiet + 10, loud - 20));
    List<Interval> runs = new ArrayList<>();
    int f = 0;
    while (f < frames) {
      if (db[f] <= threshold) {
        f++;
        continue;
      }
      int start = f;
      while (f < frames && db[f] > threshold) {
        f++;
      }
      double from = start * FRAME_SECONDS;
      double to = f * FRAME_SECONDS;
      Interval last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && from - last.end() < JOIN_SECONDS) {
        runs.set(runs.size() - 1, new Interval(last.start(), to));
      } else {
        runs.add(new Interval(from, to));
      }
    }
    runs.removeIf(run -> run.length() < MIN_RUN_SECONDS);
    return runs;
  }

  public static double total(List<Interval> speech) {
    return speech.stream().mapToDouble(Interval::length).sum();
  }
}
