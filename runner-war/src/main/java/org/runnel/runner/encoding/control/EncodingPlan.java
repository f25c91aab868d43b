package org.runnel.runner.encoding.control;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.runnel.runner.encoding.entity.Cut;
import org.runnel.runner.encoding.entity.Dressing;
import org.runnel.runner.encoding.entity.Output;
import org.runnel.runner.encoding.entity.Rung;
import org.runnel.runner.media.control.MediaInputs;
import org.runnel.runner.media.entity.SourceInfo;

/**
 * The single ffmpeg run that makes every output of an encoding task: the source is decoded once;
 * one filtergraph cuts, converts to a constant frame rate, lays the watermark, adds the credits,
 * then {@code split}s the picture into one scaler per rung, the three thumbnails and the overview
 * sprite; each rung is encoded once and its packets go through the {@code tee} muxer to both the
 * single-file HLS playlist and the faststart MP4. The MP3 (and the M4A of an audio-only source) are
 * further outputs of the same run. The reference pipeline decodes twice and encodes the MP4 rungs
 * twice; this plan is why Runnel is faster at equal settings.
 *
 * <p>The plan is pure: it only computes arguments and the list of promised outputs, so it is tested
 * without running anything. Outputs are relative names: ffmpeg runs in the output folder, which
 * keeps file names out of the tee muxer's escaping rules.
 */
public final class EncodingPlan {

  /**
   * The options every scaler in the graph states. Inside {@code -filter_complex} ffmpeg's {@code
   * scale} defaults to bilinear (the command line's bicubic default applies only to {@code -vf}),
   * which costs visible sharpness at the same bitrate; bicubic is what the reference pipeline gets.
   */
  public static final String SCALER = ":flags=bicubic";

  /** Thumbnails at 25, 50 and 75 % of the duration. */
  public static final int[] THUMBNAIL_PERCENTS = {25, 50, 75};

  static final int SPRITE_HEIGHT = 90;
  static final String MP3_BITRATE = "192k";

  /** A credits video and what its probe said. */
  public record Credit(Path file, SourceInfo info) {}

  /**
   * What is encoded.
   *
   * @param watermark the downloaded watermark image, null without one
   */
  public record Source(
      Path file,
      SourceInfo info,
      String stem,
      Cut cut,
      Dressing dressing,
      Path watermark,
      Credit opening,
      Credit ending) {}

  private final List<String> args = new ArrayList<>();
  private final List<Output> outputs = new ArrayList<>();
  private final List<String> filters = new ArrayList<>();
  private final Source source;
  private final EncodingSettings settings;
  private final double duration;
  private final int spriteImages;
  private final int spriteWidth;
  private int inputs;

  private EncodingPlan(Source source, List<Rung> rungs, EncodingSettings settings) {
    this.source = source;
    this.settings = settings;
    SourceInfo info = source.info();
    double main = info.durationSeconds();
    Cut cut = source.cut();
    if (cut.active()) {
      main = Math.max(0, Math.min(cut.lengthSeconds(), main - cut.startSeconds()));
    }
    boolean video = info.hasVideo();
    this.duration = main + (video ? creditSeconds(source.opening()) : 0) + creditSeconds(ending());
    this.spriteImages = duration >= 100 ? 100 : 10;
    this.spriteWidth =
        video ? even(Math.round((double) SPRITE_HEIGHT * info.width() / info.height())) : 0;
    build(video ? rungs : List.of());
  }

  /** The plan for a source, the rungs kept for it, and the runner's settings. */
  public static EncodingPlan of(Source source, List<Rung> rungs, EncodingSettings settings) {
    return new EncodingPlan(source, rungs, settings);
  }

  /** The arguments after the ffmpeg program. */
  public List<String> arguments() {
    return List.copyOf(args);
  }

  /** Every file the run promises, plus the overview VTT written afterwards. */
  public List<Output> outputs() {
    return List.copyOf(outputs);
  }

  /** The duration of the outputs in seconds: what progress is measured against. */
  public double durationSeconds() {
    return duration;
  }

  public int spriteImages() {
    return spriteImages;
  }

  public int spriteWidth() {
    return spriteWidth;
  }

  private Credit ending() {
    return source.info().hasVideo() ? source.ending() : null;
  }

  private void build(List<Rung> rungs) {
    SourceInfo info = source.info();
    add("-hide_banner", "-nostdin", "-y", "-nostats", "-progress", "pipe:1");
    Cut cut = source.cut();
    if (cut.active()) {
      add("-ss", seconds(cut.startSeconds()), "-t", seconds(cut.lengthSeconds()));
    }
    int main = input(source.file());
    boolean credits = !rungs.isEmpty() && source.dressing().hasCredits();
    String audio = info.hasAudio() ? main + ":a:0" : null;
    if (!rungs.isEmpty()) {
      String picture = picture(main, credits);
      if (credits) {
        String[] joined = concat(picture, audio);
        picture = joined[0];
        audio = joined[1];
      }
      videoOutputs(picture, audio, rungs, credits);
    } else {
      audioOnlyOutputs(audio);
    }
    if (!filters.isEmpty()) {
      args.addAll(inputsEnd(), List.of("-filter_complex", String.join(";", filters)));
    }
  }

