package org.runnel.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.runnel.shared.json.Json;

/**
 * Boots the real runner.war on Payara Micro, pointed at a manager port where nothing listens, and
 * drives its HTTP boundary: ping, MicroProfile Health and OpenAPI, and the token and body checks of
 * {@code POST /task/run}. The encode itself is covered by the plain tests; the chain with a real
 * manager is the system test's.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RunnerIT {

  static final String TOKEN = "test-runner-token";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Only the port is used: the loopback pre-boot file binds the listener to 127.0.0.1. */
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() throws IOException {
    String buildDir = System.getProperty("runnel.buildDir", "target");
    Path data = Path.of(buildDir, "it-data", "runner-" + System.currentTimeMillis());
    String config =
        String.join(
            "\n",
            "config_ordinal=500",
            "runnel.runner.manager-url=http://127.0.0.1:" + closedPort(),
            "runnel.runner.token=" + TOKEN,
            "runnel.runner.data-dir=" + data.toAbsolutePath(),
            "");
    JavaArchive overrides =
        ShrinkWrap.create(JavaArchive.class, "it-config.jar")
            .addAsManifestResource(new StringAsset(config), "microprofile-config.properties");
    return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
        .importFrom(new File(buildDir, "runner.war"))
        .as(WebArchive.class)
        .addAsLibrary(overrides);
  }

  @Test
  void describesItselfAndItsHealth() throws Exception {
    HttpResponse<String> ping = send(get("/runner/ping"));
    assertEquals(200, ping.statusCode());
    Map<?, ?> body = Json.read(ping.body(), Map.class);
    assertEquals("runner-1", body.get("runner_id"));
    assertEquals(Boolean.FALSE, body.get("registered"));
    assertEquals(Boolean.TRUE, body.get("available"));
    assertEquals(List.of("encoding"), body.get("task_types"));
    assertEquals(36, String.valueOf(body.get("runner_instance_id")).length());

    assertEquals(200, send(get("/health/live")).statusCode());
    HttpResponse<String> ready = send(get("/health/ready"));
    assertEquals(503, ready.statusCode(), "the manager is unreachable: " + ready.body());
    assertTrue(ready.body().contains("manager-link"), ready.body());

    HttpResponse<String> status = send(get("/runner/status"));
    assertEquals(200, status.statusCode());
    Map<?, ?> gpu = (Map<?, ?>) Json.read(status.body(), Map.class).get("gpu");
    assertEquals("cpu", gpu.get("encoding_on"), status.body());
    assertEquals(Boolean.FALSE, gpu.get("nvenc_usable"), "JAVE's ffmpeg has no NVENC");

    HttpResponse<String> openapi = send(get("/openapi"));
    assertEquals(200, openapi.statusCode());
    assertTrue(openapi.body().contains("/task/run"), openapi.body());
  }

  @Test
  void runRefusesCallersWithoutTheRunnerToken() throws Exception {
    HttpResponse<String> missing = send(run(null, "{}"));
    assertEquals(401, missing.statusCode());
    assertEquals(
        "Missing authentication token", Json.read(missing.body(), Map.class).get("detail"));
    assertEquals("Bearer", missing.headers().firstValue("WWW-Authenticate").orElse(""));

    HttpResponse<String> wrong = send(run("not-the-token", "{}"));
    assertEquals(401, wrong.statusCode());
    assertEquals("Invalid or expired token", Json.read(wrong.body(), Map.class).get("detail"));
  }

  @Test
  void runChecksTheBodyThenRefusesWhileNotRegistered() throws Exception {
    HttpResponse<String> invalid = send(run(TOKEN, "{not json"));
    assertEquals(422, invalid.statusCode());
    assertTrue(invalid.body().contains("\"body\""), invalid.body());

    HttpResponse<String> badFields =
        send(
            run(
                TOKEN,
                "{\"task_id\":\"../x\",\"task_type\":\"studio\",\"source_url\":\"ftp://h/a\"}"));
    assertEquals(422, badFields.statusCode());
    for (String field : List.of("task_id", "task_type", "source_url", "completion_callback")) {
      assertTrue(badFields.body().contains("\"" + field + "\""), badFields.body());
    }

    String valid =
        "{\"task_id\":\"t-1\",\"task_type\":\"encoding\","
            + "\"source_url\":\"http://127.0.0.1:9/v.mp4\","
            + "\"completion_callback\":\"http://127.0.0.1:9/task/completion\",\"run_id\":\"r1\"}";
    HttpResponse<String> notRegistered = send(run(TOKEN, valid));
    assertEquals(503, notRegistered.statusCode());
    assertEquals("Runner not registered", Json.read(notRegistered.body(), Map.class).get("detail"));

    HttpResponse<String> status = send(get("/task/status/t-1", TOKEN));
    assertEquals(200, status.statusCode());
    assertEquals("not_found", Json.read(status.body(), Map.class).get("status"));
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(uri(path)).GET();
  }

  private HttpRequest.Builder get(String path, String token) {
    return get(path).header("Authorization", "Bearer " + token);
  }

  private HttpRequest.Builder run(String token, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri("/task/run"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + base.getPort() + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
