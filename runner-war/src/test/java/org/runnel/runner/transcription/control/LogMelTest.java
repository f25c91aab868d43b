package org.runnel.runner.transcription.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The Java front end against numpy/librosa output stored in {@code mel-fixture.json}. */
class LogMelTest {

  private static final JsonObject FIXTURE = Fixtures.melFixture();

  @Test
  void computesLibrosasSlaneyFilters() {
    JsonArray expected = FIXTURE.getJsonArray("melFilters");
    double[][] filters = LogMel.melFilters(80);
    assertEquals(expected.size(), filters.length);
    for (int mel = 0; mel < filters.length; mel++) {
      JsonArray row = expected.getJsonArray(mel);
      assertEquals(row.size(), filters[mel].length);
      for (int bin = 0; bin < row.size(); bin++) {
        assertEquals(row.getJsonNumber(bin).doubleValue(), filters[mel][bin], 1e-7);
      }
    }
  }

  @Test
  void shortAudioIsPaddedToOneWhisperWindow() {
    LogMel.Features features = new LogMel(80).features(Fixtures.fixtureSamples());
    assertEquals(3000, features.frames());

    float[] window = features.window(0, 3000);

    int stored = FIXTURE.getInt("frames");
    assertMatches(FIXTURE.getJsonArray("logMel"), window, 3000, stored);
    double pad = FIXTURE.getJsonNumber("padValue").doubleValue();
    for (int mel = 0; mel < 80; mel++) {
      for (int frame = stored; frame < 3000; frame++) {
        assertEquals(pad, window[mel * 3000 + frame], 1e-5, "mel " + mel + " frame " + frame);
      }
    }
  }

  @Test
  void unpaddedAudioReflectsAtTheEnd() {
    float[] samples = Fixtures.fixtureSamples();
    LogMel.Features features = new LogMel(80).features(samples, samples.length);
    assertEquals(samples.length / 160, features.frames());

    float[] window = features.window(0, features.frames());

    assertMatches(FIXTURE.getJsonArray("unpaddedLogMel"), window, features.frames(), 100);
  }

  @Test
  void framesPastTheEndOfALaterWindowAreZero() {
    float[] samples = Fixtures.fixtureSamples();
    LogMel.Features features = new LogMel(80).features(samples, samples.length);

    float[] window = features.window(40, 3000);

    assertEquals(
        FIXTURE.getJsonArray("unpaddedLogMel").getJsonArray(7).getJsonNumber(40).doubleValue(),
        window[7 * 3000],
        1e-4);
    assertEquals(0f, window[7 * 3000 + 60]);
    assertEquals(0f, window[79 * 3000 + 2999]);
  }

  private static void assertMatches(JsonArray expected, float[] window, int width, int frames) {
    double worst = 0;
    for (int mel = 0; mel < 80; mel++) {
      JsonArray row = expected.getJsonArray(mel);
      for (int frame = 0; frame < frames; frame++) {
        double difference =
            Math.abs(row.getJsonNumber(frame).doubleValue() - window[mel * width + frame]);
        worst = Math.max(worst, difference);
      }
    }
    assertEquals(0, worst, 1e-4, "largest difference from numpy/librosa");
  }
}
