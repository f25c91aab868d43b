package org.runnel.runner.media.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.testing.LocalWebServer;
import org.runnel.runner.testing.Media;

class SourceDownloaderTest {

  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor();
  private static final byte[] MEDIA =
      "not really a video, but bytes".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private LocalWebServer web;

  @BeforeEach
  void startServer() throws IOException {
    web = new LocalWebServer();
  }

  @AfterEach
  void stopServer() {
    web.close();
  }

  @AfterAll
  static void stopScheduler() {
    SCHEDULER.shutdownNow();
  }

  private Path download(String path, long maxBytes, Duration timeout) throws TaskFailure {
    return new SourceDownloader(
            Media.LOOPBACK, SourceDownloader.MAX_REDIRECTS, maxBytes, timeout, SCHEDULER)
        .download(web.url(path), dir, new Cancellation());
  }

  private String failure(String path, long maxBytes) {
    return assertThrows(TaskFailure.class, () -> download(path, maxBytes, Duration.ofSeconds(30)))
        .getMessage();
  }

  @Test
  void storesTheFileUnderItsSanitisedName() throws Exception {
    web.serve("/media/", 200, "video/mp4", MEDIA);
    Path file = download("/media/Vid%C3%A9o%20%C3%A9t%C3%A9.mp4", 1000, Duration.ofSeconds(30));
    assertEquals(dir.resolve("Video_ete.mp4"), file);
    assertArrayEquals(MEDIA, Files.readAllBytes(file));
    assertFalse(Files.exists(dir.resolve("Video_ete.mp4.part")));
  }

  @Test
  void anHttpErrorNamesTheStatusAndTheHost() {
    web.serve("/missing.mp4", 404, "text/plain", "nope".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "Could not download the source (HTTP 404 from 127.0.0.1)", failure("/missing.mp4", 1000));
  }

  @Test
  void aWebPageIsNotTakenForTheSource() {
    web.serve("/login", 200, "text/html; charset=utf-8", "<html>".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "Could not download the source: 127.0.0.1 answered with a web page, not a media file",
        failure("/login", 1000));
  }

  @Test
  void serverErrorsAreRetriedAFewTimes() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    web.handle(
        "/flaky.mp4",
        ex -> {
          int n = calls.incrementAndGet();
          LocalWebServer.reply(ex, n < SourceDownloader.ATTEMPTS ? 503 : 200, "video/mp4", MEDIA);
        });
    assertArrayEquals(
        MEDIA, Files.readAllBytes(download("/flaky.mp4", 1000, Duration.ofSeconds(30))));
    assertEquals(SourceDownloader.ATTEMPTS, calls.get());
  }

  @Test
  void persistentServerErrorsFailAfterTheLastAttempt() {
    AtomicInteger calls = new AtomicInteger();
    web.handle(
        "/broken.mp4",
        ex -> {
          calls.incrementAndGet();
          LocalWebServer.reply(ex, 500, "text/plain", new byte[0]);
        });
    assertEquals(
        "Could not download the source (HTTP 500 from 127.0.0.1)", failure("/broken.mp4", 1000));
    assertEquals(SourceDownloader.ATTEMPTS, calls.get());
  }

  @Test
  void aSourceAboveTheLimitIsRefusedWithOrWithoutContentLength() {
    web.serve("/big.mp4", 200, "video/mp4", MEDIA);
    web.handle(
        "/chunked.mp4",
        ex -> {
          ex.sendResponseHeaders(200, 0);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(MEDIA);
          }
        });
    String expected = "The source file is larger than the allowed 10 bytes";
    assertEquals(expected, failure("/big.mp4", 10));
    assertEquals(expected, failure("/chunked.mp4", 10));
    assertFalse(Files.exists(dir.resolve("chunked.mp4.part")));
  }

  @Test
  void anUnreachableHostIsNamed() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    SourceDownloader downloader =
        new SourceDownloader(
            Media.LOOPBACK,
            SourceDownloader.MAX_REDIRECTS,
            1000,
            Duration.ofSeconds(30),
            SCHEDULER);
    TaskFailure e =
        assertThrows(
            TaskFailure.class,
            () ->
                downloader.download(
                    "http://127.0.0.1:" + closedPort + "/a.mp4", dir, new Cancellation()));
    assertEquals("Could not download the source: 127.0.0.1 is unreachable", e.getMessage());
  }

  @Test
  @Timeout(60)
  void aStalledTransferIsCutAtTheTimeLimit() {
    web.handle(
        "/stalled.mp4",
        ex -> {
          ex.sendResponseHeaders(200, 1000);
          OutputStream out = ex.getResponseBody();
          out.write(MEDIA);
          out.flush();
          try {
            Thread.sleep(20_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    TaskFailure e =
        assertThrows(
            TaskFailure.class, () -> download("/stalled.mp4", 1000, Duration.ofSeconds(1)));
    assertEquals(
        "Could not download the source: 127.0.0.1 did not send it within 1 seconds",
        e.getMessage());
  }

  @Test
  void aBrokenTransferIsResumedFromWhereItStopped() throws Exception {
    java.util.List<String> ranges = new java.util.concurrent.CopyOnWriteArrayList<>();
    web.handle(
        "/resumed.mp4",
        ex -> {
          String range = ex.getRequestHeaders().getFirst("Range");
          ranges.add(String.valueOf(range));
          if (range == null) {
            ex.sendResponseHeaders(200, MEDIA.length);
            ex.getResponseBody().write(MEDIA, 0, 10);
            ex.getResponseBody().flush();
            ex.close();
            return;
          }
          ex.getResponseHeaders().set("Content-Range", "bytes 10-/" + MEDIA.length);
          ex.sendResponseHeaders(206, MEDIA.length - 10);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(MEDIA, 10, MEDIA.length - 10);
          }
        });
    Path file = download("/resumed.mp4", 1000, Duration.ofSeconds(30));
    assertArrayEquals(MEDIA, Files.readAllBytes(file));
    assertEquals(java.util.List.of("null", "bytes=10-"), ranges);
  }
}
