package org.runnel.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.runnel.manager.tasks.boundary.TaskView;
import org.runnel.shared.json.Json;

/**
 * Boots the real manager.war on Payara Micro and drives it over HTTP as Pod and a runner would: a
 * task is submitted, handed to a registered runner, completed, and its callback reaches the
 * client's notify_url. The runner and the client are played by a small recording HTTP server in
 * this JVM, speaking the protocol; the full chain with the real runner.war is the system test's.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagerIT {

  static final String CLIENT = "test-client-token";
  static final String RUNNER = "test-runner-token";
  static final Duration WAIT = Duration.ofSeconds(20);

  record Recorded(String path, String authorization, String body) {}

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final BlockingQueue<Recorded> RUNS = new LinkedBlockingQueue<>();
  static final BlockingQueue<Recorded> CALLBACKS = new LinkedBlockingQueue<>();
  static HttpServer peer;
  static String peerUrl;
  static String taskId;
  static String runId;

  /**
   * Arquillian reports the machine's first interface address, but the loopback pre-boot file binds
   * the listener to 127.0.0.1: only the port is taken from it.
   */
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    String buildDir = System.getProperty("runnel.buildDir", "target");
    Path data =
        Path.of(buildDir, "it-data", "manager-" + System.currentTimeMillis()).toAbsolutePath();
    String config =
        String.join(
            "\n",
            "config_ordinal=500",
            "runnel.manager.data-dir=" + data,
            "runnel.manager.client-tokens=" + CLIENT + ",another-client",
            "runnel.manager.runner-tokens=" + RUNNER,
            "runnel.manager.allow-private-urls=true",
            "");
    JavaArchive overrides =
        ShrinkWrap.create(JavaArchive.class, "it-config.jar")
            .addAsManifestResource(new StringAsset(config), "microprofile-config.properties");
    return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
        .importFrom(new File(buildDir, "manager.war"))
        .as(WebArchive.class)
        .addAsLibrary(overrides);
  }

  /** Plays the runner (task hand-over, results) and the client's notify_url. */
  @BeforeAll
  static void startPeer() throws IOException {
    peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    peer.createContext("/task/run", ex -> record(ex, RUNS, 200, "{\"status\":\"started\"}"));
    peer.createContext("/notify", ex -> record(ex, CALLBACKS, 200, "{}"));
    peer.createContext(
        "/task/result/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          String body =
              path.contains("/file/")
                  ? "segment bytes of " + path.substring(path.indexOf("/file/") + 6)
                  : "{\"task_id\":\"x\",\"files\":[\"720p_v.m3u8\",\"info_video.json\"]}";
          reply(ex, 200, body);
        });
    peer.start();
    peerUrl = "http://127.0.0.1:" + peer.getAddress().getPort();
  }

  @AfterAll
  static void stopPeer() {
    peer.stop(0);
  }

  private static void record(
      HttpExchange ex, BlockingQueue<Recorded> into, int status, String reply) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    into.add(
        new Recorded(
            ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization"), body));
    reply(ex, status, reply);
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private HttpResponse<String> call(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base.getPort() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> asClient(String method, String path, String body)
      throws IOException, InterruptedException {
    return call(method, path, body, "Authorization", "Bearer " + CLIENT);
  }

  private HttpResponse<String> asRunner(String path, String body, String version)
      throws IOException, InterruptedException {
    return version == null
        ? call("POST", path, body, "Authorization", "Bearer " + RUNNER)
        : call(
            "POST", path, body, "Authorization", "Bearer " + RUNNER, "X-Runner-Version", version);
  }

  private static Map<?, ?> json(HttpResponse<String> r) {
    return Json.jsonb().fromJson(r.body(), Map.class);
  }

  private static String detail(HttpResponse<String> r) {
    return String.valueOf(json(r).get("detail"));
  }

  private String taskBody(String taskType, String video) {
    return """
        {"etab_name":"UM","app_name":"pod","app_version":"4.2","task_type":"%s",
         "source_url":"http://127.0.0.1:1/%s.mp4","notify_url":"%s/notify",
         "parameters":{"rendition":"{\\"360\\":{}}","video_id":"7"}}
        """
        .formatted(taskType, video, peerUrl);
  }

  @Test
  @Order(1)
  void isReadyAndDescribesItself() throws Exception {
    HttpResponse<String> ready = call("GET", "/health/ready", null);
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("\"UP\""), ready.body());
    assertTrue(ready.body().contains("data folder writable"), ready.body());

    HttpResponse<String> openapi = call("GET", "/openapi", null);
    assertEquals(200, openapi.statusCode());
    assertTrue(openapi.body().contains("/task/execute"), openapi.body());
    assertTrue(openapi.body().contains("/runner/register"), openapi.body());
    assertTrue(openapi.body().contains("title: Runnel manager"), openapi.body());
    assertEquals(1, openapi.body().split("- name: Runners").length - 1, "each tag listed once");

    Map<?, ?> version = json(call("GET", "/api/version", null));
    assertEquals("1.7.1", version.get("version"));
    assertEquals("runnel", version.get("implementation"));
    Map<?, ?> info = (Map<?, ?>) version.get("version_info");
    assertEquals(
        List.of(1, 7, 1),
        List.of(
            ((Number) info.get("major")).intValue(),
            ((Number) info.get("minor")).intValue(),
            ((Number) info.get("patch")).intValue()));

    HttpResponse<String> root = call("GET", "/", null);
    assertEquals(200, root.statusCode());
    assertEquals("Runnel manager", json(root).get("name"));
    assertEquals(404, call("GET", "/no/such/path", null).statusCode());
  }

  @Test
  @Order(2)
  void refusesCallsWithoutAValidToken() throws Exception {
    HttpResponse<String> none = call("POST", "/task/execute", taskBody("encoding", "a"));
    assertEquals(401, none.statusCode());
    assertEquals("{\"detail\":\"Missing authentication token\"}", none.body());
    assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(null));

    HttpResponse<String> wrong =
        call("POST", "/task/execute", taskBody("encoding", "a"), "X-API-Token", "nope");
    assertEquals(401, wrong.statusCode());
    assertEquals("Invalid or expired token", detail(wrong));

    assertEquals(401, call("GET", "/api/health", null).statusCode());
    HttpResponse<String> runnerAsClient =
        call("GET", "/task/list", null, "Authorization", "Bearer " + RUNNER);
    assertEquals(401, runnerAsClient.statusCode());
  }

  @Test
  @Order(3)
  void namesWhatIsWrongWithABody() throws Exception {
    HttpResponse<String> notJson = asClient("POST", "/task/execute", "{nope");
    assertEquals(422, notJson.statusCode());
    assertTrue(notJson.body().contains("\"loc\":[\"body\"]"), notJson.body());

    HttpResponse<String> noType =
        asClient(
            "POST",
            "/task/execute",
            taskBody("encoding", "a").replace("\"task_type\":\"encoding\",", ""));
    assertEquals(422, noType.statusCode());
    assertTrue(noType.body().contains("\"task_type\""), noType.body());

    HttpResponse<String> badNotify =
        asClient(
            "POST",
            "/task/execute",
            taskBody("encoding", "a").replace(peerUrl, "ftp://pod.example"));
    assertEquals(400, badNotify.statusCode());
    assertEquals("{\"detail\":\"notify_url must use http or https\"}", badNotify.body());
  }

  @Test
  @Order(4)
  void acceptsATaskOnceAndShowsItWithoutTheToken() throws Exception {
    HttpResponse<String> accepted = asClient("POST", "/task/execute", taskBody("encoding", "a"));
    assertEquals(200, accepted.statusCode(), accepted.body());
    assertEquals("pending", json(accepted).get("status"));
    taskId = (String) json(accepted).get("task_id");
    assertNotNull(taskId);

    HttpResponse<String> again =
        call("POST", "/task/execute", taskBody("encoding", "a"), "X-API-Token", CLIENT);
    assertEquals(taskId, json(again).get("task_id"), "a re-submission returns the same task");

    HttpResponse<String> status = asClient("GET", "/task/status/" + taskId, null);
    assertEquals(200, status.statusCode());
    Map<?, ?> task = json(status);
    for (String field : TaskView.PROTOCOL_FIELDS) {
      assertTrue(task.containsKey(field), field + " in " + status.body());
    }
    assertEquals("pending", task.get("status"));
    assertEquals("UM", task.get("etab_name"));
    assertFalse(status.body().contains(CLIENT), "the client token never leaves the manager");
    assertFalse(asClient("GET", "/task/list", null).body().contains(CLIENT));

    HttpResponse<String> missing = asClient("GET", "/task/status/no-such-task", null);
    assertEquals(404, missing.statusCode());
    assertEquals("Task not found", detail(missing));
    assertEquals(404, asClient("GET", "/task/status/..bad", null).statusCode());
  }

  @Test
  @Order(5)
  void registersRunnersOfTheSameProtocolVersion() throws Exception {
    String body =
        "{\"id\":\"runner-it\",\"url\":\"%s\",\"task_types\":[\"encoding\"],\"availability\":\"available\"}"
            .formatted(peerUrl);
    HttpResponse<String> old = asRunner("/runner/register", body, "1.6.0");
    assertEquals(409, old.statusCode());
    assertTrue(detail(old).startsWith("Version mismatch: "), old.body());

    HttpResponse<String> none = asRunner("/runner/register", body, null);
    assertEquals(400, none.statusCode());
    assertEquals("Missing X-Runner-Version header", detail(none));

    HttpResponse<String> badUrl =
        asRunner("/runner/register", body.replace(peerUrl, peerUrl + "/sub"), "1.7.1");
    assertEquals(400, badUrl.statusCode());

    HttpResponse<String> ok = asRunner("/runner/register", body, "1.7.1");
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("registered", json(ok).get("status"));

    HttpResponse<String> runners = asClient("GET", "/api/runners", null);
    List<?> list = (List<?>) json(runners).get("runners");
    Map<?, ?> entry = (Map<?, ?>) list.get(0);
    assertEquals("runner-it", entry.get("id"));
    assertEquals("online", entry.get("status"));
    assertFalse(runners.body().contains(RUNNER), "the runner token is not shown");

    HttpResponse<String> beat =
        asRunner("/runner/heartbeat/runner-it", "{\"availability\":\"available\"}", "1.7.1");
    assertEquals(200, beat.statusCode());
    assertEquals(404, asRunner("/runner/heartbeat/unknown", "{}", "1.7.1").statusCode());
  }

  @Test
  @Order(6)
  void handsThePendingTaskToTheRunner() throws Exception {
    Recorded run = RUNS.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertNotNull(run, "the manager posted /task/run to the registered runner");
    assertEquals("Bearer " + RUNNER, run.authorization());
    Map<?, ?> request = Json.jsonb().fromJson(run.body(), Map.class);
    assertEquals(taskId, request.get("task_id"));
    assertTrue(String.valueOf(request.get("completion_callback")).endsWith("/task/completion"));
    runId = (String) request.get("run_id");
    assertNotNull(runId);

    Map<?, ?> task = json(asClient("GET", "/task/status/" + taskId, null));
    assertEquals("running", task.get("status"));
    assertEquals("runner-it", task.get("runner_id"));
    assertEquals(runId, task.get("run_id"));
  }

  @Test
  @Order(7)
  void acceptsTheCurrentAttemptsCompletionOnceAndCallsTheClientBack() throws Exception {
    String completion =
        "{\"task_id\":\"%s\",\"status\":\"completed\",\"error_message\":null,\"script_output\":\"ok\",\"run_id\":\"%s\"}";
    HttpResponse<String> stale =
        asRunner("/task/completion", completion.formatted(taskId, "older-attempt"), null);
    assertEquals(409, stale.statusCode());
    assertTrue(detail(stale).startsWith("Stale attempt: run_id older-attempt"), stale.body());
    assertEquals("running", json(asClient("GET", "/task/status/" + taskId, null)).get("status"));

    HttpResponse<String> ack =
        asRunner("/task/completion", completion.formatted(taskId, runId), null);
    assertEquals(200, ack.statusCode(), ack.body());
    assertEquals("acknowledged", json(ack).get("status"));
    HttpResponse<String> repeat =
        asRunner("/task/completion", completion.formatted(taskId, runId), null);
    assertEquals(200, repeat.statusCode(), "a repeated report is acknowledged again");

    Recorded callback = CALLBACKS.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertNotNull(callback, "the client's notify_url was called");
    assertEquals("Bearer " + CLIENT, callback.authorization());
    Map<?, ?> body = Json.jsonb().fromJson(callback.body(), Map.class);
    assertEquals(taskId, body.get("task_id"));
    assertEquals("completed", body.get("status"));
    assertEquals("ok", body.get("script_output"));
    assertNull(CALLBACKS.poll(2, TimeUnit.SECONDS), "exactly one callback per completion");

    Map<?, ?> task = json(asClient("GET", "/task/status/" + taskId, null));
    assertEquals("completed", task.get("status"));
    assertEquals("delivered", task.get("callback_status"));
  }

  @Test
  @Order(8)
  void proxiesTheResultFromTheRunner() throws Exception {
    HttpResponse<String> manifest = asClient("GET", "/task/result/" + taskId, null);
    assertEquals(200, manifest.statusCode(), manifest.body());
    assertEquals(taskId, manifest.headers().firstValue("X-Task-ID").orElse(null));
    assertEquals(List.of("720p_v.m3u8", "info_video.json"), json(manifest).get("files"));

    HttpResponse<String> file =
        asClient("GET", "/task/result/" + taskId + "/file/720p_v.m3u8", null);
    assertEquals(200, file.statusCode());
    assertEquals("segment bytes of 720p_v.m3u8", file.body());
    assertTrue(
        file.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));

    HttpResponse<String> escape =
        asClient("GET", "/task/result/" + taskId + "/file/%2E%2E%2Fsecret", null);
    assertEquals(400, escape.statusCode(), escape.body());
    assertEquals("Invalid result file path", detail(escape));
  }

  @Test
  @Order(9)
  void stopsAPendingTaskAndRefusesToStopAFinishedOne() throws Exception {
    HttpResponse<String> accepted =
        asClient("POST", "/task/execute", taskBody("transcription", "b"));
    String waiting = (String) json(accepted).get("task_id");
    HttpResponse<String> early = asClient("GET", "/task/result/" + waiting, null);
    assertEquals(425, early.statusCode());
    assertEquals("Task not completed. Status: pending", detail(early));

    HttpResponse<String> stop = asClient("POST", "/task/stop/" + waiting, null);
    assertEquals(202, stop.statusCode(), stop.body());
    assertEquals("stop_requested", json(stop).get("status"));
    Map<?, ?> task = json(asClient("GET", "/task/status/" + waiting, null));
    assertEquals("failed", task.get("status"));
    assertEquals("Cancelled by user.", task.get("error"));

    HttpResponse<String> done = asClient("POST", "/task/stop/" + taskId, null);
    assertEquals(409, done.statusCode());
    assertEquals("Task not running", detail(done));

    Map<?, ?> health = json(asClient("GET", "/manager/health", null));
    assertEquals("healthy", health.get("status"));
    assertEquals(1, ((Number) health.get("runners")).intValue());
  }
}
