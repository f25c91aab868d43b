package org.runnel.runner.encoding.entity;

/**
 * One rung of the encoding ladder, with the rate control of the reference runner's CPU encodes so
 * that Runnel's output matches its quality: average, minimum and maximum video bitrate, the
 * rate-control buffer, and the audio bitrate.
 *
 * @param height the picture height in pixels (the width follows the source's aspect ratio); 0 for
 *     audio only
 */
public record Rendition(
    int height,
    String videoBitrate,
    String minRate,
    String maxRate,
    String bufferSize,
    int audioBitrate) {

  /** The 360p rung of the default ladder: 640x360, 750k video, 96k audio, MP4 made. */
  public static final Rendition P360 = new Rendition(360, "750k", "500k", "1000k", "1500k", 96_000);

  /** What a source without video gets: AAC at 192k in an MP4 audio file. */
  public static final Rendition AUDIO_ONLY = new Rendition(0, null, null, null, null, 192_000);

  /**
   * The height of the output for a source of the given height: the rung's height, or the source's
   * when it is smaller, rounded down to an even number as H.264 in 4:2:0 requires.
   */
  public int heightFor(int sourceHeight) {
    int h = sourceHeight > 0 ? Math.min(height, sourceHeight) : height;
    return Math.max(2, h - h % 2);
  }

  /**
   * The output file name for a source stem, as Pod expects it: {@code 360p_lecture.mp4}, or {@code
   * audio_192k_lecture.m4a} for the audio-only rung.
   */
  public String fileName(String stem) {
    return height > 0
        ? height + "p_" + stem + ".mp4"
        : "audio_" + audioBitrate / 1000 + "k_" + stem + ".m4a";
  }
}
