package org.runnel.runner.transcription.control;

import java.util.ArrayList;
import java.util.List;

/**
 * Stops Whisper's best known failure, a phrase repeated until the token budget runs out ("Thank
 * you. Thank you. Thank you..."), most often over music or silence. Only text tokens count, so that
 * a loop is seen even when the model keeps putting new timestamps between the repeats.
 */
final class RepetitionGuard {

  private final int endOfText;
  private final int maxRepeats;
  private final int maxPeriod;

  /**
   * @param endOfText id of {@code <|endoftext|>}: tokens below it are text
   * @param maxRepeats the most times a run may follow itself; 0 disables the guard
   * @param maxPeriod the longest run, in text tokens, that is looked for
   */
  RepetitionGuard(int endOfText, int maxRepeats, int maxPeriod) {
    this.endOfText = endOfText;
    this.maxRepeats = maxRepeats;
    this.maxPeriod = maxPeriod;
  }

  /**
   * Where to cut the {@code count} tokens of {@code sampled} when they end with a run of text
   * tokens that follows itself more than {@code maxRepeats} times: the index of the first repeat,
   * so that one occurrence is kept. {@code -1} when there is no such loop.
   */
  int cut(int[] sampled, int count) {
    if (maxRepeats == 0 || count == 0 || sampled[count - 1] >= endOfText) {
      return -1;
    }
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (sampled[i] < endOfText) {
        positions.add(i);
      }
    }
    int texts = positions.size();
    for (int period = 1; period <= maxPeriod && (maxRepeats + 1) * period <= texts; period++) {
      boolean loop = true;
      for (int j = texts - maxRepeats * period; j < texts && loop; j++) {
        loop = sampled[positions.get(j)] == sampled[positions.get(j - period)];
      }
      if (loop) {
        return positions.get(texts - maxRepeats * period);
      }
    }
    return -1;
  }
}
