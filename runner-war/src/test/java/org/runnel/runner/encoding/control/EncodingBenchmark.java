package org.runnel.runner.encoding.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.runnel.runner.media.control.ProcessLauncher;
import org.runnel.runner.media.control.SourceDownloader;
import org.runnel.runner.media.control.SourceProbe;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.TaskFolder;
import org.runnel.shared.protocol.TaskRunRequest;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * Runs Runnel's encoding of a local file exactly as a task does (probe, one-pass encode, output
 * checks, info and manifest) and prints the wall time in seconds. Not a test: {@code
 * bench/encoding/run} calls it next to the reference pipeline.
 *
 * <pre>
 * java -cp ... org.runnel.runner.encoding.control.EncodingBenchmark SOURCE WORK_DIR [PRESET [FFMPEG]]
 * </pre>
 */
public final class EncodingBenchmark {

  private EncodingBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && "--ffmpeg".equals(args[0])) {
      System.out.println(new DefaultFFMPEGLocator().getExecutablePath());
      return;
    }
    Path source = Path.of(args[0]);
    Path work = Path.of(args[1]);
    String preset = args.length > 2 ? args[2] : "slow";
    String ffmpeg = args.length > 3 ? args[3] : new DefaultFFMPEGLocator().getExecutablePath();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    ProcessLauncher launcher = new ProcessLauncher(scheduler);
    SourceProbe probe =
        new SourceProbe(
            launcher, ProcessLauncher.available("ffprobe") ? "ffprobe" : null, () -> ffmpeg);
    EncodingHandler handler =
        new EncodingHandler(
            new SourceDownloader(
                org.runnel.runner.testing.Media.LOOPBACK,
                SourceDownloader.MAX_REDIRECTS,
                Long.MAX_VALUE,
                Duration.ofHours(1),
                scheduler),
            probe,
            launcher,
            new EncodingSettings(ffmpeg, preset, false, "p5", Duration.ofHours(6), Set.of()));
    TaskRunRequest request =
        new TaskRunRequest(
            "bench",
            "bench",
            "bench",
            "1",
            "encoding",
            "file:" + source,
            "",
            null,
            Map.of(),
            "http://127.0.0.1:1/task/completion",
            "run-1");
    Attempt attempt = new Attempt(request, new TaskFolder(work));
    long start = System.nanoTime();
    handler.encode(attempt, source, Map.of(), List.of());
    System.out.printf("%.2f%n", (System.nanoTime() - start) / 1e9);
    scheduler.shutdownNow();
  }
}
