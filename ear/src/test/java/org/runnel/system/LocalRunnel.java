package org.runnel.system;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Starts manager and runner JVMs the way README tells a person to: through {@code
 * payara-config/runnel manager|runner}, which execs Payara Micro in the foreground. Each process is
 * bounded in time and destroyed, with its descendants, by {@link #close()}.
 */
final class LocalRunnel implements AutoCloseable {

  static final Path ROOT = Path.of(System.getProperty("runnel.projectRoot", "..")).toAbsolutePath();
  static final Path BUILD =
      Path.of(System.getProperty("runnel.buildDir", "target")).toAbsolutePath();

  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Starts {@code runnel <what> <args>} with its output in {@code target/system-logs/<log>}. */
  Process start(String what, String log, List<String> args) throws IOException {
    return start(what, log, args, Map.of());
  }

  /**
   * Same, with extra environment variables: MicroProfile Config reads them, e.g. {@code
   * RUNNEL_MANAGER_HEARTBEAT_TIMEOUT_SECONDS} for short test timeouts.
   */
  Process start(String what, String log, List<String> args, Map<String, String> env)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(List.of("bash", ROOT.resolve("payara-config/runnel").toString(), what));
    cmd.addAll(args);
    Path logs = BUILD.resolve("system-logs");
    Files.createDirectories(logs);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(BUILD.toFile());
    pb.environment().put("RUNNEL_JAVA_OPTS", "-Xmx512m");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(logs.resolve(log).toFile());
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  /** Polls {@code url} until {@code ok} accepts the response or the deadline passes. */
  HttpResponse<String> await(
      String url, String token, Duration limit, Predicate<HttpResponse<String>> ok)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    HttpResponse<String> last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpRequest.Builder b =
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) {
          b.header("Authorization", "Bearer " + token);
        }
        last = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (ok.test(last)) {
          return last;
        }
      } catch (IOException e) {
        // not up yet
      }
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "a Runnel JVM exited early (exit " + p.exitValue() + "); see target/system-logs");
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "gave up waiting for "
            + url
            + " after "
            + limit
            + "; last answer: "
            + (last == null ? "none" : last.statusCode() + " " + last.body()));
  }

  /**
   * Kills a started JVM with SIGKILL, as a crash would (the script execs java, so the process is
   * the JVM itself), and forgets it.
   */
  void kill9(Process p) throws InterruptedException {
    p.destroyForcibly();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("process " + p.pid() + " survived SIGKILL");
    }
    processes.remove(p);
  }

  /** Closes what a test class started, in order, skipping what never started. */
  static void closeAll(AutoCloseable... started) throws Exception {
    for (AutoCloseable c : started) {
      if (c != null) {
        c.close();
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Generates a 1280x720 H.264/AAC test clip (moving test pattern, 440 Hz tone) with ffmpeg. */
  static void clip(Path file, int seconds) throws IOException, InterruptedException {
    clip(file, seconds, "1280x720");
  }

  /** Same, at another frame size ({@code WxH}). */
  static void clip(Path file, int seconds, String size) throws IOException, InterruptedException {
    run(
        Duration.ofSeconds(120),
        "ffmpeg",
        "-y",
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=duration=" + seconds + ":size=" + size + ":rate=25",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:duration=" + seconds,
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        file.toString());
  }

  /** Parses a JSON object. */
  static jakarta.json.JsonObject json(String text) {
    try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(text))) {
      return reader.readObject();
    }
  }

  /** ffprobe's view of a media file: streams (type, codec, size) and format (duration, name). */
  static jakarta.json.JsonObject probe(Path file) throws IOException, InterruptedException {
    return json(
        run(
            Duration.ofSeconds(60),
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=codec_type,codec_name,width,height:format=duration,format_name",
            "-of",
            "json",
            file.toString()));
  }

  /** Runs a command to completion (bounded) and returns its standard output. */
  static String run(Duration limit, String... command) throws IOException, InterruptedException {
    File out = File.createTempFile("runnel-cmd", ".out");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
      if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in " + limit);
      }
      String text = Files.readString(out.toPath());
      if (p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed: " + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(out.toPath());
    }
  }
}
