package org.runnel.runner.transcription.entity;

import java.util.List;

/**
 * One stretch of transcribed speech: start and end in seconds from the beginning of the audio, the
 * text, and the model's tokens (timestamps included) it was decoded from.
 */
public record Segment(double start, double end, String text, List<Integer> tokens) {

  public Segment {
    tokens = List.copyOf(tokens);
  }
}
