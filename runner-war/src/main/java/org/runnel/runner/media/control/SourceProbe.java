package org.runnel.runner.media.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.runnel.runner.media.entity.SourceInfo;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.shared.json.Json;
import ws.schild.jave.EncoderException;
import ws.schild.jave.MultimediaObject;
import ws.schild.jave.info.AudioInfo;
import ws.schild.jave.info.MultimediaInfo;
import ws.schild.jave.info.VideoInfo;
import ws.schild.jave.process.ProcessLocator;
import ws.schild.jave.process.ProcessWrapper;

/**
 * Reads the streams of a media file with {@code ffprobe}'s JSON output, run through the {@link
 * ProcessLauncher}. JAVE ships no ffprobe: when none is configured or found, the probe falls back
 * to JAVE's parsing of {@code ffmpeg -i}, which knows less (one audio stream, no cover-art flag, no
 * frame rate). A file that cannot be parsed, or that has neither video nor audio, is refused with a
 * sentence the end user understands.
 *
 * <p>Both ways open the file with {@link MediaInputs#OPTIONS} (the {@code file} protocol, media
 * demuxers only): a playlist or a list of files is refused before any entry it names is opened, and
 * told apart ({@link MediaInputs#PLAYLIST}) by its first bytes or its format name.
 */
public class SourceProbe {

  public static final String NOT_MEDIA =
      "The source file does not look like a video: please upload it again";

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final ProcessLauncher launcher;
  private final String ffprobe;
  private final ProcessLocator ffmpeg;
  private final ProcessLocator outputFfmpeg;

  /**
   * @param ffprobe the ffprobe program, null to use the fallback
   * @param ffmpeg the ffmpeg of the fallback
   */
  public SourceProbe(ProcessLauncher launcher, String ffprobe, ProcessLocator ffmpeg) {
    this.launcher = launcher;
    this.ffprobe = ffprobe;
    this.ffmpeg = ffmpeg == null ? null : guarded(ffmpeg, MediaInputs.OPTIONS);
    this.outputFfmpeg = ffmpeg == null ? null : guarded(ffmpeg, MediaInputs.OUTPUT_OPTIONS);
  }

  /** JAVE's {@code ffmpeg -i file}, with the input options placed before its {@code -i}. */
  private static ProcessLocator guarded(ProcessLocator ffmpeg, List<String> options) {
    return new ProcessLocator() {
      @Override
      public String getExecutablePath() {
        return ffmpeg.getExecutablePath();
      }

      @Override
      public ProcessWrapper createExecutor() {
        ProcessWrapper process = ffmpeg.createExecutor();
        options.forEach(process::addArgument);
        return process;
      }
    };
  }

  /** Probes a downloaded file, which must be media and never a list of other files. */
  public SourceInfo probe(Path file, Cancellation cancellation) throws TaskFailure {
    SourceInfo info;
    try {
      info =
          ffprobe == null
              ? probeWithFfmpeg(file, ffmpeg)
              : probeWithFfprobe(command(ffprobe, file), cancellation);
    } catch (TaskFailure e) {
      if (e.getMessage().equals(NOT_MEDIA) && looksLikeList(file)) {
        throw TaskFailure.failed(MediaInputs.PLAYLIST);
      }
      throw e;
    }
    if (MediaInputs.listFormat(info.format())) {
      throw TaskFailure.failed(MediaInputs.PLAYLIST);
    }
    return info;
  }

  /**
   * Probes a file this runner's encoding wrote, its single-file HLS playlists included ({@link
   * MediaInputs#OUTPUT_OPTIONS}).
   */
  public SourceInfo probeOutput(Path file, Cancellation cancellation) throws TaskFailure {
    return ffprobe == null
        ? probeWithFfmpeg(file, outputFfmpeg)
        : probeWithFfprobe(outputCommand(ffprobe, file), cancellation);
  }

