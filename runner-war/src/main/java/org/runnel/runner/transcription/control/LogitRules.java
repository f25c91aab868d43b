package org.runnel.runner.transcription.control;

import java.util.Arrays;

/**
 * The constraints Whisper's decoding puts on each next token, as transformers applies them (and in
 * its order) so that greedy decoding picks the same tokens: tokens suppressed at the first step (a
 * blank, {@code <|endoftext|>}), tokens always suppressed, and with timestamps the timestamp rules:
 * the first token is a timestamp no later than {@code maxInitialTimestamp} steps, timestamps come
 * in pairs and never go back, and a timestamp is forced when all timestamps together are likelier
 * than the best text token.
 */
final class LogitRules {

  private final SpecialTokens tokens;
  private final int[] suppress;
  private final int[] beginSuppress;
  private final int maxInitialTimestamp;

  /**
   * @param maxInitialTimestamp index of the latest first timestamp (50: 1 s), negative for none
   */
  LogitRules(SpecialTokens tokens, int[] suppress, int[] beginSuppress, int maxInitialTimestamp) {
    this.tokens = tokens;
    this.suppress = suppress.clone();
    this.beginSuppress = beginSuppress.clone();
    this.maxInitialTimestamp = maxInitialTimestamp;
  }

  /**
   * Sets to minus infinity the {@code logits} of tokens that may not follow the {@code count}
   * tokens {@code sampled} so far in this window (prompt excluded).
   */
  void apply(float[] logits, int[] sampled, int count, boolean timestamps) {
    if (count == 0) {
      forbid(logits, beginSuppress);
    }
    forbid(logits, suppress);
    if (timestamps) {
      applyTimestampRules(logits, sampled, count);
    }
  }

  private void applyTimestampRules(float[] logits, int[] sampled, int count) {
    int begin = tokens.timestampBegin;
    logits[tokens.noTimestamps] = Float.NEGATIVE_INFINITY;

    boolean lastWasTimestamp = count >= 1 && tokens.isTimestamp(sampled[count - 1]);
    boolean penultimateWasTimestamp = count < 2 || tokens.isTimestamp(sampled[count - 2]);
    if (lastWasTimestamp) {
      if (penultimateWasTimestamp) {
        fill(logits, begin, logits.length); // after a pair: text
      } else {
        fill(logits, 0, tokens.endOfText); // after text and one timestamp: no more text
      }
    }
    int lastTimestamp = -1;
    for (int i = count - 1; i >= 0; i--) {
      if (tokens.isTimestamp(sampled[i])) {
        lastTimestamp = sampled[i];
        break;
      }
    }
    if (lastTimestamp >= 0) {
      // timestamps never decrease; a new segment starts strictly after the previous one
      int limit = lastWasTimestamp && !penultimateWasTimestamp ? lastTimestamp : lastTimestamp + 1;
      fill(logits, begin, Math.min(limit, logits.length));
    }
    if (count == 0) {
      fill(logits, 0, begin);
      if (maxInitialTimestamp >= 0) {
        fill(logits, Math.min(begin + maxInitialTimestamp + 1, logits.length), logits.length);
      }
    }

    double timestampMass = logSumExp(logits, begin, logits.length);
    double bestText = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < begin; i++) {
      bestText = Math.max(bestText, logits[i]);
    }
    if (timestampMass > bestText) {
      fill(logits, 0, begin);
    }
  }

  private static double logSumExp(float[] logits, int from, int to) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      max = Math.max(max, logits[i]);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += Math.exp(logits[i] - max);
    }
    return max + Math.log(sum);
  }

  private static void forbid(float[] logits, int[] ids) {
    for (int id : ids) {
      if (id >= 0 && id < logits.length) {
        logits[id] = Float.NEGATIVE_INFINITY;
      }
    }
  }

  private static void fill(float[] logits, int from, int to) {
    if (from < to) {
      Arrays.fill(logits, from, to, Float.NEGATIVE_INFINITY);
    }
  }
}
