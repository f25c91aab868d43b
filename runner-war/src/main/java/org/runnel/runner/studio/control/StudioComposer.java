package org.runnel.runner.studio.control;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.runnel.runner.encoding.control.EncodingPlan;
import org.runnel.runner.media.control.MediaInputs;
import org.runnel.runner.media.entity.SourceInfo;
import org.runnel.runner.studio.entity.MediaPackage;

/**
 * The ffmpeg arguments that compose {@code studio_base.mp4} from a studio recording: the
 * presentation and the presenter side by side ({@code mid}), or the presentation full frame with
 * the presenter as a picture-in-picture at the top ({@code piph}) or bottom ({@code pipb}) right
 * corner; a single track fills the frame. The kept SMIL segments are selected in the same pass.
 * Audio comes from the presenter track when it has some, else from the presentation.
 */
public final class StudioComposer {

  public static final String FILE = "studio_base.mp4";

  /** One input: its file and its probe. */
  public record Track(Path file, SourceInfo info) {}

  /** How the base file is encoded (the studio parameters, with defaults). */
  public record Quality(String preset, int crf, String audioBitrate) {}

  private StudioComposer() {}

  /** The arguments after the ffmpeg program; the output is {@link #FILE} in the working folder. */
  public static List<String> arguments(
      Track presentation,
      Track presenter,
      String layout,
      List<MediaPackage.Segment> segments,
      Quality quality) {
    List<String> args =
        new ArrayList<>(
            List.of("-hide_banner", "-nostdin", "-y", "-nostats", "-progress", "pipe:1"));
    List<Track> tracks = new ArrayList<>();
    for (Track t : new Track[] {presentation, presenter}) {
      if (t != null) {
        args.addAll(MediaInputs.input(t.file()));
        tracks.add(t);
      }
    }
    int height = 720;
    for (Track t : tracks) {
      height = Math.max(height, Math.min(1080, t.info().height() - t.info().height() % 2));
    }
    int width = height * 16 / 9 / 2 * 2;
    List<String> filters = new ArrayList<>();
    String cut =
        segments.isEmpty() ? "" : "," + select(segments, "select", "setpts=N/FRAME_RATE/TB");
    if (tracks.size() == 1) {
      filters.add(fit("[0:v:0]", width, height) + cut + "[v]");
    } else if ("mid".equals(layout)) {
      filters.add(fit("[0:v:0]", width / 2, height) + "[left]");
      filters.add(fit("[1:v:0]", width / 2, height) + "[right]");
      filters.add("[left][right]hstack" + cut + "[v]");
    } else {
      int small = width / 4 / 2 * 2;
      String y = "pipb".equals(layout) ? "main_h-overlay_h-20" : "20";
      filters.add(fit("[0:v:0]", width, height) + "[main]");
      filters.add("[1:v:0]fps=25,scale=" + small + ":-2" + EncodingPlan.SCALER + ",setsar=1[pip]");
      filters.add("[main][pip]overlay=main_w-overlay_w-20:" + y + ":shortest=1" + cut + "[v]");
    }
    int audio = -1;
    for (int i = tracks.size() - 1; i >= 0; i--) {
      if (audio < 0 && tracks.get(i).info().hasAudio()) {
        audio = i;
      }
    }
    if (audio >= 0) {
      String acut = segments.isEmpty() ? "anull" : select(segments, "aselect", "asetpts=N/SR/TB");
      filters.add("[" + audio + ":a:0]" + acut + "[a]");
    }
    args.addAll(List.of("-filter_complex", String.join(";", filters), "-map", "[v]"));
    if (audio >= 0) {
      args.addAll(List.of("-map", "[a]", "-c:a", "aac", "-b:a", quality.audioBitrate()));
      args.addAll(List.of("-ar", "48000"));
    }
    args.addAll(List.of("-c:v", "libx264", "-preset", quality.preset()));
    args.addAll(List.of("-crf", String.valueOf(quality.crf()), "-pix_fmt", "yuv420p"));
    args.addAll(List.of("-shortest", "-movflags", "+faststart", FILE));
    return args;
  }

  /** The duration of the composed file: the kept segments, or the longest track. */
  public static double duration(List<Track> tracks, List<MediaPackage.Segment> segments) {
    if (!segments.isEmpty()) {
      return segments.stream().mapToDouble(s -> s.end() - s.start()).sum();
    }
    return tracks.stream().mapToDouble(t -> t.info().durationSeconds()).min().orElse(0);
  }

  private static String fit(String input, int w, int h) {
    return String.format(
        Locale.ROOT,
        "%sfps=25,scale=%d:%d:force_original_aspect_ratio=decrease"
            + EncodingPlan.SCALER
            + ","
            + "pad=%d:%d:(ow-iw)/2:(oh-ih)/2,setsar=1",
        input,
        w,
        h,
        w,
        h);
  }

  private static String select(List<MediaPackage.Segment> segments, String filter, String pts) {
    String keep =
        segments.stream()
            .map(s -> String.format(Locale.ROOT, "between(t\\,%.3f\\,%.3f)", s.start(), s.end()))
            .collect(Collectors.joining("+"));
    return filter + "='" + keep + "'," + pts;
  }
}
