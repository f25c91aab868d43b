package org.runnel.runner.encoding.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.media.control.SourceDownloader;
import org.runnel.runner.media.control.SourceProbe;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.Manifest;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.testing.LocalWebServer;
import org.runnel.runner.testing.Media;
import org.runnel.shared.json.Json;
import org.runnel.shared.task.TaskStatus;

/**
 * The whole encoding task against real media made with lavfi (1080p, 720p, no audio, audio only,
 * two audio tracks, VFR WebM), served over HTTP and encoded with the fast preset; every output is
 * checked with ffprobe and {@code info_video.json} is read as Pod reads it. Then a stop request, a
 * time limit, and each intake failure.
 */
class EncodingHandlerTest {

  @TempDir static Path media;
  static LocalWebServer web;

  @TempDir Path work;

  @BeforeAll
  static void makeClipsAndServeThem() throws Exception {
    web = new LocalWebServer();
    String tone = " -f lavfi -i sine=frequency=440:duration=3 -shortest -c:a aac";
    clip(
        "Cours été.mp4",
        "-f lavfi -i testsrc2=duration=3:size=1920x1080:rate=30"
            + tone
            + " -c:v libx264 -preset ultrafast");
    clip(
        "c720.mp4",
        "-f lavfi -i testsrc2=duration=3:size=1280x720:rate=25"
            + tone
            + " -c:v libx264 -preset ultrafast");
    clip(
        "mute.mp4",
        "-f lavfi -i testsrc2=duration=2:size=640x480:rate=25 -c:v libx264 -preset ultrafast");
    clip("voice.m4a", "-f lavfi -i sine=frequency=300:duration=2 -c:a aac");
    clip(
        "two.mkv",
        "-f lavfi -i testsrc2=duration=2:size=854x480:rate=25 -f lavfi -i sine=frequency=300:duration=2"
            + " -f lavfi -i sine=frequency=600:duration=2 -map 0 -map 1 -map 2 -c:v libx264 -preset ultrafast -c:a aac");
    clip(
        "vfr.webm",
        "-f lavfi -i testsrc2=duration=3:size=640x360:rate=30 -vf select='lt(mod(n\\,7)\\,3)'"
            + " -vsync vfr -c:v libvpx -deadline realtime -b:v 500k -an");
    clip("magic.avi", "-f lavfi -i testsrc2=duration=1:size=320x240:rate=10 -c:v magicyuv");
    clip(
        "long.mp4",
        "-f lavfi -i testsrc2=duration=30:size=1280x720:rate=25 -c:v libx264 -preset ultrafast");
    clip("logo.png", "-f lavfi -i color=c=blue:size=200x100:duration=0.1 -frames:v 1");
    web.serve("/media/fake.mp4", 200, "video/mp4", "plain text".getBytes(StandardCharsets.UTF_8));
    web.serve("/media/empty.mp4", 200, "video/mp4", new byte[0]);
    web.serve(
        "/media/page.mp4",
        200,
        "application/octet-stream",
        "<!DOCTYPE html><html><body>login</body></html>".getBytes(StandardCharsets.UTF_8));
    web.serve("/media/download", 200, "video/mp4", Files.readAllBytes(media.resolve("c720.mp4")));
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  @Test
  void a1080pSourceGetsTheWholeLadderAndEveryFilePodImports() throws Exception {
    Attempt attempt = attempt("/media/Cours%20%C3%A9t%C3%A9.mp4", Map.of("video_id", "7"));
    handler(Duration.ofMinutes(5)).run(attempt);

    Path out = attempt.folder().output();
    String s = "Cours_ete";
    Manifest manifest = Json.read(Files.readString(attempt.folder().manifest()), Manifest.class);
    assertEquals(
        Set.of(
            "360p_" + s + ".m3u8",
            "360p_" + s + ".ts",
            "360p_" + s + ".mp4",
            "720p_" + s + ".m3u8",
            "720p_" + s + ".ts",
            "720p_" + s + ".mp4",
            "1080p_" + s + ".m3u8",
            "1080p_" + s + ".ts",
            "audio_192k_" + s + ".mp3",
            s + "_0.png",
            s + "_1.png",
            s + "_2.png",
            "overview.png",
            "overview.vtt",
            "info_video.json"),
        Set.copyOf(manifest.files()));
    for (String f : manifest.files()) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    checkVideo(out.resolve("360p_" + s + ".mp4"), 640, 360, true);
    checkVideo(out.resolve("720p_" + s + ".mp4"), 1280, 720, true);
    checkVideo(out.resolve("1080p_" + s + ".m3u8"), 1920, 1080, true);
    checkVideo(out.resolve("360p_" + s + ".m3u8"), 640, 360, true);
    List<String> boxes = topLevelBoxes(out.resolve("720p_" + s + ".mp4"));
    assertTrue(boxes.indexOf("moov") < boxes.indexOf("mdat"), "not faststart: " + boxes);
    String playlist = Files.readString(out.resolve("720p_" + s + ".m3u8"));
    assertTrue(playlist.contains("#EXT-X-PLAYLIST-TYPE:VOD"), playlist);
    assertTrue(playlist.contains("#EXT-X-INDEPENDENT-SEGMENTS"), playlist);
    assertTrue(playlist.contains("#EXT-X-BYTERANGE"), playlist);
    assertTrue(playlist.contains("#EXT-X-TARGETDURATION:2"), playlist);
    assertEquals(
        48000,
        Integer.parseInt(audio(out.resolve("360p_" + s + ".mp4")).get("sample_rate").toString()));
    assertEquals("mp3", audio(out.resolve("audio_192k_" + s + ".mp3")).get("codec_name"));
    Map<?, ?> thumb = Media.streams(out.resolve(s + "_1.png"), "video").get(0);
    assertEquals("png", thumb.get("codec_name"));
    Map<?, ?> sprite = Media.streams(out.resolve("overview.png"), "video").get(0);
    assertEquals(90, ((Number) sprite.get("height")).intValue());
    assertEquals(160 * 10, ((Number) sprite.get("width")).intValue());
    String vtt = Files.readString(out.resolve("overview.vtt"));
    assertTrue(vtt.startsWith("WEBVTT"), vtt);
    assertTrue(vtt.contains("overview.png#xywh=1440,0,160,90"), vtt);

    Map<?, ?> info = Json.read(Files.readString(out.resolve("info_video.json")), Map.class);
    assertEquals(3, ((Number) info.get("duration")).intValue());
    assertEquals(Boolean.TRUE, info.get("has_stream_video"));
    assertEquals(Boolean.TRUE, info.get("has_stream_audio"));
    assertEquals(Boolean.TRUE, info.get("has_stream_thumbnail"));
    assertEquals("7", info.get("video_id"));
    assertEquals(5, ((List<?>) info.get("encode_video")).size());
    assertListed(info, "video/mp2t", "1920x1080", "1080p_" + s + ".m3u8");
    assertListed(info, "video/mp4", "640x360", "360p_" + s + ".mp4");
    assertEquals(
        List.of(Map.of("encoding_format", "audio/mp3", "filename", "audio_192k_" + s + ".mp3")),
        info.get("encode_audio"));
    List<?> thumbs = (List<?>) info.get("encode_thumbnail");
    assertEquals(3, thumbs.size());
    assertEquals(50, ((Number) ((Map<?, ?>) thumbs.get(1)).get("percentage")).intValue());
    assertEquals(100, attempt.progress());
    assertTrue(Files.readString(attempt.folder().log()).contains("libx264"), "log has the command");
  }

  @Test
  void a720pSourceSkipsThe1080pRungAndACutShortensEverything() throws Exception {
    Attempt attempt =
        attempt(
            "/media/c720.mp4",
            Map.of(
                "cut",
                    "{\"start\":\"00:00:01\",\"end\":\"00:00:02.5\",\"initial_duration\":\"00:00:03\"}",
                "rendition",
                    "{\"360\":{\"resolution\":\"640x360\",\"video_bitrate\":\"500k\",\"audio_bitrate\":\"64k\",\"encode_mp4\":false}}"));
    handler(Duration.ofMinutes(5)).run(attempt);
    Path out = attempt.folder().output();
    assertFalse(Files.exists(out.resolve("1080p_c720.m3u8")));
    assertFalse(Files.exists(out.resolve("360p_c720.mp4")), "encode_mp4 false is honoured");
    checkVideo(out.resolve("720p_c720.mp4"), 1280, 720, true);
    double duration = duration(out.resolve("720p_c720.mp4"));
    assertEquals(1.5, duration, 0.25);
  }

  @Test
  void aWatermarkAndCreditsAreLaidOnTheVideo() throws Exception {
    Map<String, Object> dressing =
        Map.of(
            "dressing",
            // exactly as Pod sends it: position and opacity as strings, credits as slugs plus
            // the credits videos' URLs and durations
            "{\"watermark\":\""
                + web.url("/media/logo.png")
                + "\",\"watermark_position\":\"top_left\",\"watermark_opacity\":\"60\""
                + ",\"opening_credits\":\"intro-slug\",\"opening_credits_video\":\""
                + web.url("/media/mute.mp4")
                + "\",\"opening_credits_video_duration\":\"2\""
                + ",\"ending_credits\":\"outro-slug\",\"ending_credits_video\":\""
                + web.url("/media/c720.mp4")
                + "\",\"ending_credits_video_duration\":\"3\"}");
    Attempt attempt = attempt("/media/c720.mp4", dressing);
    handler(Duration.ofMinutes(5)).run(attempt);
    Path mp4 = attempt.folder().output().resolve("720p_c720.mp4");
    checkVideo(mp4, 1280, 720, true);
    assertEquals(2 + 3 + 3, duration(mp4), 0.3);
    // The blue logo (10 % of 720 = 72 px high, 5 % = 36 px from the corner) at 60 % opacity, top
    // left, on the main part only: there the picture is 0.4 x the source + 0.6 x blue; the
    // opposite corner is the source's.
    int[] logo = Media.colour(mp4, 3.5, 44, 44, 16);
    int[] under = Media.colour(media.resolve("c720.mp4"), 1.5, 44, 44, 16);
    int[] blend = {under[0] * 4 / 10, under[1] * 4 / 10, under[2] * 4 / 10 + 153};
    assertTrue(near(logo, blend), rgb(logo) + " is not 60 % blue over " + rgb(under));
    int[] corner = Media.colour(mp4, 3.5, 1280 - 60, 720 - 60, 16);
    int[] source = Media.colour(media.resolve("c720.mp4"), 1.5, 1280 - 60, 720 - 60, 16);
    assertTrue(near(corner, source), rgb(corner) + " differs from the source " + rgb(source));
    Map<?, ?> info =
        Json.read(
            Files.readString(attempt.folder().output().resolve("info_video.json")), Map.class);
    assertEquals(8, ((Number) info.get("duration")).intValue());
  }

  @Test
  void sourcesWithoutAudioWithTwoTracksOrVariableRateAllGiveAValidSet() throws Exception {
    Attempt mute = attempt("/media/mute.mp4", null);
    handler(Duration.ofMinutes(5)).run(mute);
    Path out = mute.folder().output();
    checkVideo(out.resolve("360p_mute.mp4"), 480, 360, false);
    assertFalse(Files.exists(out.resolve("audio_192k_mute.mp3")));
    Map<?, ?> info = Json.read(Files.readString(out.resolve("info_video.json")), Map.class);
    assertEquals(Boolean.FALSE, info.get("has_stream_audio"));
    assertEquals(List.of(), info.get("encode_audio"));
    // a 4:3 picture (480x360) is listed under the rung's nominal rendition, which Pod matches
    assertListed(info, "video/mp4", "640x360", "360p_mute.mp4");

    Attempt two = attempt("/media/two.mkv", null);
    handler(Duration.ofMinutes(5)).run(two);
    checkVideo(two.folder().output().resolve("360p_two.mp4"), 640, 360, true);
    assertEquals(1, Media.streams(two.folder().output().resolve("360p_two.mp4"), "audio").size());

    Attempt vfr = attempt("/media/vfr.webm", null);
    handler(Duration.ofMinutes(5)).run(vfr);
    Path hls = vfr.folder().output().resolve("360p_vfr.m3u8");
    checkVideo(hls, 640, 360, false);
    assertTrue(Files.readString(hls).contains("#EXT-X-ENDLIST"));
  }

  @Test
  void anAudioOnlySourceGivesAnMp3AndAnM4a() throws Exception {
    Attempt attempt = attempt("/media/voice.m4a", null);
    handler(Duration.ofMinutes(5)).run(attempt);
    Path out = attempt.folder().output();
    assertEquals("mp3", audio(out.resolve("audio_192k_voice.mp3")).get("codec_name"));
    assertEquals("aac", audio(out.resolve("audio_192k_voice.m4a")).get("codec_name"));
    assertTrue(Media.streams(out.resolve("audio_192k_voice.m4a"), "video").isEmpty());
    Map<?, ?> info = Json.read(Files.readString(out.resolve("info_video.json")), Map.class);
    assertEquals(Boolean.FALSE, info.get("has_stream_video"));
    assertEquals(Boolean.FALSE, info.get("has_stream_thumbnail"));
    assertEquals(2, ((List<?>) info.get("encode_audio")).size());
    assertEquals(
        List.of("audio_192k_voice.mp3", "audio_192k_voice.m4a", "info_video.json"),
        Json.read(Files.readString(attempt.folder().manifest()), Manifest.class).files());
  }

  @Test
  void eachBadSourceFailsWithASentenceForTheUser() {
    assertEquals(SourceProbe.NOT_MEDIA, failure("/media/fake.mp4", null).getMessage());
    assertEquals(SourceDownloader.EMPTY, failure("/media/empty.mp4", null).getMessage());
    assertEquals(SourceDownloader.WEB_PAGE, failure("/media/page.mp4", null).getMessage());
    assertEquals(SourceDownloader.NO_MEDIA_NAME, failure("/media/download", null).getMessage());
    assertEquals(
        String.format(EncodingHandler.DENIED, "magicyuv"),
        failure("/media/magic.avi", null).getMessage());
    assertEquals(
        "Invalid parameters for task type: encoding (invalid fields: colour, speed)",
        failure("/media/c720.mp4", Map.of("rendition", "{}", "colour", "red", "speed", "2"))
            .getMessage());
    assertTrue(
        failure("/media/c720.mp4", Map.of("cut", "not json"))
            .getMessage()
            .startsWith("Invalid parameters: cut"));
  }

  @Test
  @Timeout(120)
  void aStopRequestKillsTheWholeEncodeWithinTwoSeconds() throws Exception {
    Attempt attempt = attempt("/media/long.mp4", null);
    EncodingHandler handler = handler(Duration.ofMinutes(5), "medium");
    Future<?> run =
        Executors.newSingleThreadExecutor()
            .submit(
                () -> {
                  handler.run(attempt);
                  return null;
                });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!attempt.logTail(100_000).contains("Output #0") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(500);
    assertTrue(attempt.logTail(100_000).contains("Output #0"), "the log is readable live");
    long stopped = System.nanoTime();
    attempt.cancellation().request(Cancellation.Reason.USER);
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> run.get(20, TimeUnit.SECONDS));
    double seconds = (System.nanoTime() - stopped) / 1e9;
    assertEquals(Cancellation.CANCELLED_BY_USER, e.getCause().getMessage());
    assertTrue(seconds < 2.0, "stopped in " + seconds + " s");
    assertTrue(noFfmpegWorksIn(attempt.folder().output()), "an ffmpeg survived the stop");
  }

