package org.runnel.runner.encoding.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.encoding.entity.Cut;
import org.runnel.runner.encoding.entity.Dressing;
import org.runnel.runner.encoding.entity.Ladder;
import org.runnel.runner.media.control.MediaInputs;
import org.runnel.runner.media.control.SourceDownloader;
import org.runnel.runner.media.entity.SourceInfo;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.testing.LocalWebServer;
import org.runnel.runner.testing.Media;
import org.runnel.runner.testing.Tripwire;
import org.runnel.shared.net.UrlPolicy;
import org.runnel.shared.net.UrlPolicy.Scope;

/**
 * What an encoding task fetches and opens. Private URLs are off and only {@code media.example}
 * (resolved by the test to the loopback server) is allowed: the source there is encoded, while a
 * watermark or credits URL on loopback, {@code localhost} or {@code file:} is refused before any
 * request. A crafted playlist served as the source fails the task with the end-user sentence and
 * never opens the other task's file it names; and ffmpeg itself, given the plan's arguments on such
 * a playlist, refuses it.
 */
@Timeout(300)
class InputPolicyTest {

  @TempDir static Path media;
  static LocalWebServer web;
  static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();

  @TempDir Path work;

  @BeforeAll
  static void serve() throws Exception {
    web = new LocalWebServer();
    Path clip =
        Media.make(
            media.resolve("c.mp4"),
            "-f lavfi -i testsrc2=duration=1:size=320x240:rate=25 -c:v libx264 -preset ultrafast");
    Path logo = Media.make(media.resolve("logo.png"), "-f lavfi -i color=blue:s=64x64 -frames:v 1");
    serve("/media/c.mp4", Files.readAllBytes(clip));
    serve("/media/logo.png", Files.readAllBytes(logo));
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  private static void serve(String path, byte[] body) {
    web.handle(
        path,
        ex -> {
          HITS.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
          LocalWebServer.reply(ex, 200, "video/mp4", body);
        });
  }

  private static int hits(String path) {
    AtomicInteger n = HITS.get(path);
    return n == null ? 0 : n.get();
  }

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    if (host.equals("media.example") || host.equals("localhost") || host.equals("127.0.0.1")) {
      return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
    }
    throw new UnknownHostException(host);
  }

  private static EncodingHandler handler() {
    UrlPolicy policy =
        new UrlPolicy(
            Scope.of(false, List.of("media.example")), Scope.PUBLIC, InputPolicyTest::resolve);
    EncodingSettings settings =
        new EncodingSettings(
            Media.FFMPEG, "ultrafast", false, "p5", Duration.ofMinutes(2), Set.of("magicyuv"));
    return new EncodingHandler(
        new SourceDownloader(policy, 5, 100_000_000L, Duration.ofMinutes(1), Media.SCHEDULER),
        Media.probe(),
        Media.LAUNCHER,
        settings);
  }

  private static String allowed(String path) {
    return "http://media.example:" + web.port() + path;
  }

  private Attempt attempt(String source, String dressing) {
    return Media.attempt(
        source, "encoding", dressing == null ? Map.of() : Map.of("dressing", dressing), work);
  }

  @Test
  void dressingUrlsGoThroughThePolicy() throws Exception {
    String loopbackLogo = web.url("/media/logo.png");
    for (String dressing :
        List.of(
            "{\"watermark\":\"" + loopbackLogo + "\"}",
            "{\"watermark\":\"http://localhost:" + web.port() + "/media/logo.png\"}",
            "{\"opening_credits_video\":\"" + web.url("/media/c.mp4") + "\"}",
            "{\"ending_credits_video\":\"file:///etc/hostname\"}")) {
      int before = hits("/media/c.mp4");
      TaskFailure e =
          assertThrows(
              TaskFailure.class,
              () -> handler().run(attempt(allowed("/media/c.mp4"), dressing)),
              dressing);
      assertEquals(SourceDownloader.REFUSED, e.getMessage(), dressing);
      assertEquals(before + 1, hits("/media/c.mp4"), "only the source was fetched");
    }
    assertEquals(0, hits("/media/logo.png"));
    // the same watermark on the allowed host is laid: the refusal was about the URL
    Attempt ok =
        attempt(allowed("/media/c.mp4"), "{\"watermark\":\"" + allowed("/media/logo.png") + "\"}");
    handler().run(ok);
    assertEquals(1, hits("/media/logo.png"));
    try (var files = Files.list(ok.folder().output())) {
      assertTrue(files.anyMatch(f -> f.toString().endsWith("_c.mp4")), "encoded");
    }
  }

