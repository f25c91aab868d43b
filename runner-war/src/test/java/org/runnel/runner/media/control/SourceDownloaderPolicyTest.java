package org.runnel.runner.media.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.testing.LocalWebServer;
import org.runnel.runner.testing.Media;
import org.runnel.shared.net.UrlPolicy;
import org.runnel.shared.net.UrlPolicy.Scope;

/**
 * The downloader applies the URL policy to the first URL and to every redirect, and connects to the
 * address it checked. Names are resolved by the test: {@code media.example} (allowed by name) and
 * {@code internal.example} (not allowed) both point at the loopback test server, so that a refused
 * redirect is refused by the policy and not by a failed connection (the lenient control proves the
 * target is reachable).
 */
class SourceDownloaderPolicyTest {

  private static final byte[] MEDIA = "bytes of a video".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private LocalWebServer web;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final AtomicInteger rebindLookups = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    web = new LocalWebServer();
    serve("/v.mp4", 200, "video/mp4", MEDIA);
    serve("/page.mp4", 200, "text/html", "<html>".getBytes(StandardCharsets.UTF_8));
    serve("/secret.mp4", 401, "text/plain", "no".getBytes(StandardCharsets.UTF_8));
    serve(
        "/list.mp4",
        200,
        "video/mp4",
        "#EXTM3U\n#EXTINF:2,\nfile:/etc/hostname\n".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    web.close();
  }

  private void serve(String path, int status, String type, byte[] body) {
    web.handle(
        path,
        ex -> {
          hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
          LocalWebServer.reply(ex, status, type, body);
        });
  }

  private void redirect(String path, String location) {
    web.handle(
        path,
        ex -> {
          hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
          ex.getResponseHeaders().set("Location", location);
          ex.sendResponseHeaders(302, -1);
          ex.close();
        });
  }