  @Test
  @Timeout(120)
  void anEncodeBeyondItsTimeLimitEndsAsTimeout() {
    TaskFailure e =
        assertThrows(
            TaskFailure.class,
            () -> handler(Duration.ofSeconds(1), "veryslow").run(attempt("/media/long.mp4", null)));
    assertEquals(TaskStatus.TIMEOUT, e.status());
    assertEquals("The encoding took longer than the allowed 1 seconds", e.getMessage());
  }

  private TaskFailure failure(String path, Map<String, Object> parameters) {
    return assertThrows(
        TaskFailure.class, () -> handler(Duration.ofMinutes(5)).run(attempt(path, parameters)));
  }

  static EncodingHandler handler(Duration timeout) {
    return handler(timeout, "ultrafast");
  }

  static EncodingHandler handler(Duration timeout, String preset) {
    EncodingSettings settings =
        new EncodingSettings(Media.FFMPEG, preset, false, "p5", timeout, Set.of("magicyuv"));
    return new EncodingHandler(
        Media.downloader(100_000_000L, Duration.ofMinutes(1)),
        Media.probe(),
        Media.LAUNCHER,
        settings);
  }

  Attempt attempt(String path, Map<String, Object> parameters) {
    return Media.attempt(web.url(path), "encoding", parameters, work);
  }

