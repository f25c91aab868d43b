package org.runnel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole protocol happy path on two real Payara Micro JVMs on loopback, started with README's
 * script: a client submits an encoding task, the runner downloads a generated 5 s clip from a local
 * HTTP server, encodes it, reports completion, the manager calls the client back with the client's
 * token, and the client downloads the MP4 through the manager and checks it with ffprobe. A second
 * task with an unreachable source must fail with a readable error, reported the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HappyPathSystemIT {

  private static final String CLIENT_TOKEN = "system-client-token";
  private static final String RUNNER_TOKEN = "system-runner-token";
  private static final String CLIP = "Cours été.mp4";

  private final HttpClient http = HttpClient.newHttpClient();
  private LocalRunnel runnel;
  private ClientStub client;
  private String manager;

  @BeforeAll
  void start() throws Exception {
    Path media = Files.createDirectories(LocalRunnel.BUILD.resolve("system-media"));
    LocalRunnel.clip(media.resolve(CLIP), 5);
    client = new ClientStub(media);

    Path data = LocalRunnel.BUILD.resolve("system-data");
    deleteTree(data);
    int managerPort = LocalRunnel.freePort();
    int runnerPort = LocalRunnel.freePort();
    manager = "http://127.0.0.1:" + managerPort;
    List<String> common =
        List.of(
            "--data", data.toString(),
            "--client-token", CLIENT_TOKEN,
            "--runner-token", RUNNER_TOKEN,
            "--manager-port", String.valueOf(managerPort),
            "--runner-port", String.valueOf(runnerPort));
    runnel = new LocalRunnel();
    runnel.start("manager", "manager.log", common);
    runnel.await(
        manager + "/api/version", null, Duration.ofSeconds(240), r -> r.statusCode() == 200);
    runnel.start("runner", "runner.log", common);
    runnel.await(
        manager + "/api/runners",
        CLIENT_TOKEN,
        Duration.ofSeconds(240),
        r -> r.statusCode() == 200 && r.body().contains("\"online\""));
  }

  @AfterAll
  void stop() throws Exception {
    LocalRunnel.closeAll(runnel, client);
  }

  @Test
  void encodingTaskTravelsTheWholeProtocol() throws Exception {
    String source =
        client.url("/media/" + URLEncoder.encode(CLIP, StandardCharsets.UTF_8).replace("+", "%20"));
    String taskId = submit(source);

    JsonObject status = awaitTerminal(taskId);
    assertEquals("completed", status.getString("status"), status.toString());
    assertEquals("runner-1", status.getString("runner_id"));
    assertFalse(
        status.toString().contains(CLIENT_TOKEN), "status must not show the client's token");

    ClientStub.Callback cb = client.callbacks.poll(60, TimeUnit.SECONDS);
    assertNotNull(cb, "no callback reached notify_url");
    assertEquals("Bearer " + CLIENT_TOKEN, cb.authorization());
    assertTrue(cb.contentType().startsWith("application/json"), cb.contentType());
    JsonObject cbBody = parse(cb.body());
    assertEquals(taskId, cbBody.getString("task_id"));
    assertEquals("completed", cbBody.getString("status"));

    HttpResponse<String> manifest = get("/task/result/" + taskId);
    assertEquals(200, manifest.statusCode(), manifest.body());
    assertEquals(taskId, manifest.headers().firstValue("X-Task-ID").orElse(""));
    String mp4 = "360p_Cours_ete.mp4";
    assertTrue(manifest.body().contains("\"" + mp4 + "\""), manifest.body());

    Path downloaded = LocalRunnel.BUILD.resolve("system-media/downloaded.mp4");
    HttpResponse<Path> file =
        http.send(
            request("/task/result/" + taskId + "/file/" + mp4).build(),
            HttpResponse.BodyHandlers.ofFile(downloaded));
    assertEquals(200, file.statusCode());
    assertTrue(
        file.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));

    JsonObject probe = LocalRunnel.probe(downloaded);
    JsonObject video =
        probe.getJsonArray("streams").stream()
            .map(v -> v.asJsonObject())
            .filter(s -> "video".equals(s.getString("codec_type")))
            .findFirst()
            .orElseThrow();
    assertEquals("h264", video.getString("codec_name"));
    assertEquals(640, video.getInt("width"));
    assertEquals(360, video.getInt("height"));
    assertTrue(
        probe.getJsonArray("streams").stream()
            .anyMatch(s -> "aac".equals(s.asJsonObject().getString("codec_name"))),
        "aac audio expected");
    double duration = Double.parseDouble(probe.getJsonObject("format").getString("duration"));
    assertEquals(5.0, duration, 0.3, "duration of the encoded MP4");
    assertTrue(probe.getJsonObject("format").getString("format_name").contains("mp4"));
  }

  @Test
  void unreachableSourceFailsWithAReadableErrorAndACallback() throws Exception {
    int closed = LocalRunnel.freePort();
    String taskId = submit("http://127.0.0.1:" + closed + "/media/missing.mp4");

    JsonObject status = awaitTerminal(taskId);
    assertEquals("failed", status.getString("status"), status.toString());
    String error = status.getString("error", "");
    assertTrue(error.toLowerCase().contains("source"), "error should name the source: " + error);

    ClientStub.Callback cb = null;
    for (int i = 0; i < 3 && cb == null; i++) {
      ClientStub.Callback c = client.callbacks.poll(60, TimeUnit.SECONDS);
      if (c != null && c.body().contains(taskId)) {
        cb = c;
      }
    }
    assertNotNull(cb, "no failure callback reached notify_url");
    JsonObject body = parse(cb.body());
    assertEquals("failed", body.getString("status"));
    assertEquals(error, body.getString("error_message"));

    HttpResponse<String> result = get("/task/result/" + taskId);
    assertEquals(400, result.statusCode());
    assertEquals("Task failed: " + error, parse(result.body()).getString("detail"));
  }

  private String submit(String source) throws Exception {
    return client.submit(http, request("/task/execute"), source, "42");
  }

  private JsonObject awaitTerminal(String taskId) throws InterruptedException {
    HttpResponse<String> r =
        runnel.await(
            manager + "/task/status/" + taskId,
            CLIENT_TOKEN,
            Duration.ofSeconds(240),
            x ->
                x.statusCode() == 200
                    && !List.of("pending", "running")
                        .contains(parse(x.body()).getString("status")));
    return parse(r.body());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(manager + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + CLIENT_TOKEN);
  }

  private static JsonObject parse(String json) {
    return LocalRunnel.json(json);
  }

  private static void deleteTree(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
