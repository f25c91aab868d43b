package org.runnel.runner.transcription.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecialTokensTest {

  @Test
  void findsControlTokensAndLanguagesByName() {
    SpecialTokens tokens = TinyVocabulary.tokens();

    assertEquals(10, tokens.endOfText);
    assertEquals(11, tokens.startOfTranscript);
    assertEquals(14, tokens.translate);
    assertEquals(15, tokens.transcribe);
    assertEquals(18, tokens.noSpeech);
    assertEquals(19, tokens.noTimestamps);
    assertEquals(20, tokens.timestampBegin);
    assertEquals(List.of("en", "fr"), List.copyOf(tokens.languages().keySet()));
    assertEquals(Optional.of(13), tokens.language("fr"));
    assertEquals("en", tokens.languageOf(12));
    assertTrue(tokens.isTimestamp(TinyVocabulary.at(30)));
  }

  @Test
  void tokenizerWithoutWhisperTokensIsRefused() {
    var tokenizer =
        Json.createObjectBuilder()
            .add(
                "added_tokens",
                Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("id", 0).add("content", "[CLS]")))
            .build();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SpecialTokens.of(tokenizer));

    assertTrue(e.getMessage().contains("<|endoftext|>"), e.getMessage());
  }
}
