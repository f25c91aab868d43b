package org.runnel.runner.encoding.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.runnel.runner.encoding.entity.Cut;
import org.runnel.runner.encoding.entity.Dressing;
import org.runnel.runner.encoding.entity.Ladder;
import org.runnel.runner.encoding.entity.Output;
import org.runnel.runner.encoding.entity.Rung;
import org.runnel.runner.media.control.ProcessLauncher;
import org.runnel.runner.media.control.SourceDownloader;
import org.runnel.runner.media.control.SourceProbe;
import org.runnel.runner.media.entity.FileNames;
import org.runnel.runner.media.entity.SourceInfo;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.Manifest;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.tasks.entity.TaskFolder;
import org.runnel.shared.json.Json;
import org.runnel.shared.task.TaskStatus;
import org.runnel.shared.task.TaskTypes;

/**
 * The {@code encoding} task: check the parameters, download and vet the source, download the
 * dressing, run the one-pass {@link EncodingPlan} with progress, check that every promised output
 * exists and probes as what it should be, then write {@code overview.vtt}, {@code info_video.json}
 * and the manifest. A failed NVENC encode is run again on CPU. The {@code studio} task calls {@link
 * #encode} on the file it composed.
 */
public class EncodingHandler {

  /** The parameter keys the protocol allows for {@code encoding}. */
  public static final Set<String> PARAMETERS =
      Set.of("rendition", "cut", "dressing", "video_id", "video_slug", "video_title");

  static final String DENIED =
      "The source uses the %s format, which this platform does not accept:"
          + " please export it as an MP4 (H.264) file and upload it again";

  private final SourceDownloader downloader;
  private final SourceProbe probe;
  private final ProcessLauncher launcher;
  private final EncodingSettings settings;

  public EncodingHandler(
      SourceDownloader downloader,
      SourceProbe probe,
      ProcessLauncher launcher,
      EncodingSettings settings) {
    this.downloader = downloader;
    this.probe = probe;
    this.launcher = launcher;
    this.settings = settings;
  }

  public void run(Attempt attempt) throws TaskFailure {
    Map<String, Object> parameters = attempt.request().parameters();
    checkKeys(TaskTypes.ENCODING, parameters, PARAMETERS);
    String url = attempt.request().sourceUrl();
    attempt.log("Downloading the source from " + url);
    SourceDownloader.Download download =
        downloader.fetch(url, attempt.folder().source(), attempt.cancellation());
    Path source = download.file();
    downloader.checkMediaName(source);
    attempt.log("Downloaded " + source.getFileName() + " (" + size(source) + " bytes)");
    try {
      encode(attempt, source, parameters, List.of());
    } catch (TaskFailure e) {
      throw SourceDownloader.probeFailure(download, e);
    }
  }

  /**
   * Encodes a local source with the task's {@code rendition}, {@code cut} and {@code dressing}.
   *
   * @param extraFiles files already in the output folder that the manifest lists too
   */
  public void encode(
      Attempt attempt, Path source, Map<String, Object> parameters, List<String> extraFiles)
      throws TaskFailure {
    Ladder ladder;
    Cut cut;
    Dressing dressing;
    try {
      ladder = Ladder.merged(object(parameters, "rendition"));
      cut = Cut.of(object(parameters, "cut"));
      dressing = Dressing.of(object(parameters, "dressing"));
    } catch (IllegalArgumentException e) {
      throw TaskFailure.failed("Invalid parameters: " + e.getMessage());
    }
    Cancellation cancellation = attempt.cancellation();
    SourceInfo info = vet(probe.probe(source, cancellation));
    attempt.log("Source: " + info.describe());
    TaskFolder folder = attempt.folder();
    Path watermark = null;
    EncodingPlan.Credit opening = null;
    EncodingPlan.Credit ending = null;
    if (info.hasVideo()) {
      Path dir = folder.root().resolve("dressing");
      SourceDownloader.Download mark =
          fetch(attempt, dressing.watermark(), dir.resolve("watermark"));
      watermark = mark == null ? null : mark.file();
      opening = credit(attempt, dressing.openingCredits(), dir.resolve("opening"));
      ending = credit(attempt, dressing.endingCredits(), dir.resolve("ending"));
    }
    String stem = FileNames.stem(source.getFileName().toString());
    EncodingPlan.Source what =
        new EncodingPlan.Source(source, info, stem, cut, dressing, watermark, opening, ending);
    List<Rung> rungs = ladder.forSource(info.height());
    EncodingPlan plan = run(attempt, what, rungs, settings);
    finish(attempt, what, plan, extraFiles);
  }

  private EncodingPlan run(
      Attempt attempt, EncodingPlan.Source what, List<Rung> rungs, EncodingSettings with)
      throws TaskFailure {
    EncodingPlan plan = EncodingPlan.of(what, rungs, with);
    Path output = attempt.folder().output();
    try {
      Files.createDirectories(output);
    } catch (IOException e) {
      throw TaskFailure.failed("Could not create the output folder: " + e.getMessage());
    }
    List<String> command = new ArrayList<>(List.of(with.ffmpeg()));
    command.addAll(plan.arguments());
    attempt.log(
        String.format(
            "Encoding %.1f s on %s: %d rung(s) %s",
            plan.durationSeconds(),
            with.nvenc() ? "GPU (NVENC)" : "CPU (x264 " + with.preset() + ")",
            rungs.size(),
            rungs.stream().map(r -> r.name() + "p").toList()));
    long started = System.nanoTime();
    ProgressParser progress =
        new ProgressParser(
            plan.durationSeconds(), r -> attempt.progress(r.percent(), r.etaSeconds()));
    try {
      launcher.run(
          new ProcessLauncher.Launch(
              "The encoding", command, with.timeout(), attempt.folder().log(), progress, output),
          attempt.cancellation());
    } catch (TaskFailure e) {
      if (!with.nvenc() || e.status() != TaskStatus.FAILED || attempt.cancellation().requested()) {
        throw e;
      }
      attempt.log("The GPU encode failed (" + e.getMessage() + "): encoding again on CPU");
      return run(attempt, what, rungs, with.onCpu());
    }
    attempt.log(String.format("Encoded in %.1f s", (System.nanoTime() - started) / 1e9));
    return plan;
  }

