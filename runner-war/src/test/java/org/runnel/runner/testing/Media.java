package org.runnel.runner.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.runnel.runner.media.control.ProcessLauncher;
import org.runnel.runner.media.control.SourceDownloader;
import org.runnel.runner.media.control.SourceProbe;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.TaskFolder;
import org.runnel.shared.json.Json;
import org.runnel.shared.net.UrlPolicy;
import org.runnel.shared.protocol.TaskRunRequest;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/** Test media made with JAVE's ffmpeg (lavfi sources) and checked with the system's ffprobe. */
public final class Media {

  public static final String FFMPEG = new DefaultFFMPEGLocator().getExecutablePath();

  /** A scheduler and a launcher shared by the tests that run ffmpeg. */
  public static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(2);

  public static final ProcessLauncher LAUNCHER = new ProcessLauncher(SCHEDULER);

  /** The URL policy of tests, whose web servers are on loopback: private client URLs allowed. */
  public static final UrlPolicy LOOPBACK =
      new UrlPolicy(UrlPolicy.Scope.ANY, UrlPolicy.Scope.PUBLIC);

  /** The production default: public client URLs only. */
  public static final UrlPolicy PUBLIC_ONLY =
      new UrlPolicy(UrlPolicy.Scope.PUBLIC, UrlPolicy.Scope.PUBLIC);

  private Media() {}

  /** A downloader for loopback test servers. */
  public static SourceDownloader downloader(long maxBytes, java.time.Duration timeout) {
    return new SourceDownloader(
        LOOPBACK, SourceDownloader.MAX_REDIRECTS, maxBytes, timeout, SCHEDULER);
  }

  /** A probe with the system's ffprobe. */
  public static SourceProbe probe() {
    return new SourceProbe(LAUNCHER, "ffprobe", new DefaultFFMPEGLocator());
  }

  /** An attempt of a task of {@code type} on {@code url}, in a fresh folder under {@code work}. */
  public static Attempt attempt(
      String url, String type, Map<String, Object> parameters, Path work) {
    return new Attempt(
        request(type, url, parameters, "http://127.0.0.1:1/task/completion"),
        new TaskFolder(work.resolve("t-" + System.nanoTime())));
  }

  /** A run request for task {@code t1}, run {@code run-1}, with the given callback. */
  public static TaskRunRequest request(
      String type, String url, Map<String, Object> parameters, String completionCallback) {
    return new TaskRunRequest(
        "t1", "etab", "pod", "4.2", type, url, "", null, parameters, completionCallback, "run-1");
  }

  /** Runs JAVE's ffmpeg with space-separated arguments, writing {@code output}. */
  public static Path make(Path output, String args) throws Exception {
    List<String> command = new ArrayList<>(List.of(FFMPEG, "-v", "error", "-y"));
    command.addAll(List.of(args.split(" ")));
    command.add(output.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), log);
    return output;
  }

  /**
   * The mean colour (R, G, B, 0–255) of a {@code size}×{@code size} square at ({@code x}, {@code
   * y}) of the frame shown at {@code seconds}.
   */
  public static int[] colour(Path video, double seconds, int x, int y, int size) throws Exception {
    List<String> command =
        List.of(
            FFMPEG,
            "-v",
            "error",
            "-ss",
            String.format(java.util.Locale.ROOT, "%.3f", seconds),
            "-i",
            video.toString(),
            "-frames:v",
            "1",
            "-vf",
            "crop=" + size + ":" + size + ":" + x + ":" + y + ",scale=1:1:flags=area",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-");
    Process p = new ProcessBuilder(command).start();
    byte[] rgb = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), err);
    assertEquals(3, rgb.length, "one RGB pixel expected: " + err);
    return new int[] {rgb[0] & 0xff, rgb[1] & 0xff, rgb[2] & 0xff};
  }

  /** ffprobe's JSON description of a file: {@code streams} and {@code format}. */
  public static Map<?, ?> probe(Path file) throws Exception {
    Process p = new ProcessBuilder(SourceProbe.outputCommand("ffprobe", file)).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "ffprobe failed on " + file);
    return Json.read(out, Map.class);
  }

  /** The streams of a file of one codec type ({@code video}, {@code audio}). */
  public static List<Map<?, ?>> streams(Path file, String type) throws Exception {
    List<Map<?, ?>> found = new ArrayList<>();
    for (Object s : (List<?>) probe(file).get("streams")) {
      Map<?, ?> stream = (Map<?, ?>) s;
      if (type.equals(stream.get("codec_type"))) {
        found.add(stream);
      }
    }
    return found;
  }
}