  private int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  private InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    return switch (host) {
      case "media.example", "internal.example" -> new InetAddress[] {loopback};
      case "rebind.example" ->
          rebindLookups.incrementAndGet() == 1
              ? new InetAddress[] {loopback}
              : new InetAddress[] {InetAddress.getByName("10.0.0.1")};
      case "127.0.0.1" -> new InetAddress[] {loopback};
      default -> throw new UnknownHostException(host);
    };
  }

  private SourceDownloader downloader(Scope client, int maxRedirects) {
    return new SourceDownloader(
        new UrlPolicy(client, Scope.PUBLIC, this::resolve),
        maxRedirects,
        1000,
        Duration.ofSeconds(20),
        Media.SCHEDULER);
  }

  private SourceDownloader strict() {
    return downloader(Scope.of(false, List.of("media.example", "rebind.example")), 5);
  }

  private String at(String host, String path) {
    return "http://" + host + ":" + web.port() + path;
  }

  private String failure(SourceDownloader d, String url) {
    return assertThrows(TaskFailure.class, () -> d.download(url, dir, new Cancellation()))
        .getMessage();
  }

  @Test
  void anAllowedHostIsDownloadedAndALoopbackOneRefusedBeforeAnyRequest() throws Exception {
    assertArrayEquals(
        MEDIA,
        Files.readAllBytes(
            strict().download(at("media.example", "/v.mp4"), dir, new Cancellation())));
    assertEquals(1, hits("/v.mp4"));
    SourceDownloader publicOnly =
        new SourceDownloader(Media.PUBLIC_ONLY, 5, 1000, Duration.ofSeconds(20), Media.SCHEDULER);
    for (String url :
        List.of(
            web.url("/v.mp4"),
            at("localhost", "/v.mp4"),
            at("0x7f000001", "/v.mp4"),
            at("[::ffff:127.0.0.1]", "/v.mp4"),
            "file:///etc/hostname",
            "gopher://127.0.0.1:" + web.port() + "/_x")) {
      assertEquals(SourceDownloader.REFUSED, failure(publicOnly, url), url);
    }
    assertEquals(1, hits("/v.mp4"), "no request reached the server");
  }

  @Test
  void aRedirectToARefusedHostIsNotFollowed() throws Exception {
    redirect("/go.mp4", at("internal.example", "/v.mp4"));
    assertEquals(SourceDownloader.REDIRECTED, failure(strict(), at("media.example", "/go.mp4")));
    assertEquals(0, hits("/v.mp4"));
    // the same redirect under a policy that allows the target is followed: it was reachable
    Path file =
        downloader(Scope.ANY, 5).download(at("media.example", "/go.mp4"), dir, new Cancellation());
    assertArrayEquals(MEDIA, Files.readAllBytes(file));
    assertEquals(1, hits("/v.mp4"));
  }

  @Test
  void aRedirectToAnotherSchemeIsRefused() {
    redirect("/tls.mp4", "https://media.example:" + web.port() + "/v.mp4");
    redirect("/file.mp4", "file:///etc/hostname");
    assertEquals(SourceDownloader.REDIRECTED, failure(strict(), at("media.example", "/tls.mp4")));
    assertEquals(SourceDownloader.REDIRECTED, failure(strict(), at("media.example", "/file.mp4")));
    assertEquals(0, hits("/v.mp4"));
  }

  @Test
  void redirectsAreBoundedAndRelativeOnesResolved() throws Exception {
    redirect("/loop.mp4", "/loop.mp4");
    assertEquals(
        SourceDownloader.TOO_MANY_REDIRECTS, failure(strict(), at("media.example", "/loop.mp4")));
    assertEquals(6, hits("/loop.mp4"), "the first request and 5 redirects");
    redirect("/a/one.mp4", "../two.mp4");
    redirect("/two.mp4", "/v.mp4");
    SourceDownloader.Download d =
        strict().fetch(at("media.example", "/a/one.mp4"), dir, new Cancellation());
    assertArrayEquals(MEDIA, Files.readAllBytes(d.file()));
    assertEquals("one.mp4", d.file().getFileName().toString(), "named after the link given");
    assertTrue(d.redirected());
    assertEquals(
        SourceDownloader.TOO_MANY_REDIRECTS,
        failure(downloader(Scope.ANY, 1), at("media.example", "/a/one.mp4")));
  }

  @Test
  void everyFailureAfterARedirectReadsTheSame() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    redirect("/r1.mp4", at("internal.example", "/v.mp4"));
    redirect("/r2.mp4", "http://media.example:" + closed + "/v.mp4");
    redirect("/r3.mp4", "/secret.mp4");
    redirect("/r4.mp4", "/page.mp4");
    redirect("/r5.mp4", "/list.mp4");
    redirect("/r6.mp4", "http://gone.example/v.mp4");
    SourceDownloader lenientTargets = downloader(Scope.of(false, List.of("media.example")), 5);
    for (String path : List.of("/r1.mp4", "/r2.mp4", "/r3.mp4", "/r4.mp4", "/r5.mp4", "/r6.mp4")) {
      assertEquals(
          SourceDownloader.REDIRECTED, failure(lenientTargets, at("media.example", path)), path);
    }
    // the first hop keeps its own, more helpful messages
    assertEquals(
        "Could not download the source (HTTP 401 from media.example)",
        failure(lenientTargets, at("media.example", "/secret.mp4")));
    assertEquals(MediaInputs.PLAYLIST, failure(lenientTargets, at("media.example", "/list.mp4")));
  }

  @Test
  void theConnectionGoesToTheAddressThatWasChecked() throws Exception {
    // the name answers loopback (allowed by name) once, then a private address: a client that
    // resolved again to connect would go elsewhere; this one asks once and connects there
    Path file = strict().download(at("rebind.example", "/v.mp4"), dir, new Cancellation());
    assertArrayEquals(MEDIA, Files.readAllBytes(file));
    assertEquals(1, rebindLookups.get());
    assertEquals(1, hits("/v.mp4"));
    assertFalse(Files.exists(dir.resolve("v.mp4.part")));
  }
}
