package org.runnel.runner.encoding.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntConsumer;
import org.runnel.runner.encoding.entity.Rendition;
import org.runnel.runner.media.control.Watchdog;
import org.runnel.runner.media.entity.SourceInfo;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.shared.task.TaskStatus;
import ws.schild.jave.Encoder;
import ws.schild.jave.EncoderException;
import ws.schild.jave.MultimediaObject;
import ws.schild.jave.encode.ArgType;
import ws.schild.jave.encode.AudioAttributes;
import ws.schild.jave.encode.EncodingArgument;
import ws.schild.jave.encode.EncodingAttributes;
import ws.schild.jave.encode.ValueArgument;
import ws.schild.jave.encode.VideoAttributes;
import ws.schild.jave.encode.enums.X264_PROFILE;
import ws.schild.jave.info.MultimediaInfo;
import ws.schild.jave.process.ProcessLocator;
import ws.schild.jave.progress.EncoderProgressListener;

/**
 * Encodes one MP4 rendition with JAVE's ffmpeg, with the settings of the reference runner's CPU
 * encodes (libx264 high profile, keyframes every 2 s, constrained bitrate; AAC at 48 kHz) and the
 * moov atom first so that playback starts before the whole file is loaded. Options JAVE has no
 * attribute for go through {@link ValueArgument}s, the only way JAVE passes extra options.
 *
 * <p>The ffmpeg process is killed when the attempt is stopped or when the encode outlasts its time
 * limit; the latter is reported as {@code timeout}.
 */
public class Mp4Encoder {

  private static final int LOG_LINES = 5;

  private final ProcessLocator ffmpeg;
  private final String preset;
  private final Duration timeout;
  private final ScheduledExecutorService scheduler;

  public Mp4Encoder(
      ProcessLocator ffmpeg, String preset, Duration timeout, ScheduledExecutorService scheduler) {
    this.ffmpeg = ffmpeg;
    this.preset = preset;
    this.timeout = timeout;
    this.scheduler = scheduler;
  }

  /**
   * Encodes {@code source} into {@code target}: video scaled to the rung's height (aspect kept)
   * when the source has video, audio when it has audio.
   */
  public void encode(
      Path source,
      SourceInfo info,
      Rendition rung,
      Path target,
      Cancellation cancellation,
      IntConsumer progress)
      throws TaskFailure {
    Encoder encoder = new Encoder(ffmpeg);
    Deque<String> messages = new ArrayDeque<>();
    cancellation.onRequest(encoder::abortEncoding);
    try (Watchdog watchdog = Watchdog.start(scheduler, timeout, encoder::abortEncoding)) {
      EncoderProgressListener listener =
          new EncoderProgressListener() {
            @Override
            public void sourceInfo(MultimediaInfo ignored) {
              // the source was probed before
            }

            @Override
            public void progress(int permil) {
              progress.accept(permil / 10);
              if (cancellation.requested() || watchdog.expired()) {
                encoder.abortEncoding();
              }
            }

            @Override
            public void message(String line) {
              synchronized (messages) {
                messages.addLast(line);
                while (messages.size() > LOG_LINES) {
                  messages.removeFirst();
                }
              }
            }
          };
      try {
        cancellation.throwIfRequested();
        encoder.encode(
            List.of(new MultimediaObject(source.toFile(), ffmpeg)),
            target.toFile(),
            attributes(info, rung),
            listener,
            arguments(info, rung));
      } catch (EncoderException | RuntimeException e) {
        cancellation.throwIfRequested();
        if (watchdog.expired()) {
          throw new TaskFailure(
              TaskStatus.TIMEOUT,
              "The encoding took longer than the allowed " + timeout.toSeconds() + " seconds");
        }
        String detail;
        synchronized (messages) {
          detail = messages.isEmpty() ? String.valueOf(e.getMessage()) : messages.getLast();
        }
        throw TaskFailure.failed("The encoding failed (ffmpeg: " + detail + ")");
      }
    } finally {
      cancellation.onRequest(null);
    }
  }

  private EncodingAttributes attributes(SourceInfo info, Rendition rung) {
    EncodingAttributes attributes = new EncodingAttributes().setOutputFormat("mp4");
    if (info.hasVideo()) {
      attributes.setVideoAttributes(
          new VideoAttributes()
              .setCodec("libx264")
              .setX264Profile(X264_PROFILE.HIGH)
              .setPixelFormat("yuv420p")
              .setPreset(preset));
    }
    if (info.hasAudio()) {
      attributes.setAudioAttributes(
          new AudioAttributes()
              .setCodec("aac")
              .setBitRate(rung.audioBitrate())
              .setSamplingRate(48_000));
    }
    return attributes;
  }

  private static List<EncodingArgument> arguments(SourceInfo info, Rendition rung) {
    List<EncodingArgument> args = new ArrayList<>();
    if (info.hasVideo()) {
      args.add(option("-vf", "scale=-2:" + rung.heightFor(info.height())));
      args.add(option("-b:v", rung.videoBitrate()));
      args.add(option("-minrate", rung.minRate()));
      args.add(option("-maxrate", rung.maxRate()));
      args.add(option("-bufsize", rung.bufferSize()));
      args.add(option("-qmin", "20"));
      args.add(option("-qmax", "50"));
      args.add(option("-sc_threshold", "0"));
      args.add(option("-force_key_frames", "expr:gte(t,n_forced*2)"));
    }
    args.add(option("-movflags", "+faststart"));
    return args;
  }

  private static EncodingArgument option(String name, String value) {
    return new ValueArgument(ArgType.OUTFILE, name, attributes -> Optional.of(value));
  }
}
