package org.runnel.shared.protocol;

import java.util.Map;
import org.runnel.shared.json.InvalidRequestException;
import org.runnel.shared.json.Json;

/**
 * Body of {@code POST /task/execute}, as Pod sends it. {@code parameters} values are usually
 * strings ({@code rendition}, {@code cut} and {@code dressing} arrive as JSON text).
 */
public record ExecuteRequest(
    String etabName,
    String appName,
    String appVersion,
    String taskType,
    String sourceUrl,
    String notifyUrl,
    String affiliation,
    Map<String, Object> parameters) {

  /**
   * This request when every field is within {@code limits} and free of control characters (a name
   * or URL with a newline or NUL would reach logs, files and runners as is).
   *
   * @throws InvalidRequestException (422) naming every field out of bounds
   */
  public ExecuteRequest withinLimits(FieldLimits limits) {
    InvalidRequestException.Collector c = new InvalidRequestException.Collector();
    text(c, "source_url", sourceUrl, limits.maxUrlChars());
    text(c, "notify_url", notifyUrl, limits.maxUrlChars());
    text(c, "etab_name", etabName, limits.maxNameChars());
    text(c, "app_name", appName, limits.maxNameChars());
    text(c, "app_version", appVersion, limits.maxNameChars());
    text(c, "affiliation", affiliation, limits.maxNameChars());
    text(c, "task_type", taskType, FieldLimits.MAX_TASK_TYPE_CHARS);
    if (parameters != null) {
      c.check(
          parameters.size() <= limits.maxParameterKeys(),
          "parameters",
          "At most " + limits.maxParameterKeys() + " parameters");
      c.check(
          parameters.keySet().stream()
              .allMatch(k -> k.length() <= FieldLimits.MAX_PARAMETER_NAME_CHARS && clean(k)),
          "parameters",
          "Parameter names must be at most "
              + FieldLimits.MAX_PARAMETER_NAME_CHARS
              + " characters, without control characters");
      c.check(
          parameters.size() > limits.maxParameterKeys()
              || Json.write(parameters).length() <= limits.maxParametersChars(),
          "parameters",
          "At most " + limits.maxParametersChars() + " characters of JSON");
    }
    c.throwIfAny();
    return this;
  }

  private static void text(InvalidRequestException.Collector c, String field, String v, int max) {
    if (v == null) {
      return;
    }
    c.check(v.length() <= max, field, "String should have at most " + max + " characters");
    c.check(v.length() > max || clean(v), field, "Must not contain control characters");
  }

  /** No C0/C1 control character, no DEL. */
  private static boolean clean(String s) {
    return s.chars().noneMatch(ch -> ch < 0x20 || (ch >= 0x7f && ch <= 0x9f));
  }
}
