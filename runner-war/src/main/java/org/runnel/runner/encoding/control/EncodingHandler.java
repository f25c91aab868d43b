package org.runnel.runner.encoding.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import org.runnel.runner.encoding.entity.Rendition;
import org.runnel.runner.media.control.SourceDownloader;
import org.runnel.runner.media.control.SourceProbe;
import org.runnel.runner.media.entity.FileNames;
import org.runnel.runner.media.entity.SourceInfo;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.Manifest;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.tasks.entity.TaskFolder;
import org.runnel.shared.json.Json;
import org.runnel.shared.task.TaskTypes;
import ws.schild.jave.process.ProcessLocator;

/**
 * The {@code encoding} task: download the source, check that it is media, encode the 360p MP4 rung
 * (or, for a source without video, an AAC audio file), check the output probes as media, and write
 * the manifest. Each step adds a line to the attempt's script output.
 *
 * <p>Only the lowest rung of the default ladder is made for now; {@code rendition}, {@code cut} and
 * {@code dressing} are accepted and not applied yet.
 */
public class EncodingHandler {

  /** The parameter keys the protocol allows for {@code encoding}. */
  static final Set<String> PARAMETERS =
      Set.of("rendition", "cut", "dressing", "video_id", "video_slug", "video_title");

  private final SourceDownloader downloader;
  private final SourceProbe probe;
  private final Mp4Encoder encoder;

  /** The settings of an encoding runner. */
  public record Settings(
      long downloadMaxBytes, Duration downloadTimeout, Duration encodeTimeout, String preset) {}

  public EncodingHandler(
      Settings settings, ProcessLocator ffmpeg, ScheduledExecutorService scheduler) {
    this.downloader =
        new SourceDownloader(settings.downloadMaxBytes(), settings.downloadTimeout(), scheduler);
    this.probe = new SourceProbe(ffmpeg);
    this.encoder = new Mp4Encoder(ffmpeg, settings.preset(), settings.encodeTimeout(), scheduler);
  }

  public void run(Attempt attempt) throws TaskFailure {
    checkParameters(attempt.request().parameters());
    TaskFolder folder = attempt.folder();
    String url = attempt.request().sourceUrl();
    attempt.log("Downloading the source from " + url);
    Path source = downloader.download(url, folder.source(), attempt.cancellation());
    attempt.log("Downloaded " + source.getFileName() + " (" + size(source) + " bytes)");
    SourceInfo info = probe.probe(source);
    attempt.log("Source: " + info.describe());

    String stem = FileNames.stem(source.getFileName().toString());
    Rendition rung = info.hasVideo() ? Rendition.P360 : Rendition.AUDIO_ONLY;
    String name = rung.fileName(stem);
    Path target = folder.output().resolve(name);
    long started = System.nanoTime();
    encoder.encode(source, info, rung, target, attempt.cancellation(), attempt::progress);
    SourceInfo result = checkOutput(target, info);
    attempt.log(
        String.format(
            "Encoded %s: %s, %d bytes in %.1f s",
            name, result.describe(), size(target), (System.nanoTime() - started) / 1e9));
    writeManifest(folder, new Manifest(attempt.taskId(), List.of(name)));
    attempt.progress(100);
  }

  private static void checkParameters(Map<String, Object> parameters) throws TaskFailure {
    if (parameters == null) {
      return;
    }
    Set<String> invalid = new TreeSet<>(parameters.keySet());
    invalid.removeAll(PARAMETERS);
    if (!invalid.isEmpty()) {
      throw TaskFailure.failed(
          "Invalid parameters for task type: "
              + TaskTypes.ENCODING
              + " (invalid fields: "
              + String.join(", ", invalid)
              + ")");
    }
  }

  private SourceInfo checkOutput(Path target, SourceInfo source) throws TaskFailure {
    String invalid = "The encoded file " + target.getFileName() + " is not valid media";
    SourceInfo result;
    try {
      result = probe.probe(target);
    } catch (TaskFailure e) {
      throw TaskFailure.failed(invalid);
    }
    if (result.hasVideo() != source.hasVideo() || result.durationMillis() <= 0) {
      throw TaskFailure.failed(invalid);
    }
    return result;
  }

  private static void writeManifest(TaskFolder folder, Manifest manifest) throws TaskFailure {
    try {
      Files.writeString(folder.manifest(), Json.write(manifest));
    } catch (IOException e) {
      throw TaskFailure.failed("Could not write the result manifest: " + e.getMessage());
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
