package org.runnel.runner.studio.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.runnel.runner.encoding.control.EncodingHandler;
import org.runnel.runner.encoding.control.ProgressParser;
import org.runnel.runner.media.control.ProcessLauncher;
import org.runnel.runner.media.control.SourceDownloader;
import org.runnel.runner.media.control.SourceProbe;
import org.runnel.runner.studio.entity.MediaPackage;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.shared.task.TaskTypes;

/**
 * The {@code studio} task: download the mediapackage XML, its tracks and SMIL cutting catalog
 * (every URL, the ones written in the mediapackage included, through the {@link SourceDownloader}
 * and its URL policy); compose {@code studio_base.mp4} (stage 1, the first half of the progress);
 * then encode it like an {@code encoding} task (stage 2). The base file is kept among the results.
 */
public final class StudioTask {

  /** The parameter keys the protocol allows for {@code studio}. */
  public static final Set<String> PARAMETERS;

  static {
    Set<String> keys = new HashSet<>(EncodingHandler.PARAMETERS);
    keys.addAll(
        List.of(
            "presenter",
            "force_cpu",
            "studio_crf",
            "studio_preset",
            "studio_audio_bitrate",
            "studio_allow_nvenc"));
    PARAMETERS = Set.copyOf(keys);
  }

  private final SourceDownloader downloader;
  private final EncodingHandler encoder;
  private final SourceProbe probe;
  private final ProcessLauncher launcher;
  private final String ffmpeg;
  private final String preset;
  private final Duration timeout;

  public StudioTask(
      SourceDownloader downloader,
      EncodingHandler encoder,
      SourceProbe probe,
      ProcessLauncher launcher,
      String ffmpeg,
      String preset,
      Duration timeout) {
    this.downloader = downloader;
    this.encoder = encoder;
    this.probe = probe;
    this.launcher = launcher;
    this.ffmpeg = ffmpeg;
    this.preset = preset;
    this.timeout = timeout;
  }

  private static final List<String> LAYOUTS = List.of("mid", "piph", "pipb");

  private static String firstWord(String value) {
    String[] words = value.trim().split("\\s+");
    return words[0];
  }

  public void run(Attempt attempt) throws TaskFailure {
    Map<String, Object> parameters = attempt.request().parameters();
    EncodingHandler.checkKeys(TaskTypes.STUDIO, parameters, PARAMETERS);
    Map<String, Object> p = parameters == null ? Map.of() : parameters;
    // the parameter wins; without it, the layout written in the mediapackage (Pod sends none)
    String layout = p.get("presenter") == null ? null : String.valueOf(p.get("presenter"));
    if (layout != null && !LAYOUTS.contains(layout)) {
      throw TaskFailure.failed("Invalid parameters: presenter must be mid, piph or pipb");
    }
    StudioComposer.Quality quality;
    try {
      quality =
          new StudioComposer.Quality(
              firstWord(String.valueOf(p.getOrDefault("studio_preset", preset))),
              (int)
                  Math.round(
                      Double.parseDouble(String.valueOf(p.getOrDefault("studio_crf", "23")))),
              String.valueOf(p.getOrDefault("studio_audio_bitrate", "128k")));
    } catch (NumberFormatException e) {
      throw TaskFailure.failed("Invalid parameters: studio_crf must be a number");
    }
    Path in = attempt.folder().source();
    attempt.log("Downloading the mediapackage " + attempt.request().sourceUrl());
    Path xml =
        downloader.document(
            attempt.request().sourceUrl(), in.resolve("package"), attempt.cancellation());
    MediaPackage pkg = MediaPackageReader.read(xml);
    if (layout == null) {
      // List.of(...).contains(null) throws: a package without the attribute gets mid
      layout = pkg.layout() != null && LAYOUTS.contains(pkg.layout()) ? pkg.layout() : "mid";
    }
    StudioComposer.Track presentation =
        track(attempt, pkg.presentation(), in.resolve("presentation"));
    StudioComposer.Track presenter = track(attempt, pkg.presenter(), in.resolve("presenter"));
    List<MediaPackage.Segment> segments = List.of();
    if (pkg.smil() != null) {
      Path smil = downloader.document(pkg.smil(), in.resolve("smil"), attempt.cancellation());
      segments = MediaPackageReader.segments(smil);
      attempt.log("Cutting: keeping " + segments.size() + " segment(s)");
    }
    List<StudioComposer.Track> tracks = new ArrayList<>();
    if (presentation != null) {
      tracks.add(presentation);
    }
    if (presenter != null) {
      tracks.add(presenter);
    }
    StudioComposer.Track first = presentation != null ? presentation : presenter;
    StudioComposer.Track second = presentation != null ? presenter : null;
    List<String> command = new ArrayList<>(List.of(ffmpeg));
    command.addAll(StudioComposer.arguments(first, second, layout, segments, quality));
    double duration = StudioComposer.duration(tracks, segments);
    Path output = attempt.folder().output();
    try {
      java.nio.file.Files.createDirectories(output);
    } catch (java.io.IOException e) {
      throw TaskFailure.failed("Could not create the output folder: " + e.getMessage());
    }
    attempt.log("Composing " + StudioComposer.FILE + " (layout " + layout + ")");
    launcher.run(
        new ProcessLauncher.Launch(
            "The studio composition",
            command,
            timeout,
            attempt.folder().log(),
            new ProgressParser(duration, r -> attempt.progress(r.percent() / 2, null)),
            output),
        attempt.cancellation());
    Map<String, Object> encoding = new LinkedHashMap<>();
    for (String key : EncodingHandler.PARAMETERS) {
      if (p.containsKey(key)) {
        encoding.put(key, p.get(key));
      }
    }
    encoder.encode(
        attempt, output.resolve(StudioComposer.FILE), encoding, List.of(StudioComposer.FILE));
  }

  private StudioComposer.Track track(Attempt attempt, String url, Path dir) throws TaskFailure {
    if (url == null) {
      return null;
    }
    attempt.log("Downloading the track " + url);
    SourceDownloader.Download download = downloader.fetch(url, dir, attempt.cancellation());
    try {
      return new StudioComposer.Track(
          download.file(), probe.probe(download.file(), attempt.cancellation()));
    } catch (TaskFailure e) {
      throw SourceDownloader.probeFailure(download, e);
    }
  }
}
