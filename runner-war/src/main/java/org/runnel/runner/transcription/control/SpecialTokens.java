package org.runnel.runner.transcription.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whisper's control tokens, found by name among the {@code added_tokens} of a {@code
 * tokenizer.json}: ids differ between models (multilingual or English-only, v3's extra language),
 * names do not. Timestamps start at {@code <|0.00|>}, or right after {@code <|notimestamps|>} in
 * tokenizers that do not list them (transformers' rule), and go up in steps of 0.02 s.
 */
final class SpecialTokens {

  private static final Pattern LANGUAGE = Pattern.compile("<\\|([a-z]{2,3})\\|>");

  final int endOfText;
  final int startOfTranscript;
  final int noTimestamps;
  final int timestampBegin;
  final Integer translate;
  final Integer transcribe;
  final Integer startOfLm;
  final Integer startOfPrevious;
  final Integer noSpeech;
  private final Map<String, Integer> languages;
  private final Map<Integer, String> languageOfId;

  private SpecialTokens(Map<String, Integer> byName) {
    endOfText = required(byName, "<|endoftext|>");
    startOfTranscript = required(byName, "<|startoftranscript|>");
    noTimestamps = required(byName, "<|notimestamps|>");
    timestampBegin = byName.getOrDefault("<|0.00|>", noTimestamps + 1);
    translate = byName.get("<|translate|>");
    transcribe = byName.get("<|transcribe|>");
    startOfLm = byName.get("<|startoflm|>");
    startOfPrevious = byName.get("<|startofprev|>");
    noSpeech = byName.getOrDefault("<|nospeech|>", byName.get("<|nocaptions|>"));
    Map<String, Integer> codes = new LinkedHashMap<>();
    Map<Integer, String> ids = new HashMap<>();
    byName.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .forEach(
            entry -> {
              var matcher = LANGUAGE.matcher(entry.getKey());
              if (matcher.matches()) {
                codes.put(matcher.group(1), entry.getValue());
                ids.put(entry.getValue(), matcher.group(1));
              }
            });
    languages = Collections.unmodifiableMap(codes);
    languageOfId = Collections.unmodifiableMap(ids);
  }

  /** Reads the control tokens of a parsed {@code tokenizer.json}. */
  static SpecialTokens of(JsonObject tokenizer) {
    Map<String, Integer> byName = new HashMap<>();
    for (JsonValue value : tokenizer.getJsonArray("added_tokens")) {
      JsonObject token = value.asJsonObject();
      byName.put(token.getString("content"), token.getInt("id"));
    }
    return new SpecialTokens(byName);
  }

  private static int required(Map<String, Integer> byName, String name) {
    Integer id = byName.get(name);
    if (id == null) {
      throw new IllegalArgumentException("tokenizer.json has no " + name + " token");
    }
    return id;
  }

  /** Language codes ({@code en}, {@code fr}...) and their tokens, by increasing id. */
  Map<String, Integer> languages() {
    return languages;
  }

  Optional<Integer> language(String code) {
    return Optional.ofNullable(languages.get(code));
  }

  String languageOf(int id) {
    return languageOfId.get(id);
  }

  boolean multilingual() {
    return !languages.isEmpty();
  }

  boolean isTimestamp(int id) {
    return id >= timestampBegin;
  }
}
