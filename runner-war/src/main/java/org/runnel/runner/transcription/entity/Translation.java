package org.runnel.runner.transcription.entity;

/**
 * What became of a requested translation.
 *
 * @param requested whether the subtitles' language differs from the spoken one
 * @param applied whether the delivered subtitles are in the requested language
 * @param from the spoken language
 * @param to the requested language
 * @param method how it was done ({@code whisper-translate}, a translator's name), or {@code null}
 * @param detail why it was not applied, {@code null} when it was or was not requested
 */
public record Translation(
    boolean requested, boolean applied, String from, String to, String method, String detail) {

  public static Translation notRequested(String language) {
    return new Translation(false, false, language, language, null, null);
  }

  public static Translation applied(String from, String to, String method) {
    return new Translation(true, true, from, to, method, null);
  }

  public static Translation notAvailable(String from, String to, String detail) {
    return new Translation(true, false, from, to, null, detail);
  }
}
