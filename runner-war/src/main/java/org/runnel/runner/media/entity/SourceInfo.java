package org.runnel.runner.media.entity;

/**
 * What the runner learnt by probing a media file: enough to choose the outputs (is there a video,
 * an audio stream, how high is the picture) and to tell the user what was processed.
 *
 * @param durationMillis duration, 0 when unknown
 * @param width coded picture width, 0 without video
 * @param height coded picture height, 0 without video
 */
public record SourceInfo(
    String format,
    long durationMillis,
    String videoCodec,
    int width,
    int height,
    String audioCodec) {

  public boolean hasVideo() {
    return videoCodec != null;
  }

  public boolean hasAudio() {
    return audioCodec != null;
  }

  /** One line for the script output, e.g. {@code mov,mp4 2.0 s, video h264 1280x720, audio aac}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(format).append(' ').append(String.format("%.1f s", durationMillis / 1000.0));
    if (hasVideo()) {
      sb.append(", video ").append(videoCodec).append(' ').append(width).append('x').append(height);
    }
    if (hasAudio()) {
      sb.append(", audio ").append(audioCodec);
    }
    return sb.toString();
  }
}
