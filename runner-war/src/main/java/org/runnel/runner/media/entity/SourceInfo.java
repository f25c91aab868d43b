package org.runnel.runner.media.entity;

import java.util.List;

/**
 * What the runner learnt by probing a media file: enough to choose the outputs (is there a video,
 * an audio stream, how high is the picture, at what frame rate) and to tell the user what was
 * processed.
 *
 * @param durationMillis duration, 0 when unknown
 * @param width display width of the first video stream, 0 without video
 * @param height display height of the first video stream, 0 without video
 * @param frameRate average frame rate of the first video stream, 0 when unknown
 * @param audioStreams how many audio streams the file has (the first one is used)
 * @param codecs the codec names of every stream, for the deny-list
 */
public record SourceInfo(
    String format,
    long durationMillis,
    String videoCodec,
    int width,
    int height,
    double frameRate,
    String audioCodec,
    int audioStreams,
    List<String> codecs) {

  public boolean hasVideo() {
    return videoCodec != null;
  }

  public boolean hasAudio() {
    return audioCodec != null;
  }

  public double durationSeconds() {
    return durationMillis / 1000.0;
  }

  /** One line for the script output, e.g. {@code mov,mp4 2.0 s, video h264 1280x720, audio aac}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(format).append(' ').append(String.format("%.1f s", durationMillis / 1000.0));
    if (hasVideo()) {
      sb.append(", video ").append(videoCodec).append(' ').append(width).append('x').append(height);
      if (frameRate > 0) {
        sb.append(String.format(" %.2f fps", frameRate));
      }
    }
    if (hasAudio()) {
      sb.append(", audio ").append(audioCodec);
      if (audioStreams > 1) {
        sb.append(" (").append(audioStreams).append(" tracks, the first is used)");
      }
    }
    return sb.toString();
  }
}
