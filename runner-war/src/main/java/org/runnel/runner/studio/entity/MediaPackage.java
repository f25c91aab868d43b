package org.runnel.runner.studio.entity;

import java.util.List;

/**
 * What the studio task takes from an Opencast mediapackage: the URL of the presentation track
 * (screen or slides), of the presenter track (camera), either possibly absent, and the kept
 * segments of the optional SMIL cutting catalog (empty = keep everything), and the layout the
 * recording's author chose ({@code presenter} attribute of the root element, as Pod's studio writes
 * it: {@code mid}, {@code piph} or {@code pipb}; null when absent).
 */
public record MediaPackage(String presentation, String presenter, String smil, String layout) {

  /** One stretch of the recording to keep, in seconds. */
  public record Segment(double start, double end) {}

  public List<String> trackUrls() {
    return java.util.stream.Stream.of(presentation, presenter)
        .filter(java.util.Objects::nonNull)
        .toList();
  }
}
