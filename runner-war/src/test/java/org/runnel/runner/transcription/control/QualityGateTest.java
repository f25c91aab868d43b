package org.runnel.runner.transcription.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.runnel.runner.transcription.control.SpeechActivity.Interval;
import org.runnel.runner.transcription.entity.Cue;
import org.runnel.runner.transcription.entity.QualityReport;

class QualityGateTest {

  private static final QualityGate.Limits LIMITS =
      new QualityGate.Limits(0.6, 30, QualityGate.Mode.FAIL);

  @Test
  void speechActivityFindsTheVoicedStretches() {
    float[] audio = new float[16_000 * 10];
    tone(audio, 1, 3);
    tone(audio, 6, 8.5);

    List<Interval> speech = SpeechActivity.detect(audio);

    assertEquals(2, speech.size(), speech.toString());
    assertEquals(1, speech.get(0).start(), 0.05);
    assertEquals(3, speech.get(0).end(), 0.05);
    assertEquals(4.5, SpeechActivity.total(speech), 0.1);
  }

  @Test
  void fullyCoveredSpeechPasses() {
    QualityReport report =
        QualityGate.check(
            List.of(new Interval(0, 20), new Interval(25, 50)),
            List.of(new Cue(0, 21, "a"), new Cue(24, 50, "b")),
            LIMITS);

    assertNull(report.problem());
    assertEquals(1, report.coverage(), 1e-9);
    assertEquals(45, report.speechSeconds(), 1e-9);
  }

  @Test
  void aTranscriptThatStopsEarlyFailsOnCoverage() {
    QualityReport report =
        QualityGate.check(
            List.of(new Interval(0, 100)), List.of(new Cue(0, 30, "only the start")), LIMITS);

    assertEquals(0.3, report.coverage(), 1e-9);
    assertEquals(70, report.longestGapSeconds(), 1e-9);
    assertTrue(report.problem().contains("cover 30 %"), report.problem());
  }

  @Test
  void aLongHoleInsideFailsOnTheGap() {
    QualityReport report =
        QualityGate.check(
            List.of(new Interval(0, 200), new Interval(210, 400)),
            List.of(new Cue(0, 150, "a"), new Cue(190, 400, "b")),
            LIMITS);

    assertEquals(40, report.longestGapSeconds(), 1e-9);
    assertTrue(report.problem().contains("40 s of speech from 00:02:30.000"), report.problem());
  }

  @Test
  void offModeAndSilenceNeverFail() {
    QualityGate.Limits off = new QualityGate.Limits(0.6, 30, QualityGate.Mode.OFF);
    assertNull(QualityGate.check(List.of(new Interval(0, 100)), List.of(), off).problem());
    assertNull(QualityGate.check(List.of(new Interval(0, 1)), List.of(), LIMITS).problem());
  }

  private static void tone(float[] audio, double from, double to) {
    for (int i = (int) (from * 16_000); i < (int) (to * 16_000); i++) {
      audio[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
    }
  }
}