  static void clip(String name, String args) throws Exception {
    Media.make(media.resolve(name), args);
    String path =
        "/media/" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    web.serve(path, 200, "video/mp4", Files.readAllBytes(media.resolve(name)));
  }

  static void checkVideo(Path file, int width, int height, boolean withAudio) throws Exception {
    List<Map<?, ?>> video = Media.streams(file, "video");
    assertEquals(1, video.size(), file.toString());
    assertEquals("h264", video.get(0).get("codec_name"));
    assertEquals(width, ((Number) video.get(0).get("width")).intValue(), file.toString());
    assertEquals(height, ((Number) video.get(0).get("height")).intValue(), file.toString());
    assertEquals(withAudio, !Media.streams(file, "audio").isEmpty(), file.toString());
  }

  private static void assertListed(
      Map<?, ?> info, String format, String rendition, String filename) {
    List<?> videos = (List<?>) info.get("encode_video");
    Map<String, String> entry =
        Map.of("encoding_format", format, "rendition", rendition, "filename", filename);
    assertTrue(videos.contains(entry), entry + " not in " + videos);
  }

  private static boolean near(int[] a, int[] b) {
    for (int i = 0; i < 3; i++) {
      if (Math.abs(a[i] - b[i]) > 30) {
        return false;
      }
    }
    return true;
  }

  private static String rgb(int[] c) {
    return "rgb(" + c[0] + ", " + c[1] + ", " + c[2] + ")";
  }

  private static double duration(Path file) throws Exception {
    return Double.parseDouble(
        ((Map<?, ?>) Media.probe(file).get("format")).get("duration").toString());
  }

  private static Map<?, ?> audio(Path file) throws Exception {
    return Media.streams(file, "audio").get(0);
  }

  private static boolean noFfmpegWorksIn(Path folder) {
    return ProcessHandle.allProcesses()
        .noneMatch(
            p ->
                p.info().commandLine().orElse("").contains(folder.getParent().toString())
                    && p.info().command().orElse("").contains("ffmpeg"));
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
