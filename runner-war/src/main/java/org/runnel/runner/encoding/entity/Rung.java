package org.runnel.runner.encoding.entity;

/**
 * One rung of the encoding ladder, with the rate control of the reference runner's CPU encodes so
 * that Runnel's output matches its quality: average, minimum and maximum video bitrate, the
 * rate-control buffer, the audio bitrate, and whether an MP4 is made besides the HLS stream.
 *
 * @param name the ladder key, e.g. {@code 360}; the output names start with {@code <name>p_}
 * @param height the nominal picture height (the width follows the source's aspect ratio)
 */
public record Rung(
    String name,
    int width,
    int height,
    String videoBitrate,
    String minRate,
    String maxRate,
    String bufferSize,
    String audioBitrate,
    boolean encodeMp4) {

  /**
   * The output height for a source of the given height: the rung's height, or the source's when it
   * is smaller, rounded down to an even number as H.264 in 4:2:0 requires.
   */
  public int heightFor(int sourceHeight) {
    int h = sourceHeight > 0 ? Math.min(height, sourceHeight) : height;
    return Math.max(2, h - h % 2);
  }

  /** The output width for a source of the given size at {@link #heightFor}: aspect kept, even. */
  public int widthFor(int sourceWidth, int sourceHeight) {
    int h = heightFor(sourceHeight);
    if (sourceWidth <= 0 || sourceHeight <= 0) {
      return width;
    }
    long w = Math.round((double) sourceWidth * h / sourceHeight);
    return (int) Math.max(2, w - w % 2);
  }

  public String hlsName(String stem) {
    return name + "p_" + stem + ".m3u8";
  }

  public String segmentsName(String stem) {
    return name + "p_" + stem + ".ts";
  }

  public String mp4Name(String stem) {
    return name + "p_" + stem + ".mp4";
  }
}
