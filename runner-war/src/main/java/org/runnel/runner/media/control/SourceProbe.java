package org.runnel.runner.media.control;

import java.nio.file.Path;
import org.runnel.runner.media.entity.SourceInfo;
import org.runnel.runner.tasks.entity.TaskFailure;
import ws.schild.jave.EncoderException;
import ws.schild.jave.MultimediaObject;
import ws.schild.jave.info.AudioInfo;
import ws.schild.jave.info.MultimediaInfo;
import ws.schild.jave.info.VideoInfo;
import ws.schild.jave.process.ProcessLocator;

/**
 * Reads the streams of a media file with JAVE's bundled ffmpeg. A file that ffmpeg cannot parse, or
 * that has neither video nor audio, is refused with a sentence the end user understands.
 */
public class SourceProbe {

  public static final String NOT_MEDIA =
      "The source file does not look like a video: please upload it again";

  private final ProcessLocator ffmpeg;

  public SourceProbe(ProcessLocator ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  public SourceInfo probe(Path file) throws TaskFailure {
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
    return new SourceInfo(
        info.getFormat(),
        Math.max(0, info.getDuration()),
        video == null ? null : codec(video.getDecoder()),
        sized ? video.getSize().getWidth() : 0,
        sized ? video.getSize().getHeight() : 0,
        audio == null ? null : codec(audio.getDecoder()));
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
