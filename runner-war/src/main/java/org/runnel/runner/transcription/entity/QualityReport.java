package org.runnel.runner.transcription.entity;

/**
 * How well the subtitles cover the speech heard in the audio.
 *
 * @param speechSeconds seconds of audio judged to be speech
 * @param coverage share of that speech inside a subtitle (1 when there is no speech)
 * @param longestGapSeconds longest stretch of speech without any subtitle
 * @param problem what looks wrong, {@code null} when the gates pass
 */
public record QualityReport(
    double speechSeconds, double coverage, double longestGapSeconds, String problem) {

  public boolean passed() {
    return problem == null;
  }
}
