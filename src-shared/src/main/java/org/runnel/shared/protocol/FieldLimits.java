package org.runnel.shared.protocol;

/**
 * Size bounds on the fields of a task request ({@code POST /task/execute}, {@code /task/run}). Pod
 * sends short names, URLs of a few hundred characters and a handful of parameters; without bounds a
 * 900 KB URL or 60 000 parameter keys would be stored, copied into every view and handed to a
 * runner. Each refusal is a 422 naming the field.
 *
 * @param maxUrlChars {@code source_url} and {@code notify_url}
 * @param maxNameChars {@code etab_name}, {@code app_name}, {@code app_version}, {@code affiliation}
 * @param maxParameterKeys number of {@code parameters} entries
 * @param maxParametersChars {@code parameters} as compact JSON text ({@code rendition}, {@code
 *     dressing} and {@code cut} arrive as JSON strings inside it)
 */
public record FieldLimits(
    int maxUrlChars, int maxNameChars, int maxParameterKeys, int maxParametersChars) {

  /** Longest {@code task_type}: the protocol's types are single words. */
  public static final int MAX_TASK_TYPE_CHARS = 64;

  /** Longest parameter name; the protocol's are under 25 characters. */
  public static final int MAX_PARAMETER_NAME_CHARS = 128;

  /** The defaults documented in {@code docs/configuration.md}. */
  public static final FieldLimits DEFAULTS = new FieldLimits(8192, 256, 64, 65536);
}