  private void finish(
      Attempt attempt, EncodingPlan.Source what, EncodingPlan plan, List<String> extraFiles)
      throws TaskFailure {
    Path output = attempt.folder().output();
    if (what.info().hasVideo()) {
      write(
          output.resolve("overview.vtt"),
          OverviewVtt.of(
              plan.durationSeconds(),
              plan.spriteImages(),
              plan.spriteWidth(),
              EncodingPlan.SPRITE_HEIGHT));
    }
    check(attempt, plan.outputs());
    write(output.resolve(InfoVideo.FILE), Json.write(InfoVideo.of(what, plan, attempt.request())));
    List<String> files = new ArrayList<>();
    plan.outputs().forEach(o -> files.add(o.filename()));
    files.add(InfoVideo.FILE);
    files.addAll(extraFiles);
    write(attempt.folder().manifest(), Json.write(new Manifest(attempt.taskId(), files)));
    attempt.log("Outputs: " + String.join(", ", files));
    attempt.progress(100, 0L);
  }

  /** Every promised output exists and probes as media of the right kind. */
  private void check(Attempt attempt, List<Output> outputs) throws TaskFailure {
    List<String> bad = new ArrayList<>();
    for (Output o : outputs) {
      Path file = attempt.folder().output().resolve(o.filename());
      if (size(file) <= 0) {
        bad.add(o.filename() + " (missing)");
        continue;
      }
      if (!o.kind().probed()) {
        continue;
      }
      try {
        SourceInfo got = probe.probeOutput(file, attempt.cancellation());
        boolean video = o.kind() == Output.Kind.THUMBNAIL || o.kind() == Output.Kind.OVERVIEW;
        if (!video && (got.hasVideo() != o.video() || got.hasAudio() != o.audio())) {
          bad.add(o.filename() + " (wrong streams: " + got.describe() + ")");
        }
      } catch (TaskFailure e) {
        attempt.cancellation().throwIfRequested();
        bad.add(o.filename() + " (not valid media)");
      }
    }
    if (!bad.isEmpty()) {
      throw TaskFailure.failed("The encoding left invalid outputs: " + String.join(", ", bad));
    }
  }

  private SourceInfo vet(SourceInfo info) throws TaskFailure {
    for (String codec : info.codecs()) {
      if (settings.deniedCodecs().contains(codec.toLowerCase(java.util.Locale.ROOT))) {
        throw TaskFailure.failed(String.format(DENIED, codec));
      }
    }
    if (info.hasVideo() && (info.width() <= 0 || info.height() <= 0)) {
      throw TaskFailure.failed(SourceProbe.NOT_MEDIA);
    }
    return info;
  }

  /** A dressing file, through the same downloader (and URL policy) as the source. */
  private SourceDownloader.Download fetch(Attempt attempt, String url, Path dir)
      throws TaskFailure {
    if (url == null) {
      return null;
    }
    attempt.log("Downloading the dressing file " + url);
    return downloader.fetch(url, dir, attempt.cancellation());
  }

  private EncodingPlan.Credit credit(Attempt attempt, String url, Path dir) throws TaskFailure {
    SourceDownloader.Download download = fetch(attempt, url, dir);
    if (download == null) {
      return null;
    }
    Path file = download.file();
    SourceInfo info;
    try {
      info = probe.probe(file, attempt.cancellation());
    } catch (TaskFailure e) {
      throw SourceDownloader.probeFailure(download, e);
    }
    if (!info.hasVideo()) {
      throw TaskFailure.failed("The credits video " + file.getFileName() + " has no picture");
    }
    return new EncodingPlan.Credit(file, info);
  }

  /**
   * Fails the task, with the protocol's message, when parameters hold keys its type does not allow.
   */
  public static void checkKeys(String type, Map<String, Object> parameters, Set<String> allowed)
      throws TaskFailure {
    if (parameters == null) {
      return;
    }
    Set<String> invalid = new TreeSet<>(parameters.keySet());
    invalid.removeAll(allowed);
    if (!invalid.isEmpty()) {
      throw TaskFailure.failed(
          "Invalid parameters for task type: "
              + type
              + " (invalid fields: "
              + String.join(", ", invalid)
              + ")");
    }
  }

  /** A parameter that arrives as a JSON string (as Pod sends it) or as an object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> parameters, String key) {
    Object value = parameters == null ? null : parameters.get(key);
    if (value == null || value instanceof String s && s.isBlank()) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      return new LinkedHashMap<>((Map<String, Object>) map);
    }
    try {
      Object parsed = Json.read(value.toString(), Object.class);
      if (parsed instanceof Map<?, ?> map) {
        return new LinkedHashMap<>((Map<String, Object>) map);
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new IllegalArgumentException(key + " must be a JSON object");
  }

  private static void write(Path file, String text) throws TaskFailure {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw TaskFailure.failed("Could not write " + file.getFileName() + ": " + e.getMessage());
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
