package org.runnel.runner.transcription.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogitRulesTest {

  private static final int TEXT = 3;
  private static final int BLANK = 4;
  private static final int EOT = TinyVocabulary.END_OF_TEXT;

  private final LogitRules rules =
      new LogitRules(TinyVocabulary.tokens(), new int[] {7, 11}, new int[] {BLANK, EOT}, 50);

  @Test
  void firstTokenIsAnEarlyTimestamp() {
    float[] logits = apply(true);

    assertAllowed(logits, TinyVocabulary.at(0), TinyVocabulary.at(1.0));
    assertForbidden(
        logits, TEXT, BLANK, EOT, TinyVocabulary.NO_TIMESTAMPS, TinyVocabulary.at(1.02));
  }

  @Test
  void withoutTimestampsOnlyTheSuppressedTokensGo() {
    float[] first = apply(false);
    float[] later = apply(false, TEXT);

    assertForbidden(first, BLANK, EOT, 7, 11);
    assertAllowed(first, TEXT, TinyVocabulary.at(5));
    assertForbidden(later, 7, 11);
    assertAllowed(later, BLANK, EOT, TinyVocabulary.NO_TIMESTAMPS);
  }

  @Test
  void timestampsComeInPairsAndNeverGoBack() {
    int start = TinyVocabulary.at(0.5);
    int end = TinyVocabulary.at(2.0);

    float[] afterText = apply(true, start, TEXT);
    assertForbidden(afterText, start);
    assertAllowed(afterText, TEXT, start + 1);

    float[] afterOneTimestamp = apply(true, start, TEXT, end);
    assertForbidden(afterOneTimestamp, TEXT, BLANK, end - 1);
    assertAllowed(afterOneTimestamp, EOT, end, end + 1);

    float[] afterPair = apply(true, start, TEXT, end, end);
    assertForbidden(afterPair, end, end + 1);
    assertAllowed(afterPair, TEXT, EOT);
  }

  @Test
  void timestampIsForcedWhenTimestampsTogetherAreLikelierThanAnyText() {
    float[] logits = new float[TinyVocabulary.SIZE];
    logits[TEXT] = 5; // best single token, but 1500 timestamps at 0 weigh log(1500) = 7.3
    rules.apply(logits, new int[] {TinyVocabulary.at(0), TEXT}, 2, true);

    assertForbidden(logits, TEXT);
  }

  private float[] apply(boolean timestamps, int... sampled) {
    float[] logits = new float[TinyVocabulary.SIZE];
    logits[TEXT] = 20; // text and <|endoftext|> stay likelier than all timestamps together
    logits[EOT] = 20;
    rules.apply(logits, sampled, sampled.length, timestamps);
    return logits;
  }

  private static void assertForbidden(float[] logits, int... ids) {
    for (int id : ids) {
      assertEquals(Float.NEGATIVE_INFINITY, logits[id], "token " + id);
    }
  }

  private static void assertAllowed(float[] logits, int... ids) {
    for (int id : ids) {
      assertFalse(Float.isInfinite(logits[id]), "token " + id);
      assertTrue(logits[id] > Float.NEGATIVE_INFINITY, "token " + id);
    }
  }
}
