package org.runnel.runner.transcription.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.runnel.runner.transcription.entity.Segment;

/**
 * Joins the segments of two overlapping chunks of audio so that the words spoken in the overlap
 * come out once. The seam is the middle of the overlap, where both chunks had context on each side:
 * the first chunk keeps the segments centred before it, the second those that end after the last
 * kept one and are centred after its start. Where the two decodings cut their segments differently,
 * the words that the second chunk repeats from the end of the first (two words or more, or one when
 * the segments overlap in time) are dropped from the second.
 */
final class SeamStitcher {

  private static final int MAX_REPEATED_WORDS = 12;

  private SeamStitcher() {}

  /**
   * @param first the segments so far (times from the start of the audio)
   * @param second the next chunk's segments (times from the start of the audio)
   * @param overlapStart where the next chunk starts
   * @param overlapEnd where the previous chunk ends
   */
  static List<Segment> stitch(
      List<Segment> first, List<Segment> second, double overlapStart, double overlapEnd) {
    double seam = (overlapStart + overlapEnd) / 2;
    List<Segment> joined = new ArrayList<>();
    for (Segment s : first) {
      if (middle(s) < seam) {
        joined.add(s);
      }
    }
    double lastEnd = joined.isEmpty() ? overlapStart : joined.get(joined.size() - 1).end();
    boolean atSeam = true;
    for (Segment s : second) {
      if (s.end() <= lastEnd || middle(s) < Math.min(seam, lastEnd)) {
        continue;
      }
      Segment kept =
          atSeam && !joined.isEmpty() ? withoutRepeat(joined.get(joined.size() - 1), s) : s;
      if (kept == null) {
        continue; // wholly repeated: the next segment is compared too
      }
      atSeam = false;
      joined.add(kept);
    }
    return joined;
  }

  /**
   * {@code next} without the words that repeat the end of {@code previous}, starting no earlier
   * than it ends; {@code null} when nothing is left.
   */
  static Segment withoutRepeat(Segment previous, Segment next) {
    String[] before = previous.text().strip().split("\\s+");
    String[] after = next.text().strip().split("\\s+");
    int minimum = next.start() < previous.end() ? 1 : 2;
    int repeated = 0;
    for (int k = Math.min(MAX_REPEATED_WORDS, Math.min(before.length, after.length));
        k >= minimum;
        k--) {
      if (sameWords(before, before.length - k, after, 0, k)) {
        repeated = k;
        break;
      }
    }
    double start = Math.max(next.start(), previous.end());
    if (repeated == 0) {
      return start == next.start()
          ? next
          : new Segment(start, Math.max(start, next.end()), next.text(), next.tokens());
    }
    if (repeated == after.length) {
      return null;
    }
    String text = " " + String.join(" ", List.of(after).subList(repeated, after.length));
    return new Segment(start, Math.max(start, next.end()), text, next.tokens());
  }

  private static boolean sameWords(String[] a, int from, String[] b, int bFrom, int count) {
    for (int i = 0; i < count; i++) {
      if (!plain(a[from + i]).equals(plain(b[bFrom + i]))) {
        return false;
      }
    }
    return true;
  }

  private static String plain(String word) {
    return word.toLowerCase(Locale.ROOT).replaceAll("[\\p{P}\\p{S}]", "");
  }

  private static double middle(Segment s) {
    return (s.start() + s.end()) / 2;
  }
}