  @Test
  void aCraftedPlaylistFailsTheTaskWithoutReadingTheFileItNames() throws Exception {
    Path other = work.resolve("other/output");
    try (Tripwire wire = new Tripwire(other.resolve("secret.ts"))) {
      String playlist =
          "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nfile:"
              + wire.path()
              + "\n#EXTINF:2.0,\n../../other/output/secret.ts\n#EXT-X-ENDLIST\n";
      serve("/media/list.mp4", playlist.getBytes(StandardCharsets.UTF_8));
      web.handle(
          "/media/moved.mp4",
          ex -> {
            ex.getResponseHeaders().set("Location", "/media/list.mp4");
            ex.sendResponseHeaders(302, -1);
            ex.close();
          });
      TaskFailure direct =
          assertThrows(
              TaskFailure.class, () -> handler().run(attempt(allowed("/media/list.mp4"), null)));
      assertEquals(MediaInputs.PLAYLIST, direct.getMessage());
      TaskFailure redirected =
          assertThrows(
              TaskFailure.class, () -> handler().run(attempt(allowed("/media/moved.mp4"), null)));
      assertEquals(SourceDownloader.REDIRECTED, redirected.getMessage());
      assertFalse(wire.fired(500));
    }
  }

  @Test
  void ffmpegRunWithThePlanRefusesAPlaylistInput() throws Exception {
    Path other = work.resolve("other/output");
    try (Tripwire wire = new Tripwire(other.resolve("secret.ts"))) {
      Path list = work.resolve("mine/source/lecture.mp4");
      Files.createDirectories(list.getParent());
      Files.writeString(
          list,
          "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nfile:"
              + wire.path()
              + "\n#EXT-X-ENDLIST\n");
      SourceInfo info = new SourceInfo("mov", 2000, "h264", 320, 240, 25, null, 0, List.of("h264"));
      EncodingPlan plan =
          EncodingPlan.of(
              new EncodingPlan.Source(
                  list, info, "lecture", Cut.of(null), Dressing.of(null), null, null, null),
              Ladder.merged(null).forSource(240),
              new EncodingSettings(
                  Media.FFMPEG, "ultrafast", false, "p5", Duration.ofMinutes(1), Set.of()));
      List<String> args = plan.arguments();
      for (int i = 0; i < args.size(); i++) {
        if (args.get(i).equals("-i")) {
          assertEquals(MediaInputs.OPTIONS, args.subList(i - 4, i), "options before every input");
          assertTrue(Path.of(args.get(i + 1)).isAbsolute());
        }
      }
      List<String> command = new ArrayList<>(List.of(Media.FFMPEG));
      command.addAll(args);
      Path out = Files.createDirectories(work.resolve("mine/output"));
      Process p =
          new ProcessBuilder(command)
              .directory(out.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertNotEquals(0, p.exitValue());
      assertFalse(wire.fired(500));
    }
  }

  @Test
  void theSourceOnTheAllowedHostIsEncodedAsBefore() throws Exception {
    Attempt a = attempt(allowed("/media/c.mp4"), null);
    handler().run(a);
    assertArrayEquals(
        Files.readAllBytes(media.resolve("c.mp4")),
        Files.readAllBytes(a.folder().source().resolve("c.mp4")));
  }
}
