package org.runnel.runner.encoding.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.media.control.SourceProbe;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.Manifest;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.tasks.entity.TaskFolder;
import org.runnel.runner.testing.LocalWebServer;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.TaskRunRequest;
import org.runnel.shared.task.TaskStatus;
import ws.schild.jave.process.ProcessLocator;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * The whole encoding task against real media: clips made by JAVE's own ffmpeg, served over HTTP,
 * encoded, and checked with the system's ffprobe and by reading the MP4 box order.
 */
class EncodingHandlerTest {

  private static final Path FFPROBE = Path.of("/usr/bin/ffprobe");
  private static final ProcessLocator FFMPEG = new DefaultFFMPEGLocator();
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor();

  @TempDir static Path media;
  private static LocalWebServer web;

  @TempDir Path work;

  @BeforeAll
  static void makeClipsAndServeThem() throws Exception {
    ffmpeg(
        "clip.mp4",
        "-f lavfi -i testsrc=duration=2:size=1280x720:rate=25 -f lavfi -i sine=frequency=440:duration=2"
            + " -shortest -c:v libx264 -c:a aac");
    ffmpeg("tone.m4a", "-f lavfi -i sine=frequency=440:duration=1 -c:a aac");
    ffmpeg(
        "long.mp4",
        "-f lavfi -i testsrc=duration=20:size=1280x720:rate=25 -c:v libx264 -preset ultrafast");
    web = new LocalWebServer();
    serve("/media/Clip%20%C3%A9t%C3%A9.mp4", "clip.mp4");
    serve("/media/tone.m4a", "tone.m4a");
    serve("/media/long.mp4", "long.mp4");
    web.serve("/media/fake.mp4", 200, "video/mp4", "plain text".getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    web.close();
    SCHEDULER.shutdownNow();
  }

  @Test
  void encodesThe360pRungAsAFaststartMp4AndListsItInTheManifest() throws Exception {
    Attempt attempt = attempt("/media/Clip%20%C3%A9t%C3%A9.mp4", null);
    handler("slow", Duration.ofMinutes(5)).run(attempt);

    Path output = attempt.folder().output().resolve("360p_Clip_ete.mp4");
    Manifest manifest = Json.read(Files.readString(attempt.folder().manifest()), Manifest.class);
    assertEquals(new Manifest("t1", List.of("360p_Clip_ete.mp4")), manifest);
    assertEquals(100, attempt.progress());
    assertTrue(
        attempt.scriptOutput().contains("Encoded 360p_Clip_ete.mp4"), attempt.scriptOutput());
    List<String> boxes = topLevelBoxes(output);
    assertTrue(boxes.indexOf("moov") < boxes.indexOf("mdat"), "moov after mdat: " + boxes);

    assumeTrue(Files.isExecutable(FFPROBE), "ffprobe is not installed");
    Map<String, String> video = ffprobe(output, "v:0");
    assertEquals("h264", video.get("codec_name"));
    assertEquals("640", video.get("width"));
    assertEquals("360", video.get("height"));
    assertEquals(2.0, Double.parseDouble(video.get("duration")), 0.15);
    Map<String, String> audio = ffprobe(output, "a:0");
    assertEquals("aac", audio.get("codec_name"));
    assertEquals("48000", audio.get("sample_rate"));
  }

  @Test
  void aSourceWithoutVideoGivesAnAudioFile() throws Exception {
    Attempt attempt = attempt("/media/tone.m4a", Map.of("video_id", "12"));
    handler("slow", Duration.ofMinutes(5)).run(attempt);

    Path output = attempt.folder().output().resolve("audio_192k_tone.m4a");
    assertTrue(Files.isRegularFile(output));
    assumeTrue(Files.isExecutable(FFPROBE), "ffprobe is not installed");
    assertEquals("aac", ffprobe(output, "a:0").get("codec_name"));
    assertFalse(ffprobe(output, "v").containsKey("codec_name"));
  }

  @Test
  void aSourceThatIsNotMediaFailsWithASentenceForTheUser() {
    TaskFailure e =
        assertThrows(
            TaskFailure.class,
            () -> handler("slow", Duration.ofMinutes(5)).run(attempt("/media/fake.mp4", null)));
    assertEquals(SourceProbe.NOT_MEDIA, e.getMessage());
  }

  @Test
  void unknownParametersFailTheTask() {
    Map<String, Object> parameters = Map.of("rendition", "{}", "colour", "red", "speed", "2");
    TaskFailure e =
        assertThrows(
            TaskFailure.class,
            () ->
                handler("slow", Duration.ofMinutes(5)).run(attempt("/media/tone.m4a", parameters)));
    assertEquals(
        "Invalid parameters for task type: encoding (invalid fields: colour, speed)",
        e.getMessage());
  }

  @Test
  @Timeout(120)
  void aStopRequestKillsTheEncode() throws Exception {
    Attempt attempt = attempt("/media/long.mp4", null);
    EncodingHandler handler = handler("veryslow", Duration.ofMinutes(5));
    Future<?> run =
        Executors.newSingleThreadExecutor()
            .submit(
                () -> {
                  handler.run(attempt);
                  return null;
                });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (attempt.progress() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    attempt.cancellation().request(Cancellation.Reason.USER);
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> run.get(20, TimeUnit.SECONDS));
    assertEquals(Cancellation.CANCELLED_BY_USER, e.getCause().getMessage());
  }

  @Test
  @Timeout(120)
  void anEncodeBeyondItsTimeLimitEndsAsTimeout() {
    TaskFailure e =
        assertThrows(
            TaskFailure.class,
            () -> handler("veryslow", Duration.ofSeconds(1)).run(attempt("/media/long.mp4", null)));
    assertEquals(TaskStatus.TIMEOUT, e.status());
    assertEquals("The encoding took longer than the allowed 1 seconds", e.getMessage());
  }

  private static EncodingHandler handler(String preset, Duration encodeTimeout) {
    return new EncodingHandler(
        new EncodingHandler.Settings(100_000_000L, Duration.ofMinutes(1), encodeTimeout, preset),
        FFMPEG,
        SCHEDULER);
  }

  private Attempt attempt(String path, Map<String, Object> parameters) {
    TaskRunRequest request =
        new TaskRunRequest(
            "t1",
            "etab",
            "pod",
            "4.2",
            "encoding",
            web.url(path),
            "",
            null,
            parameters,
            "http://127.0.0.1:1/task/completion",
            "run-1");
    return new Attempt(request, new TaskFolder(work.resolve("t1")));
  }

  private static void serve(String path, String file) throws IOException {
    web.serve(path, 200, "video/mp4", Files.readAllBytes(media.resolve(file)));
  }

  private static void ffmpeg(String output, String args) throws Exception {
    List<String> command = new ArrayList<>(List.of(FFMPEG.getExecutablePath(), "-v", "error"));
    command.addAll(List.of(args.split(" ")));
    command.add(media.resolve(output).toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), log);
  }

  private static Map<String, String> ffprobe(Path file, String stream) throws Exception {
    Process p =
        new ProcessBuilder(
                FFPROBE.toString(),
                "-v",
                "error",
                "-select_streams",
                stream,
                "-show_entries",
                "stream=codec_name,width,height,sample_rate,duration",
                "-of",
                "default=nw=1",
                file.toString())
            .redirectErrorStream(true)
            .start();
    Map<String, String> values = new HashMap<>();
    for (String line :
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.putIfAbsent(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    assertEquals(0, p.waitFor());
    return values;
  }

  /** The types of the top-level boxes of an MP4 file, in file order. */
  private static List<String> topLevelBoxes(Path file) throws IOException {
    List<String> types = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(raw)) {
      while (true) {
        long size;
        byte[] type = new byte[4];
        try {
          size = Integer.toUnsignedLong(in.readInt());
        } catch (EOFException end) {
          return types;
        }
        in.readFully(type);
        types.add(new String(type, StandardCharsets.US_ASCII));
        long header = 8;
        if (size == 1) {
          size = in.readLong();
          header = 16;
        }
        if (size == 0) {
          return types;
        }
        in.skipNBytes(size - header);
      }
    }
  }
}
