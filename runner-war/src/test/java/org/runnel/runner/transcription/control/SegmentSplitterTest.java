package org.runnel.runner.transcription.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.runnel.runner.transcription.control.TinyVocabulary.TIMESTAMP_BEGIN;
import static org.runnel.runner.transcription.control.TinyVocabulary.at;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.runnel.runner.transcription.entity.Segment;

class SegmentSplitterTest {

  /** Test text: the text token ids, space separated. */
  private static final Function<List<Integer>, String> TEXT =
      tokens ->
          tokens.stream()
              .filter(id -> id < TIMESTAMP_BEGIN)
              .map(String::valueOf)
              .collect(Collectors.joining(" "));

  @Test
  void completeWindowGivesOneSegmentPerTimestampPair() {
    int[] tokens = {at(0), 1, 2, at(1), at(1), 3, at(2.5)};

    SegmentSplitter.Split split = SegmentSplitter.split(tokens, 3000, 3000, TIMESTAMP_BEGIN, TEXT);

    assertEquals(2, split.segments().size());
    assertSegment(split.segments().get(0), 30.0, 31.0, "1 2");
    assertSegment(split.segments().get(1), 31.0, 32.5, "3");
    assertEquals(3000, split.advance());
  }

  @Test
  void windowEndingInsideASegmentIsDecodedAgainFromTheLastPair() {
    int[] tokens = {at(0), 1, at(1), at(1), 2, 3};

    SegmentSplitter.Split split = SegmentSplitter.split(tokens, 0, 3000, TIMESTAMP_BEGIN, TEXT);

    assertEquals(1, split.segments().size());
    assertSegment(split.segments().get(0), 0.0, 1.0, "1");
    assertEquals(100, split.advance());
  }

  @Test
  void windowWithoutPairIsOneSegmentEndingAtItsLastTimestamp() {
    SegmentSplitter.Split timed =
        SegmentSplitter.split(new int[] {at(0), 1, 2, at(1.5)}, 0, 3000, TIMESTAMP_BEGIN, TEXT);
    SegmentSplitter.Split untimed =
        SegmentSplitter.split(new int[] {1, 2}, 100, 1234, TIMESTAMP_BEGIN, TEXT);

    assertSegment(timed.segments().get(0), 0.0, 1.5, "1 2");
    assertEquals(3000, timed.advance());
    assertSegment(untimed.segments().get(0), 1.0, 1.0 + 12.34, "1 2");
    assertEquals(1234, untimed.advance());
  }

  private static void assertSegment(Segment segment, double start, double end, String text) {
    assertEquals(start, segment.start(), 1e-9);
    assertEquals(end, segment.end(), 1e-9);
    assertEquals(text, segment.text());
  }
}
