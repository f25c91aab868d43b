package org.runnel.runner.transcription.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.runnel.runner.transcription.entity.Segment;

/** Two chunks overlapping from 50 s to 60 s, as the chunked transcriber hands them over. */
class SeamStitcherTest {

  @Test
  void segmentsDecodedTwiceInTheOverlapComeOutOnce() {
    List<Segment> first =
        List.of(seg(40, 49, " one two three"), seg(49, 54, " four five"), seg(54, 59.5, " six"));
    List<Segment> second =
        List.of(seg(50, 54, " four five"), seg(54, 58, " six"), seg(58, 63, " seven eight"));

    assertEquals(
        "one two three four five six seven eight",
        text(SeamStitcher.stitch(first, second, 50, 60)));
  }

  @Test
  void differentlyCutSegmentsLoseNoWordAndRepeatNone() {
    List<Segment> first =
        List.of(seg(44, 51, " the river carries"), seg(51, 56, " the boats down"));
    List<Segment> second =
        List.of(seg(50.5, 56, " the boats down"), seg(56, 59, " to the sea"), seg(59, 64, " and"));

    assertEquals(
        "the river carries the boats down to the sea and",
        text(SeamStitcher.stitch(first, second, 50, 60)));
  }

  @Test
  void aSegmentStraddlingTheSeamKeepsOnlyItsNewWords() {
    List<Segment> first = List.of(seg(48, 56, " people on the bank"));
    List<Segment> second = List.of(seg(53, 61, " on the bank wave to them"));

    List<Segment> stitched = SeamStitcher.stitch(first, second, 50, 60);

    assertEquals("people on the bank wave to them", text(stitched));
    assertEquals(56, stitched.get(1).start(), 1e-9);
  }

  @Test
  void speechOnlyTheSecondChunkHeardIsKept() {
    List<Segment> first = List.of(seg(40, 50, " before"));
    List<Segment> second = List.of(seg(52, 56, " heard late"), seg(56, 62, " after"));

    assertEquals("before heard late after", text(SeamStitcher.stitch(first, second, 50, 60)));
  }

  @Test
  void wordsRepeatedAfterTheSeamAreTheSpeakersOwn() {
    List<Segment> second =
        List.of(seg(52, 55, " it was very"), seg(55, 57, " very"), seg(57, 59, " very good"));

    List<Segment> first = List.of(seg(44, 51, " it was"));

    assertEquals("it was very very very good", text(SeamStitcher.stitch(first, second, 50, 60)));
  }

  private static String text(List<Segment> segments) {
    return segments.stream().map(s -> s.text().strip()).collect(Collectors.joining(" "));
  }

  private static Segment seg(double start, double end, String text) {
    return new Segment(start, end, text, List.of());
  }
}
