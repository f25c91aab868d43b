package org.runnel.runner.transcription.entity;

import java.util.List;

/**
 * What the model heard: the language it transcribed in (the requested one, or the one it detected)
 * and the segments in order. Segments can be empty or overlap when the model misbehaves; writers of
 * subtitle files decide what to keep.
 */
public record Transcript(String language, List<Segment> segments) {

  public Transcript {
    segments = List.copyOf(segments);
  }
}
