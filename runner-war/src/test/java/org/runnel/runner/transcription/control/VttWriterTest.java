package org.runnel.runner.transcription.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.runnel.runner.transcription.entity.Cue;
import org.runnel.runner.transcription.entity.Segment;

class VttWriterTest {

  @Test
  void noSegmentsGiveAValidEmptyFile() {
    assertEquals("WEBVTT\n", VttWriter.write(VttWriter.cues(List.of(), 10)));
  }

  @Test
  void aLongSegmentBecomesCuesOfTwoReadableLinesSharingItsTime() {
    String text =
        " Whisper writes long segments when a speaker goes on without a pause, and nobody can"
            + " read three lines of subtitles before they disappear from the screen again";
    List<Cue> cues = VttWriter.cues(List.of(segment(10, 22, text)), 60);

    assertTrue(cues.size() >= 2, cues.toString());
    assertEquals(10, cues.get(0).start(), 1e-9);
    assertEquals(22, cues.get(cues.size() - 1).end(), 1e-9);
    StringBuilder words = new StringBuilder();
    double previousEnd = 10;
    for (Cue cue : cues) {
      assertEquals(previousEnd, cue.start(), 1e-9);
      String[] lines = cue.text().split("\n");
      assertTrue(lines.length <= VttWriter.CUE_LINES, cue.text());
      for (String line : lines) {
        assertTrue(line.length() <= VttWriter.LINE_CHARS, line);
        words.append(' ').append(line);
      }
      previousEnd = cue.end();
    }
    assertEquals(text.strip(), words.toString().strip(), "no word lost or repeated");
  }

  @Test
  void cuesAreOrderedLongEnoughAndInsideTheAudio() {
    List<Cue> cues =
        VttWriter.cues(
            List.of(
                segment(0, 4, " First."),
                segment(3, 3, " Overlapping and empty."),
                segment(5, 5, "   "),
                segment(9, 40, " Runs past the end."),
                segment(31, 33, " After the end.")),
            30);

    assertEquals(3, cues.size(), cues.toString());
    assertEquals(4, cues.get(1).start(), 1e-9);
    assertTrue(cues.get(1).end() - cues.get(1).start() >= VttWriter.MIN_CUE_SECONDS);
    assertEquals(30, cues.get(2).end(), 1e-9);
  }

  @Test
  void writesTimestampsAndEscapesMarkup() {
    String vtt = VttWriter.write(List.of(new Cue(3723.4567, 3725, "a <b> & c --> d")));

    assertEquals("WEBVTT\n\n01:02:03.457 --> 01:02:05.000\na &lt;b&gt; &amp; c --&gt; d\n", vtt);
  }

  private static Segment segment(double start, double end, String text) {
    return new Segment(start, end, text, List.of());
  }
}
