package org.runnel.runner.transcription.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Whisper fixtures that {@code src/test/whisper/make_tiny_whisper.py} generates. */
final class Fixtures {

  private Fixtures() {}

  /** The tiny random-weight Whisper model folder. */
  static Path tinyModel() {
    return resource("/whisper/tiny-test");
  }

  static JsonObject melFixture() {
    return read(resource("/whisper/mel-fixture.json"));
  }

  static JsonObject reference() {
    return read(tinyModel().resolve("reference.json"));
  }

  /** The fixture waveform: 16-bit samples scaled to [-1, 1). */
  static float[] fixtureSamples() {
    JsonArray pcm = melFixture().getJsonArray("pcm16");
    float[] samples = new float[pcm.size()];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = pcm.getInt(i) / 32768f;
    }
    return samples;
  }

  static int[] ints(JsonArray array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.getInt(i);
    }
    return values;
  }

  static JsonObject read(Path file) {
    try (InputStream in = Files.newInputStream(file);
        JsonReader reader = Json.createReader(in)) {
      return reader.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path resource(String name) {
    URL url = Fixtures.class.getResource(name);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
