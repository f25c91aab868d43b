package org.runnel.runner.transcription.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.transcription.entity.ModelUnavailableException;
import org.runnel.runner.transcription.entity.Segment;
import org.runnel.runner.transcription.entity.Transcript;
import org.runnel.runner.transcription.entity.TranscriptionOptions;
import org.runnel.runner.transcription.entity.TranscriptionOptions.Task;

/**
 * The Java engine against transformers, on the tiny random-weight Whisper of {@code
 * src/test/resources/whisper/tiny-test}: {@code reference.json} holds what transformers' {@code
 * generate()} produced for the mel-fixture waveform.
 */
class WhisperModelTest {

  private static WhisperModel model;
  private static final JsonObject REFERENCE = Fixtures.reference();

  @BeforeAll
  static void load() throws Exception {
    model = WhisperModel.load(Fixtures.tinyModel(), "tiny-test", 2);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void encoderOutputMatchesTransformers() {
    float[] mel = new LogMel(80).features(Fixtures.fixtureSamples()).window(0, 3000);
    try (NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
      float[] hidden = model.encode(manager, mel).toFloatArray();
      JsonArray expected = REFERENCE.getJsonArray("encoderOutputFirstValues");
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.getJsonNumber(i).doubleValue(), hidden[i], 1e-4);
      }
    }
  }

  @Test
  void detectsTheSameLanguageAsTransformers() {
    Transcript transcript =
        model.transcribe(
            Fixtures.fixtureSamples(), options(REFERENCE.getJsonArray("cases").getJsonObject(2)));

    assertEquals(REFERENCE.getString("detectedLanguage"), transcript.language());
  }

  @Test
  void greedyDecodingOfTheFirstWindowPicksTransformersTokens() {
    float[] mel = new LogMel(80).features(Fixtures.fixtureSamples()).window(0, 3000);
    for (JsonValue value : REFERENCE.getJsonArray("cases")) {
      JsonObject reference = value.asJsonObject();
      TranscriptionOptions options = options(reference);
      String language =
          options.language() != null ? options.language() : REFERENCE.getString("detectedLanguage");
      try (NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
        NDArray hidden = model.encode(manager, mel);
        int[] prompt = model.prompt(language, options);
        assertArrayEquals(Fixtures.ints(reference.getJsonArray("promptIds")), prompt);

        int[] tokens = model.decode(manager, hidden, prompt, options);

        assertArrayEquals(
            Fixtures.ints(reference.getJsonArray("firstWindowIds")),
            tokens,
            reference.getString("name"));
      }
    }
  }

  @Test
  void transcriptionHasTransformersSegments() {
    for (JsonValue value : REFERENCE.getJsonArray("cases")) {
      JsonObject reference = value.asJsonObject();

      Transcript transcript = model.transcribe(Fixtures.fixtureSamples(), options(reference));

      JsonArray expected = reference.getJsonArray("segments");
      String name = reference.getString("name");
      assertEquals(expected.size(), transcript.segments().size(), name);
      for (int i = 0; i < expected.size(); i++) {
        JsonObject segment = expected.getJsonObject(i);
        Segment actual = transcript.segments().get(i);
        assertEquals(segment.getJsonNumber("start").doubleValue(), actual.start(), 1e-9, name);
        assertEquals(segment.getJsonNumber("end").doubleValue(), actual.end(), 1e-9, name);
        assertEquals(
            segment.getJsonArray("tokens").getValuesAs(JsonNumber::intValue),
            actual.tokens(),
            name);
        assertEquals(segment.getString("text"), actual.text(), name);
      }
    }
  }

  @Test
  void loopGuardCutsRepeatedTokens() {
    JsonObject reference = REFERENCE.getJsonArray("cases").getJsonObject(0);
    int[] unguarded = Fixtures.ints(reference.getJsonArray("firstWindowIds"));
    float[] mel = new LogMel(80).features(Fixtures.fixtureSamples()).window(0, 3000);
    TranscriptionOptions options = options(reference).withMaxRepeats(2);
    try (NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
      NDArray hidden = model.encode(manager, mel);

      int[] guarded = model.decode(manager, hidden, model.prompt("en", options), options);

      assertTrue(guarded.length < unguarded.length, "the reference decoding loops");
      for (int i = 0; i < guarded.length; i++) {
        assertEquals(unguarded[i], guarded[i]);
      }
    }
  }

  @Test
  void missingModelFolderNamesTheFolderAndTheModel(@TempDir Path dir) {
    Path folder = dir.resolve("whisper-large-v3");

    ModelUnavailableException e =
        assertThrows(
            ModelUnavailableException.class, () -> WhisperModel.load(folder, "large-v3", 1));

    assertTrue(e.getMessage().contains("'large-v3'"), e.getMessage());
    assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
  }

  @Test
  void missingModelFileIsNamed(@TempDir Path dir) throws Exception {
    for (String file : WhisperModel.REQUIRED_FILES) {
      if (!file.equals("decoder_with_past_model.onnx")) {
        Files.copy(Fixtures.tinyModel().resolve(file), dir.resolve(file));
      }
    }

    ModelUnavailableException e =
        assertThrows(ModelUnavailableException.class, () -> WhisperModel.load(dir, "small", 1));

    assertTrue(e.getMessage().contains("'small'"), e.getMessage());
    assertTrue(e.getMessage().contains("decoder_with_past_model.onnx"), e.getMessage());
  }

  @Test
  void unknownLanguageIsRefused() {
    TranscriptionOptions options = TranscriptionOptions.defaults().withLanguage("xx");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> model.transcribe(new float[16000], options));

    assertTrue(e.getMessage().contains("xx"), e.getMessage());
  }

  private static TranscriptionOptions options(JsonObject reference) {
    return new TranscriptionOptions(
        reference.isNull("language") ? null : reference.getString("language"),
        reference.getString("task").equals("translate") ? Task.TRANSLATE : Task.TRANSCRIBE,
        reference.getBoolean("timestamps"),
        reference.getInt("maxNewTokens"),
        0);
  }
}