  private int inputsEnd() {
    int last = args.lastIndexOf("-i");
    return last + 2;
  }

  /** The picture chain: constant frame rate, the watermark when there is one. */
  private String picture(int main, boolean credits) {
    SourceInfo info = source.info();
    String chain = "[" + main + ":v:0]fps=" + rate() + (credits ? ",setsar=1" : "");
    chain += ",format=yuv420p";
    if (source.watermark() == null) {
      filters.add(chain + "[base]");
      return "[base]";
    }
    int mark = input(source.watermark());
    Dressing d = source.dressing();
    // the logo is 10 % of the picture height, as the reference runner lays it
    int height = even(Math.max(2, info.height() / 10));
    filters.add(chain + "[plain]");
    filters.add(
        String.format(
            Locale.ROOT,
            "[%d:v]scale=-2:%d" + SCALER + ",format=rgba,colorchannelmixer=aa=%.2f[mark]",
            mark,
            height,
            d.opacity() / 100.0));
    filters.add("[plain][mark]overlay=" + d.overlayPosition() + "[base]");
    return "[base]";
  }

  /** Opening credits, the main part and ending credits joined: returns video and audio labels. */
  private String[] concat(String picture, String audio) {
    StringBuilder parts = new StringBuilder();
    int n = 0;
    for (Credit credit : new Credit[] {source.opening(), null, source.ending()}) {
      if (credit == null && n != (source.opening() == null ? 0 : 1)) {
        continue;
      }
      parts.append(credit == null ? mainPart(picture, audio) : creditPart(credit, audio != null));
      n++;
    }
    String a = audio == null ? 0 + "[joined]" : 1 + "[joined][joineda]";
    filters.add(parts + "concat=n=" + n + ":v=1:a=" + a);
    return new String[] {"[joined]", audio == null ? null : "[joineda]"};
  }

  private String mainPart(String picture, String audio) {
    filters.add(picture + "null[mv]");
    if (audio == null) {
      return "[mv]";
    }
    filters.add("[" + audio + "]" + AUDIO_FORMAT + "[ma]");
    return "[mv][ma]";
  }

  private String creditPart(Credit credit, boolean withAudio) {
    SourceInfo info = source.info();
    int w = even(info.width());
    int h = even(info.height());
    int in = input(credit.file());
    String v = "[c" + in + "v]";
    filters.add(
        String.format(
            Locale.ROOT,
            "[%d:v:0]scale=%d:%d:force_original_aspect_ratio=decrease"
                + SCALER
                + ","
                + "pad=%d:%d:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=%s,format=yuv420p%s",
            in,
            w,
            h,
            w,
            h,
            rate(),
            v));
    if (!withAudio) {
      return v;
    }
    String a = "[c" + in + "a]";
    filters.add(
        credit.info().hasAudio()
            ? "[" + in + ":a:0]" + AUDIO_FORMAT + a
            : String.format(
                Locale.ROOT,
                "aevalsrc=0|0:s=48000:d=%.3f,%s%s",
                credit.info().durationSeconds(),
                AUDIO_FORMAT,
                a));
    return v + a;
  }

  private static final String AUDIO_FORMAT =
      "aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo";

