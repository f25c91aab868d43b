package org.runnel.runner.transcription.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.runnel.runner.tasks.entity.TaskFailure;

class TranscriptionRequestTest {

  @Test
  void everyProtocolKeyIsAccepted() throws TaskFailure {
    Map<String, Object> p = new HashMap<>();
    for (String key : TranscriptionRequest.PARAMETERS) {
      p.put(key, "x");
    }
    p.put("language", "fr");
    p.put("source_language", "auto");
    p.put("format", "vtt");
    p.put("model", "large-v3");
    p.put("normalize", true);

    TranscriptionRequest request = TranscriptionRequest.of(p);

    assertEquals(new TranscriptionRequest("large-v3", null, "fr", true), request);
  }

  @Test
  void withoutSourceLanguageTheLanguageIsTheSpokenOne() throws TaskFailure {
    TranscriptionRequest request = TranscriptionRequest.of(Map.of("language", "fr-FR"));

    assertEquals("fr", request.sourceLanguage());
    assertEquals("fr", request.targetLanguage());
    assertFalse(request.normalize());
    assertNull(request.model());
    assertEquals("en", TranscriptionRequest.of(Map.of()).finalLanguage("en"));
  }

  @Test
  void unknownKeysAreNamed() {
    TaskFailure e =
        assertThrows(
            TaskFailure.class,
            () -> TranscriptionRequest.of(Map.of("language", "fr", "tone", "1", "beam", "5")));

    assertEquals(
        "Invalid parameters for task type: transcription (invalid fields: beam, tone)",
        e.getMessage());
  }

  @Test
  void unusableValuesAreRefused() {
    for (Map<String, Object> p :
        new Map[] {
          Map.of("format", "srt"), Map.of("model", "../etc"), Map.of("language", "french!")
        }) {
      TaskFailure e = assertThrows(TaskFailure.class, () -> TranscriptionRequest.of(p));
      assertTrue(e.getMessage().contains(p.values().iterator().next().toString()), e.getMessage());
    }
  }
}
