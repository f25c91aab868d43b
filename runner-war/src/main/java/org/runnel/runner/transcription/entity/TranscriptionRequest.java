package org.runnel.runner.transcription.entity;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.shared.task.TaskTypes;

/**
 * The parameters of a {@code transcription} task (protocol §4), checked and read once.
 *
 * <p>Languages: {@code source_language} is the spoken language ({@code auto} or absent: detected);
 * {@code language} is the language of the subtitles wanted. Without {@code source_language}, {@code
 * language} names the spoken language too, as the reference runner passes it to Whisper, so nothing
 * is translated. {@code model_type}, {@code duration} and the {@code video_*} keys are accepted and
 * not used.
 *
 * @param model the Whisper model name, {@code null} for the runner's default
 * @param sourceLanguage the spoken language, {@code null} to detect it
 * @param targetLanguage the subtitles' language, {@code null} for the spoken one
 * @param normalize whether the audio loudness is normalised before transcription
 */
public record TranscriptionRequest(
    String model, String sourceLanguage, String targetLanguage, boolean normalize) {

  /** The parameter keys the protocol allows for {@code transcription}. */
  public static final Set<String> PARAMETERS =
      Set.of(
          "language",
          "source_language",
          "format",
          "model",
          "model_type",
          "duration",
          "normalize",
          "video_id",
          "video_slug",
          "video_title");

  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

  /**
   * Reads the parameters of a task.
   *
   * @throws TaskFailure naming the unknown keys, or the value that cannot be used
   */
  public static TranscriptionRequest of(Map<String, Object> parameters) throws TaskFailure {
    Map<String, Object> p = parameters == null ? Map.of() : parameters;
    Set<String> invalid = new TreeSet<>(p.keySet());
    invalid.removeAll(PARAMETERS);
    if (!invalid.isEmpty()) {
      throw TaskFailure.failed(
          "Invalid parameters for task type: "
              + TaskTypes.TRANSCRIPTION
              + " (invalid fields: "
              + String.join(", ", invalid)
              + ")");
    }
    String format = text(p, "format");
    if (format != null && !format.equalsIgnoreCase("vtt")) {
      throw TaskFailure.failed(
          "Unsupported subtitle format: " + format + " (this runner writes vtt)");
    }
    String model = text(p, "model");
    if (model != null && !MODEL_NAME.matcher(model).matches()) {
      throw TaskFailure.failed("Invalid Whisper model name: " + model);
    }
    String language = language(p, "language");
    boolean sourceGiven = p.containsKey("source_language") && text(p, "source_language") != null;
    String source = sourceGiven ? language(p, "source_language") : language;
    return new TranscriptionRequest(model, source, language, flag(p.get("normalize")));
  }

  /** The language of the subtitles: the requested one, else the one spoken. */
  public String finalLanguage(String spoken) {
    return targetLanguage != null ? targetLanguage : spoken;
  }

  private static String language(Map<String, Object> p, String key) throws TaskFailure {
    String value = text(p, key);
    if (value == null || value.equalsIgnoreCase("auto")) {
      return null;
    }
    String code = value.toLowerCase(Locale.ROOT);
    int dash = code.indexOf('-') > 0 ? code.indexOf('-') : code.indexOf('_');
    code = dash > 0 ? code.substring(0, dash) : code;
    if (!LANGUAGE.matcher(code).matches()) {
      throw TaskFailure.failed("Invalid language code for " + key + ": " + value);
    }
    return code;
  }

  private static String text(Map<String, Object> p, String key) {
    Object value = p.get(key);
    if (value == null) {
      return null;
    }
    String s = value.toString().trim();
    return s.isEmpty() ? null : s;
  }

  private static boolean flag(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.intValue() != 0;
    }
    String s = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
    return s.equals("true") || s.equals("1") || s.equals("yes") || s.equals("on");
  }
}
