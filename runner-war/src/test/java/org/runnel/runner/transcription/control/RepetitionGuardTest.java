package org.runnel.runner.transcription.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.runnel.runner.transcription.control.TinyVocabulary.END_OF_TEXT;
import static org.runnel.runner.transcription.control.TinyVocabulary.at;

import org.junit.jupiter.api.Test;

class RepetitionGuardTest {

  private final RepetitionGuard guard = new RepetitionGuard(END_OF_TEXT, 2, 16);

  @Test
  void keepsOneOccurrenceOfARunThatRepeatsTooOften() {
    int[] sampled = {1, 2, 1, 2, 1, 2};

    assertEquals(2, guard.cut(sampled, sampled.length));
    assertEquals(-1, guard.cut(sampled, 5));
  }

  @Test
  void seesLoopsThroughTimestamps() {
    int[] sampled = {at(0), 5, at(1), at(1), 5, at(2), at(2), 5};

    assertEquals(4, guard.cut(sampled, sampled.length));
  }

  @Test
  void leavesOrdinaryTextAlone() {
    int[] sampled = {1, 2, 3, 1, 2, 4, 1, 2, 3};

    assertEquals(-1, guard.cut(sampled, sampled.length));
    assertEquals(-1, new RepetitionGuard(END_OF_TEXT, 0, 16).cut(new int[] {1, 1, 1, 1}, 4));
  }
}