  private static boolean looksLikeList(Path file) {
    try {
      return MediaInputs.looksLikeList(file);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private SourceInfo probeWithFfprobe(List<String> command, Cancellation cancellation)
      throws TaskFailure {
    Map<?, ?> json;
    try {
      String out =
          launcher
              .run(ProcessLauncher.Launch.collecting("The probe", command, TIMEOUT), cancellation)
              .stdout();
      json = Json.read(out, Map.class);
    } catch (TaskFailure e) {
      cancellation.throwIfRequested();
      throw TaskFailure.failed(NOT_MEDIA);
    } catch (RuntimeException e) {
      throw TaskFailure.failed(NOT_MEDIA);
    }
    Map<?, ?> format = json.get("format") instanceof Map<?, ?> m ? m : Map.of();
    List<?> streams = json.get("streams") instanceof List<?> l ? l : List.of();
    Map<?, ?> video = null;
    Map<?, ?> audio = null;
    int audioStreams = 0;
    double duration = number(format.get("duration"));
    List<String> codecs = new ArrayList<>();
    for (Object o : streams) {
      if (!(o instanceof Map<?, ?> s)) {
        continue;
      }
      codecs.add(String.valueOf(s.get("codec_name")));
      duration = duration > 0 ? duration : number(s.get("duration"));
      String type = String.valueOf(s.get("codec_type"));
      if ("video".equals(type) && video == null && !attachedPicture(s)) {
        video = s;
      } else if ("audio".equals(type)) {
        audioStreams++;
        audio = audio == null ? s : audio;
      }
    }
    if (video == null && audio == null) {
      throw TaskFailure.failed(NOT_MEDIA);
    }
    return new SourceInfo(
        String.valueOf(format.get("format_name")),
        Math.round(Math.max(0, duration) * 1000),
        video == null ? null : String.valueOf(video.get("codec_name")),
        video == null ? 0 : (int) number(video.get("width")),
        video == null ? 0 : (int) number(video.get("height")),
        video == null ? 0 : frameRate(video),
        audio == null ? null : String.valueOf(audio.get("codec_name")),
        audioStreams,
        codecs);
  }

  /** The ffprobe command that describes a file's format and streams as JSON. */
  public static List<String> command(String ffprobe, Path file) {
    return command(ffprobe, file, MediaInputs.OPTIONS);
  }

  /** The ffprobe command for one of the runner's own outputs. */
  public static List<String> outputCommand(String ffprobe, Path file) {
    return command(ffprobe, file, MediaInputs.OUTPUT_OPTIONS);
  }

  private static List<String> command(String ffprobe, Path file, List<String> options) {
    List<String> command = new ArrayList<>(List.of(ffprobe, "-v", "error"));
    command.addAll(options);
    command.addAll(List.of("-print_format", "json", "-show_format", "-show_streams"));
    command.add(file.toAbsolutePath().normalize().toString());
    return command;
  }

  private static SourceInfo probeWithFfmpeg(Path file, ProcessLocator ffmpeg) throws TaskFailure {
    MultimediaInfo info;
    try {
      info = new MultimediaObject(file.toFile(), ffmpeg).getInfo();
    } catch (EncoderException | RuntimeException e) {
      throw TaskFailure.failed(NOT_MEDIA);
    }
    VideoInfo video = info.getVideo();
    AudioInfo audio = info.getAudio();
    if (video == null && audio == null) {
      throw TaskFailure.failed(NOT_MEDIA);
    }
    boolean sized = video != null && video.getSize() != null;
    List<String> codecs = new ArrayList<>();
    String videoCodec = video == null ? null : codec(video.getDecoder());
    String audioCodec = audio == null ? null : codec(audio.getDecoder());
    if (videoCodec != null) {
      codecs.add(videoCodec);
    }
    if (audioCodec != null) {
      codecs.add(audioCodec);
    }
    return new SourceInfo(
        info.getFormat(),
        Math.max(0, info.getDuration()),
        videoCodec,
        sized ? video.getSize().getWidth() : 0,
        sized ? video.getSize().getHeight() : 0,
        video == null ? 0 : video.getFrameRate(),
        audioCodec,
        audio == null ? 0 : 1,
        codecs);
  }

  private static boolean attachedPicture(Map<?, ?> stream) {
    return stream.get("disposition") instanceof Map<?, ?> d && number(d.get("attached_pic")) == 1;
  }

  private static double frameRate(Map<?, ?> video) {
    double avg = ratio(video.get("avg_frame_rate"));
    return avg > 0 ? avg : ratio(video.get("r_frame_rate"));
  }

  private static double ratio(Object value) {
    String text = String.valueOf(value);
    int slash = text.indexOf('/');
    if (slash < 0) {
      return number(text);
    }
    double den = number(text.substring(slash + 1));
    return den > 0 ? number(text.substring(0, slash)) / den : 0;
  }

  private static double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return value == null ? 0 : Double.parseDouble(value.toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The codec name from ffmpeg's description, e.g. {@code h264} from {@code h264 (High) (avc1)}.
   */
  private static String codec(String decoder) {
    String name = decoder == null ? "" : decoder.trim();
    int space = name.indexOf(' ');
    name = space > 0 ? name.substring(0, space) : name;
    return name.isEmpty() ? "unknown" : name;
  }
}
