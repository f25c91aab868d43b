package org.runnel.runner.transcription.control;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

/**
 * A Whisper-like vocabulary for unit tests: text tokens 0 to 9, then {@code <|endoftext|>} (10),
 * {@code <|startoftranscript|>}, {@code <|en|>}, {@code <|fr|>}, the task and control tokens up to
 * {@code <|notimestamps|>} (19), and the timestamps {@code <|0.00|>} (20) to {@code <|30.00|>}.
 */
final class TinyVocabulary {

  static final int END_OF_TEXT = 10;
  static final int NO_TIMESTAMPS = 19;
  static final int TIMESTAMP_BEGIN = 20;
  static final int SIZE = TIMESTAMP_BEGIN + 1501;

  private TinyVocabulary() {}

  static SpecialTokens tokens() {
    String[] names = {
      "<|endoftext|>",
      "<|startoftranscript|>",
      "<|en|>",
      "<|fr|>",
      "<|translate|>",
      "<|transcribe|>",
      "<|startoflm|>",
      "<|startofprev|>",
      "<|nospeech|>",
      "<|notimestamps|>"
    };
    JsonArrayBuilder added = Json.createArrayBuilder();
    for (int i = 0; i < names.length; i++) {
      added.add(Json.createObjectBuilder().add("id", END_OF_TEXT + i).add("content", names[i]));
    }
    for (int i = 0; i <= 1500; i++) {
      added.add(
          Json.createObjectBuilder()
              .add("id", TIMESTAMP_BEGIN + i)
              .add("content", String.format("<|%.2f|>", i * 0.02)));
    }
    return SpecialTokens.of(Json.createObjectBuilder().add("added_tokens", added).build());
  }

  /** The token of the timestamp {@code seconds}. */
  static int at(double seconds) {
    return TIMESTAMP_BEGIN + (int) Math.round(seconds / 0.02);
  }
}
