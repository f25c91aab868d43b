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

/**
 * Reads the streams of a media file with {@code ffprobe}'s JSON output, run through the {@link
 * ProcessLauncher}. JAVE ships no ffprobe: when none is configured or found, the probe falls back
 * to JAVE's parsing of {@code ffmpeg -i}, which knows less (one audio stream, no cover-art flag, no
 * frame rate). A file that cannot be parsed, or that has neither video nor audio, is refused with a
 * sentence the end user understands.
 */
public class SourceProbe {

  public static final String NOT_MEDIA =
      "The source file does not look like a video: please upload it again";

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final ProcessLauncher launcher;
  private final String ffprobe;
  private final ProcessLocator ffmpeg;

  /**
   * @param ffprobe the ffprobe program, null to use the fallback
   * @param ffmpeg the ffmpeg of the fallback
   */
  public SourceProbe(ProcessLauncher launcher, String ffprobe, ProcessLocator ffmpeg) {
    this.launcher = launcher;
    this.ffprobe = ffprobe;
    this.ffmpeg = ffmpeg;
  }

  public SourceInfo probe(Path file, Cancellation cancellation) throws TaskFailure {
    return ffprobe == null ? probeWithFfmpeg(file) : probeWithFfprobe(file, cancellation);
  }

  private SourceInfo probeWithFfprobe(Path file, Cancellation cancellation) throws TaskFailure {
    List<String> command = command(ffprobe, file);
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
    return List.of(
        ffprobe,
        "-v",
        "error",
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
        file.toString());
  }

  private SourceInfo probeWithFfmpeg(Path file) throws TaskFailure {
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
