package org.runnel.runner.media.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What ffmpeg and ffprobe may open as an input. A downloaded file must be a media container, never
 * a playlist or a list of files: an HLS playlist, an {@code ffconcat} list or an SDP description
 * makes ffmpeg open the entries it names, which may be another task's outputs on this runner
 * ({@code file:} entries, absolute or relative) and would be published as this task's result.
 *
 * <p>So every input is given as an absolute path in the task's folder, preceded by {@link
 * #OPTIONS}: the {@code file} protocol only (no network, no {@code concat:}, {@code subfile:} or
 * {@code data:} protocols), and demuxers from {@link #FORMATS} only (media containers, raw streams
 * and still images; no {@code hls}, {@code concat}, {@code sdp}, {@code dash}, {@code lavfi}...).
 * Before that, {@link #refuseLists} refuses a download whose first bytes are a known list format,
 * so that the end user reads {@link #PLAYLIST} rather than a parser's error.
 */
public final class MediaInputs {

  public static final String PLAYLIST =
      "The source is a playlist or a list of files, not a video file: please upload the video"
          + " file itself";

  /** Demuxers an input may use (ffmpeg matches any comma-separated part of a demuxer's name). */
  public static final String FORMATS =
      String.join(
          ",",
          List.of(
              "mov",
              "matroska",
              "webm",
              "avi",
              "flv",
              "live_flv",
              "asf",
              "mpeg",
              "mpegts",
              "mpegvideo",
              "ogg",
              "mxf",
              "dv",
              "gxf",
              "nut",
              "rm",
              "wtv",
              "ivf",
              "mp3",
              "aac",
              "ac3",
              "eac3",
              "dts",
              "wav",
              "w64",
              "flac",
              "amr",
              "amrnb",
              "amrwb",
              "aiff",
              "caf",
              "au",
              "wv",
              "ape",
              "tta",
              "h264",
              "hevc",
              "m4v",
              "mjpeg",
              "vc1",
              "yuv4mpegpipe",
              "gif",
              "image2",
              "png_pipe",
              "jpeg_pipe",
              "webp_pipe",
              "bmp_pipe",
              "tiff_pipe"));

  /** The options that go before every {@code -i} and in every ffprobe run. */
  public static final List<String> OPTIONS =
      List.of("-protocol_whitelist", "file", "-format_whitelist", FORMATS);

  /**
   * The options to probe the runner's own outputs: the same, plus the {@code hls} demuxer for the
   * single-file playlists the encoding wrote (whose only entry is its own segment file).
   */
  public static final List<String> OUTPUT_OPTIONS =
      List.of("-protocol_whitelist", "file", "-format_whitelist", FORMATS + ",hls");

  /** ffprobe format names of lists and descriptions (checked again after a probe). */
  private static final Set<String> LIST_FORMATS =
      Set.of(
          "hls",
          "applehttp",
          "concat",
          "ffconcat",
          "sdp",
          "rtp",
          "rtsp",
          "dash",
          "lavfi",
          "tee",
          "ffmetadata",
          "hds",
          "webm_dash_manifest",
          "image2pipe");

  /** How lists start: HLS, ffconcat, PLS, SDP, XML (DASH, SMIL, ASX, XSPF), plain URL lists. */
  private static final List<String> LIST_STARTS =
      List.of(
          "#extm3u",
          "#ext",
          "ffconcat",
          "file ",
          "[playlist]",
          "v=0",
          "<?xml",
          "<mpd",
          "<smil",
          "<asx",
          "<playlist",
          "http://",
          "https://",
          "file:",
          "rtsp:",
          "rtp:");

  private MediaInputs() {}

  /** {@link #OPTIONS} then {@code -i} and the file's absolute path. */
  public static List<String> input(Path file) {
    List<String> args = new java.util.ArrayList<>(OPTIONS);
    args.add("-i");
    args.add(file.toAbsolutePath().normalize().toString());
    return args;
  }

  /** Whether a probed format name (maybe several, comma-separated) is a list format. */
  public static boolean listFormat(String formatName) {
    for (String part : String.valueOf(formatName).toLowerCase(Locale.ROOT).split(",")) {
      if (LIST_FORMATS.contains(part.strip())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a file starts like a playlist, a list of files or a stream description. */
  public static boolean looksLikeList(Path file) throws IOException {
    byte[] head = new byte[512];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    String start = new String(head, 0, n, StandardCharsets.ISO_8859_1);
    if (start.startsWith("\u00ef\u00bb\u00bf")) {
      start = start.substring(3); // UTF-8 byte order mark
    }
    String s = start.stripLeading().toLowerCase(Locale.ROOT);
    return LIST_STARTS.stream().anyMatch(s::startsWith);
  }
}
