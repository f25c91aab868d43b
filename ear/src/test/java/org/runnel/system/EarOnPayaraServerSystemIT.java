package org.runnel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code runnel.ear} on a real Payara Server 6 (the distribution zip Maven unpacked into {@code
 * target/payara-server}): one domain, created with a random port base and only loopback listeners,
 * configured with {@code asadmin create-system-properties} and deployed with {@code asadmin deploy}
 * as {@code docs/install.md} tells an operator. The runner WAR (context root {@code
 * /runnel-runner}) registers with the manager WAR (at {@code /}) of the same server under a URL
 * with that context path, a client submits an encoding of a generated clip, the manager hands it to
 * the runner at {@code /runnel-runner/task/run}, and the MP4 fetched back through the manager
 * passes ffprobe. The domain is stopped whatever happens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EarOnPayaraServerSystemIT {

  private static final String CLIENT_TOKEN = "ear-client-token";
  private static final String RUNNER_TOKEN = "ear-runner-token";
  private static final Path SERVER =
      Path.of(System.getProperty("runnel.payaraServer", "target/payara-server/payara6"));
  private static final Path EAR = Path.of(System.getProperty("runnel.ear", "target/runnel.ear"));
  private static final String RUNNER_CONTEXT =
      System.getProperty("runnel.runnerContextRoot", "/runnel-runner");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private PayaraDomain domain;
  private ClientStub client;
  private String base;

  @BeforeAll
  void deploy() throws Exception {
    Path media = Files.createDirectories(LocalRunnel.BUILD.resolve("ear-media"));
    LocalRunnel.clip(media.resolve("clip.mp4"), 3);
    client = new ClientStub(media);
    Path data = LocalRunnel.BUILD.resolve("ear-data");
    PayaraDomain.deleteTree(data);

    domain = new PayaraDomain(SERVER, LocalRunnel.BUILD.resolve("payara-domains"));
    domain.createAndStart();
    base = "http://127.0.0.1:" + domain.httpPort();
    // colons in values are escaped for asadmin; what MicroProfile Config reads has none of that
    domain.admin(
        Duration.ofSeconds(120),
        "create-system-properties",
        String.join(
            ":",
            "runnel.manager.data-dir=" + data.resolve("manager"),
            "runnel.manager.public-url=" + escape(base),
            "runnel.manager.client-tokens=" + CLIENT_TOKEN,
            "runnel.manager.runner-tokens=" + RUNNER_TOKEN,
            "runnel.manager.allow-private-urls=true",
            "runnel.runner.allow-private-urls=true",
            "runnel.runner.id=ear-runner",
            "runnel.runner.data-dir=" + data.resolve("runner"),
            "runnel.runner.manager-url=" + escape(base),
            "runnel.runner.public-url=" + escape(base + RUNNER_CONTEXT),
            "runnel.runner.token=" + RUNNER_TOKEN));
    domain.admin(Duration.ofSeconds(400), "deploy", "--name", "runnel", EAR.toString());
  }

  private static String escape(String value) {
    return value.replace(":", "\\:");
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (domain != null) {
        domain.close();
      }
    }
  }

  @Test
  void theEarServesTheHappyPathWithTheRunnerUnderAContextPath() throws Exception {
    HttpResponse<String> runners =
        await(
            "/api/runners",
            Duration.ofSeconds(120),
            r -> r.statusCode() == 200 && r.body().contains("\"online\""));
    JsonObject runner = parse(runners.body()).getJsonArray("runners").getJsonObject(0);
    assertEquals("ear-runner", runner.getString("id"));
    assertEquals(base + RUNNER_CONTEXT, runner.getString("url"), "registered with its path");
    HttpResponse<String> ping = get(base + RUNNER_CONTEXT + "/runner/ping", null);
    assertEquals(200, ping.statusCode(), ping.body());
    assertTrue(parse(ping.body()).getBoolean("registered"), ping.body());

    String taskId = submit(client.url("/media/clip.mp4"));
    JsonObject status =
        parse(
            await(
                    "/task/status/" + taskId,
                    Duration.ofSeconds(240),
                    r ->
                        r.statusCode() == 200
                            && !List.of("pending", "running")
                                .contains(parse(r.body()).getString("status")))
                .body());
    assertEquals("completed", status.getString("status"), status + "\n" + domain.logTail());
    assertEquals("ear-runner", status.getString("runner_id"));
    ClientStub.Callback callback = client.callbacks.poll(60, TimeUnit.SECONDS);
    assertTrue(callback != null && callback.body().contains(taskId), "callback to notify_url");

    // through the manager, which calls {runner url}/task/result/... on the runner WAR
    String mp4 = "360p_clip.mp4";
    HttpResponse<String> manifest = get(base + "/task/result/" + taskId, CLIENT_TOKEN);
    assertEquals(200, manifest.statusCode(), manifest.body());
    assertTrue(manifest.body().contains("\"" + mp4 + "\""), manifest.body());
    Path downloaded = LocalRunnel.BUILD.resolve("ear-media/downloaded.mp4");
    HttpResponse<Path> file =
        http.send(
            request(base + "/task/result/" + taskId + "/file/" + mp4, CLIENT_TOKEN).build(),
            HttpResponse.BodyHandlers.ofFile(downloaded));
    assertEquals(200, file.statusCode());
    JsonObject probe = LocalRunnel.probe(downloaded);
    JsonObject video = probe.getJsonArray("streams").getJsonObject(0);
    assertEquals("h264", video.getString("codec_name"));
    assertEquals(360, video.getInt("height"));
    double duration = Double.parseDouble(probe.getJsonObject("format").getString("duration"));
    assertEquals(3.0, duration, 0.3, "duration of the encoded MP4");
  }

  @Test
  void theDomainListensOnLoopbackOnlyWithoutHazelcast() throws Exception {
    // Hazelcast's DAS and member ports of create-domain's port base are closed
    for (int offset : new int[] {49, 59}) {
      assertTrue(refused(InetAddress.getLoopbackAddress(), domain.portBase + offset), "" + offset);
    }
    Optional<InetAddress> lan = siteAddress();
    if (lan.isPresent()) {
      for (int port : new int[] {domain.httpPort(), domain.adminPort(), domain.portBase + 81}) {
        assertTrue(refused(lan.get(), port), "port " + port + " open on " + lan.get());
      }
    }
    assertTrue(
        !refused(InetAddress.getLoopbackAddress(), domain.httpPort()), "HTTP open on loopback");
  }

  /** A non-loopback IPv4 address of this machine, if it has one. */
  private static Optional<InetAddress> siteAddress() throws IOException {
    return NetworkInterface.networkInterfaces()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .findFirst();
  }

  private static boolean refused(InetAddress address, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 2000);
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private String submit(String source) throws Exception {
    return client.submit(http, request(base + "/task/execute", CLIENT_TOKEN), source, "7");
  }

  /** Polls a manager path with the client token until {@code ok} holds or the limit passes. */
  private HttpResponse<String> await(
      String path, Duration limit, Predicate<HttpResponse<String>> ok) throws Exception {
    Instant deadline = Instant.now().plus(limit);
    HttpResponse<String> last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        last = get(base + path, CLIENT_TOKEN);
        if (ok.test(last)) {
          return last;
        }
      } catch (IOException e) {
        // not answering yet
      }
      Thread.sleep(500);
    }
    fail(
        "gave up on "
            + path
            + ": "
            + (last == null ? "no answer" : last.statusCode() + " " + last.body())
            + "\n"
            + domain.logTail());
    return last;
  }

  private HttpResponse<String> get(String url, String token) throws Exception {
    return http.send(request(url, token).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  private static JsonObject parse(String json) {
    return LocalRunnel.json(json);
  }
}