  private void videoOutputs(String picture, String audio, List<Rung> rungs, boolean filtered) {
    SourceInfo info = source.info();
    int branches = rungs.size() + THUMBNAIL_PERCENTS.length + 1;
    StringBuilder split = new StringBuilder(picture + "split=" + branches);
    for (int i = 0; i < branches; i++) {
      split.append("[s").append(i).append(']');
    }
    filters.add(split.toString());
    List<String> audios = audioLabels(audio, rungs.size() + 1, filtered);
    String stem = source.stem();
    int branch = 0;
    int top = 0;
    for (Rung rung : rungs) {
      int w = rung.widthFor(info.width(), info.height());
      int h = rung.heightFor(info.height());
      top = Math.max(top, h);
      String label = "[r" + rung.name() + "]";
      filters.add("[s" + branch + "]scale=" + w + ":" + h + SCALER + label);
      String a = audio == null ? null : audios.get(branch);
      branch++;
      add("-map", label);
      if (a != null) {
        add("-map", a);
      }
      videoEncoder(rung);
      if (a != null) {
        add("-c:a", "aac", "-b:a", rung.audioBitrate(), "-ar", "48000");
      }
      // Pod looks the rendition up by the ladder's nominal resolution, not the picture's real size
      // (a 4:3 source gives 480x360 pictures in the "640x360" rung).
      String size = rung.width() + "x" + rung.height();
      String hls =
          "[f=hls:hls_time=2:hls_playlist_type=vod:hls_flags=single_file+independent_segments]"
              + rung.hlsName(stem);
      outputs.add(new Output(rung.hlsName(stem), Output.Kind.HLS, size, true, a != null, 0));
      outputs.add(
          new Output(rung.segmentsName(stem), Output.Kind.SEGMENTS, size, true, a != null, 0));
      String slaves = hls;
      if (rung.encodeMp4()) {
        slaves += "|[f=mp4:movflags=+faststart]" + rung.mp4Name(stem);
        outputs.add(new Output(rung.mp4Name(stem), Output.Kind.MP4, size, true, a != null, 0));
      }
      add("-flags", "+global_header", "-max_muxing_queue_size", "4096", "-f", "tee", slaves);
    }
    for (int i = 0; i < THUMBNAIL_PERCENTS.length; i++) {
      double at = duration * THUMBNAIL_PERCENTS[i] / 100.0;
      String label = "[t" + i + "]";
      filters.add(
          String.format(
              Locale.ROOT,
              "[s%d]select='isnan(prev_selected_t)*gte(t\\,%.3f)',scale=-2:%d" + SCALER + "%s",
              branch++,
              at,
              top,
              label));
      String name = stem + "_" + i + ".png";
      image(label, name);
      outputs.add(new Output(name, Output.Kind.THUMBNAIL, null, true, false, at));
    }
    filters.add(
        String.format(
            Locale.ROOT,
            "[s%d]fps=%d/%.3f,scale=%d:%d" + SCALER + ",tile=%dx1[sprite]",
            branch,
            spriteImages,
            Math.max(duration, 0.1),
            spriteWidth,
            SPRITE_HEIGHT,
            spriteImages));
    image("[sprite]", "overview.png");
    outputs.add(new Output("overview.png", Output.Kind.OVERVIEW, null, true, false, 0));
    outputs.add(new Output("overview.vtt", Output.Kind.OVERVIEW_VTT, null, false, false, 0));
    if (audio != null) {
      mp3(audios.get(audios.size() - 1));
    }
  }

  private void audioOnlyOutputs(String audio) {
    mp3(audio);
    String name = "audio_" + MP3_BITRATE + "_" + source.stem() + ".m4a";
    add("-map", audio, "-vn", "-c:a", "aac", "-b:a", MP3_BITRATE, "-ar", "48000");
    add("-movflags", "+faststart", "-max_muxing_queue_size", "4096", name);
    outputs.add(new Output(name, Output.Kind.M4A, null, false, true, 0));
  }

  private void mp3(String audio) {
    String name = "audio_" + MP3_BITRATE + "_" + source.stem() + ".mp3";
    add("-map", audio, "-vn", "-c:a", "libmp3lame", "-q:a", "2");
    add("-max_muxing_queue_size", "4096", name);
    outputs.add(new Output(name, Output.Kind.MP3, null, false, true, 0));
  }

  /** Audio as a stream specifier (mapped as often as needed) or, once filtered, split labels. */
  private List<String> audioLabels(String audio, int consumers, boolean filtered) {
    List<String> labels = new ArrayList<>();
    if (audio == null) {
      return labels;
    }
    if (!filtered) {
      for (int i = 0; i < consumers; i++) {
        labels.add(audio);
      }
      return labels;
    }
    StringBuilder split = new StringBuilder(audio + "asplit=" + consumers);
    for (int i = 0; i < consumers; i++) {
      split.append("[as").append(i).append(']');
      labels.add("[as" + i + "]");
    }
    filters.add(split.toString());
    return labels;
  }

  private void videoEncoder(Rung rung) {
    if (settings.nvenc()) {
      add("-c:v", "h264_nvenc", "-preset", settings.nvencPreset(), "-rc", "vbr");
      add("-forced-idr", "1");
    } else {
      add("-c:v", "libx264", "-preset", settings.preset());
      add("-qmin", "20", "-qmax", "50", "-sc_threshold", "0");
    }
    add("-profile:v", "high", "-pix_fmt", "yuv420p");
    add("-b:v", rung.videoBitrate(), "-minrate", rung.minRate(), "-maxrate", rung.maxRate());
    add("-bufsize", rung.bufferSize(), "-force_key_frames", "expr:gte(t,n_forced*2)");
  }

  private void image(String label, String name) {
    add("-map", label, "-frames:v", "1", "-update", "1", "-f", "image2", name);
  }

  /** An input: local files only, media demuxers only ({@link MediaInputs}). */
  private int input(Path file) {
    args.addAll(MediaInputs.input(file));
    return inputs++;
  }

  /** The output frame rate: the source's average, within 1–60 fps (25 when unknown). */
  String rate() {
    double fps = source.info().frameRate();
    if (!(fps >= 1)) {
      return "25";
    }
    return String.format(Locale.ROOT, "%.3f", Math.min(fps, 60));
  }

  private static double creditSeconds(Credit credit) {
    return credit == null ? 0 : credit.info().durationSeconds();
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s);
  }

  private static int even(long n) {
    return (int) Math.max(2, n - n % 2);
  }

  private void add(String... values) {
    args.addAll(List.of(values));
  }
}
