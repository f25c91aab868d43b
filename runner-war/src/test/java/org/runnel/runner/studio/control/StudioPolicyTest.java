package org.runnel.runner.studio.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.encoding.control.EncodingHandler;
import org.runnel.runner.encoding.control.EncodingSettings;
import org.runnel.runner.media.control.SourceDownloader;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.testing.LocalWebServer;
import org.runnel.runner.testing.Media;
import org.runnel.shared.net.UrlPolicy;
import org.runnel.shared.net.UrlPolicy.Scope;

/**
 * The URLs written inside a mediapackage (tracks, SMIL catalog) come from the client as much as the
 * mediapackage's own URL: with private URLs off and only {@code media.example} allowed (resolved by
 * the test to the loopback server), a track or catalog on loopback, {@code localhost} or {@code
 * file:} is refused before any request reaches it.
 */
class StudioPolicyTest {

  @TempDir Path work;
  private LocalWebServer web;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    web = new LocalWebServer();
  }

  @AfterEach
  void stop() {
    web.close();
  }

  private void serve(String path, String type, byte[] body) {
    web.handle(
        path,
        ex -> {
          hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
          LocalWebServer.reply(ex, 200, type, body);
        });
  }

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    if (host.equals("media.example") || host.equals("localhost") || host.equals("127.0.0.1")) {
      return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
    }
    throw new UnknownHostException(host);
  }

  private StudioTask task() {
    UrlPolicy policy =
        new UrlPolicy(
            Scope.of(false, List.of("media.example")), Scope.PUBLIC, StudioPolicyTest::resolve);
    SourceDownloader downloader =
        new SourceDownloader(policy, 5, 100_000_000L, Duration.ofMinutes(1), Media.SCHEDULER);
    EncodingSettings settings =
        new EncodingSettings(
            Media.FFMPEG, "ultrafast", false, "p5", Duration.ofMinutes(2), Set.of());
    return new StudioTask(
        downloader,
        new EncodingHandler(downloader, Media.probe(), Media.LAUNCHER, settings),
        Media.probe(),
        Media.LAUNCHER,
        Media.FFMPEG,
        "ultrafast",
        Duration.ofMinutes(2));
  }

  private String pkg(String track, String smil) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <mediapackage xmlns="http://mediapackage.opencastproject.org" id="mp1">
          <media><track id="t1" type="presenter/source"><url>%s</url></track></media>
          <metadata>%s</metadata>
        </mediapackage>
        """
        .formatted(
            track,
            smil == null
                ? ""
                : "<catalog id=\"c1\" type=\"smil/cutting\"><url>" + smil + "</url></catalog>");
  }

  @Test
  void tracksAndCatalogsInTheMediapackageGoThroughThePolicy() throws Exception {
    serve("/rec/cam.mp4", "video/mp4", "not fetched".getBytes(StandardCharsets.UTF_8));
    serve("/rec/cut.smil", "application/smil", "<smil/>".getBytes(StandardCharsets.UTF_8));
    Path real =
        Media.make(
            work.resolve("real.mp4"),
            "-f lavfi -i testsrc2=duration=1:size=320x240:rate=25 -c:v libx264 -preset ultrafast");
    serve("/rec/real.mp4", "video/mp4", java.nio.file.Files.readAllBytes(real));
    String allowedTrack = "http://media.example:" + web.port() + "/rec/cam.mp4";
    List<String> packages =
        List.of(
            pkg(web.url("/rec/cam.mp4"), null),
            pkg("http://localhost:" + web.port() + "/rec/cam.mp4", null),
            pkg("file:///etc/hostname", null),
            pkg(allowedTrack.replace("/rec/cam.mp4", "/rec/real.mp4"), web.url("/rec/cut.smil")));
    for (int i = 0; i < packages.size(); i++) {
      String path = "/rec/p" + i + ".xml";
      serve(path, "text/xml", packages.get(i).getBytes(StandardCharsets.UTF_8));
      TaskFailure e =
          assertThrows(
              TaskFailure.class,
              () ->
                  task()
                      .run(
                          Media.attempt(
                              "http://media.example:" + web.port() + path,
                              "studio",
                              Map.of(),
                              work)));
      assertEquals(SourceDownloader.REFUSED, e.getMessage(), packages.get(i));
      assertEquals(1, hits.get(path).get(), "the mediapackage on the allowed host was read");
    }
    assertEquals(null, hits.get("/rec/cam.mp4"));
    assertEquals(null, hits.get("/rec/cut.smil"));
    assertEquals(1, hits.get("/rec/real.mp4").get(), "the allowed track was fetched");
  }

  @Test
  void aLoopbackMediapackageIsRefused() {
    serve("/rec/mp.xml", "text/xml", pkg("http://media.example/x.mp4", null).getBytes());
    TaskFailure e =
        assertThrows(
            TaskFailure.class,
            () -> task().run(Media.attempt(web.url("/rec/mp.xml"), "studio", Map.of(), work)));
    assertEquals(SourceDownloader.REFUSED, e.getMessage());
    assertEquals(null, hits.get("/rec/mp.xml"));
  }
}
