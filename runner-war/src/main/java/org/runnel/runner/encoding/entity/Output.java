package org.runnel.runner.encoding.entity;

/**
 * One file the encoding promises, with what it must contain: the check after the encode probes it
 * against these facts, and {@code info_video.json} lists it by kind.
 *
 * @param rendition the rung's nominal {@code WxH} (as the ladder names it, which is what Pod
 *     matches) for video outputs, null otherwise
 * @param seconds for a thumbnail, its time in the output; 0 otherwise
 */
public record Output(
    String filename, Kind kind, String rendition, boolean video, boolean audio, double seconds) {

  /** What an output is, with the MIME type Pod records for it. */
  public enum Kind {
    HLS("video/mp2t"),
    SEGMENTS("video/mp2t"),
    MP4("video/mp4"),
    MP3("audio/mp3"),
    M4A("video/mp4"),
    THUMBNAIL("image/png"),
    OVERVIEW("image/png"),
    OVERVIEW_VTT("text/vtt");

    private final String mime;

    Kind(String mime) {
      this.mime = mime;
    }

    public String mime() {
      return mime;
    }

    /** Whether ffprobe can check the file as media (the overview VTT is checked by parsing). */
    public boolean probed() {
      return this != OVERVIEW_VTT && this != SEGMENTS;
    }
  }
}
