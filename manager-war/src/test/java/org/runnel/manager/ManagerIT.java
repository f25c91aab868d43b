package org.runnel.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
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
 * Boots the real manager.war on Payara Micro and drives it over HTTP as Pod, runners and an
 * administrator would: a task is submitted, handed to a registered runner, completed, and its
 * callback reaches the client's notify_url; progress and live logs, queue positions, lost attempts
 * (a runner that forgets one, a runner that goes silent or restarts), the administrator's
 * operations, statistics and e-mail follow. Runners are played by {@link FakeRunner}s and the
 * client by a recording HTTP server in this JVM, with short liveness timeouts; the full chain with
 * the real runner.war is the system tests'.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagerIT {

  static final String CLIENT = "test-client-token";
  static final String RUNNER = "test-runner-token";
  static final String ADMIN = "test-admin-token";

  /** Where browsers reach the admin pages, through a proxy that ends TLS (none here). */
  static final String ADMIN_URL = "https://runnel.example.org";

  static final Duration WAIT = Duration.ofSeconds(20);

  record Recorded(String path, String authorization, String body) {}

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final BlockingQueue<Recorded> CALLBACKS = new LinkedBlockingQueue<>();
  static final SmtpSink SMTP = smtpSink();
  static final AtomicInteger NOTIFY_STATUS = new AtomicInteger(400);
  static HttpServer peer;
  static String peerUrl;
  static FakeRunner runner;
  static String taskId;
  static String runId;
  static String failedTaskId;

  private static SmtpSink smtpSink() {
    try {
      return new SmtpSink();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Arquillian reports the machine's first interface address, but the loopback pre-boot file binds
   * the listener to 127.0.0.1: only the port is taken from it.
   */
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return TestWar.withConfig(
        "manager",
        "runnel.manager.client-tokens=" + CLIENT + ",another-client",
        "runnel.manager.runner-tokens=" + RUNNER,
        "runnel.manager.admin-tokens=" + ADMIN,
        "runnel.manager.allow-private-urls=true",
        "runnel.manager.heartbeat-timeout-seconds=3",
        "runnel.manager.liveness-sweep-seconds=1",
        "runnel.manager.reconcile-grace-seconds=1",
        "runnel.manager.max-attempts=2",
        "runnel.manager.max-body-bytes=65536",
        "runnel.manager.smtp-host=127.0.0.1",
        "runnel.manager.smtp-port=" + SMTP.port(),
        "runnel.manager.admin-email=admin@example.org",
        "runnel.manager.admin-url=" + ADMIN_URL);
  }

  /**
   * Plays the client's notify_url ({@code /notify} answers 200, {@code /notify-flaky} what the test
   * sets) and starts the runner the first tests use.
   */
  @BeforeAll
  static void startPeers() throws IOException {
    peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    peer.createContext("/notify", ex -> record(ex, CALLBACKS, 200, "{}"));
    peer.createContext("/notify-flaky", ex -> record(ex, CALLBACKS, NOTIFY_STATUS.get(), "{}"));
    peer.start();
    peerUrl = "http://127.0.0.1:" + peer.getAddress().getPort();
    runner = new FakeRunner("runner-it", RUNNER);
  }

  @AfterAll
  static void stopPeers() throws IOException {
    runner.close();
    peer.stop(0);
    SMTP.close();
  }

  private String manager() {
    return "http://127.0.0.1:" + base.getPort();
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
    for (String path :
        List.of("/task/progress", "/task/log/{id}", "/admin-api/task/{id}/restart")) {
      assertTrue(openapi.body().contains(path), path + " in " + openapi.body());
    }
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
            .formatted(runner.url());
    HttpResponse<String> old = asRunner("/runner/register", body, "1.6.0");
    assertEquals(409, old.statusCode());
    assertTrue(detail(old).startsWith("Version mismatch: "), old.body());

    HttpResponse<String> none = asRunner("/runner/register", body, null);
    assertEquals(400, none.statusCode());
    assertEquals("Missing X-Runner-Version header", detail(none));

    // a context path is accepted (the runner WAR at /runner on Payara Server); a query is not
    HttpResponse<String> badUrl =
        asRunner("/runner/register", body.replace(runner.url(), runner.url() + "/r?x=1"), "1.7.1");
    assertEquals(400, badUrl.statusCode());
    assertEquals("Runner url must not contain a query or fragment", detail(badUrl));
    HttpResponse<String> octal =
        asRunner(
            "/runner/register",
            body.replace(runner.url(), runner.url().replace("127.0.0.1", "0177.0.0.1")),
            "1.7.1");
    assertEquals("Runner url host not allowed", detail(octal));

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
    runner.beat(manager());
  }

  @Test
  @Order(6)
  void handsThePendingTaskToTheRunner() throws Exception {
    FakeRunner.Run run = runner.runs.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertNotNull(run, "the manager posted /task/run to the registered runner");
    assertEquals("Bearer " + RUNNER, run.authorization());
    Map<?, ?> request = run.body();
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
    runner.forget(taskId);

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

  private String submit(String taskType, String video, String notifyPath) throws Exception {
    HttpResponse<String> r =
        asClient(
            "POST",
            "/task/execute",
            taskBody(taskType, video).replace(peerUrl + "/notify", peerUrl + notifyPath));
    assertEquals(200, r.statusCode(), r.body());
    return (String) json(r).get("task_id");
  }

  private Map<?, ?> status(String id) throws Exception {
    return json(asClient("GET", "/task/status/" + id, null));
  }

  private static FakeRunner.Run nextRun(FakeRunner r, String taskId) throws InterruptedException {
    FakeRunner.Run run = r.runs.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertNotNull(run, "no hand-over reached " + r.id);
    assertEquals(taskId, run.taskId());
    return run;
  }

  private static Recorded callbackOf(String taskId) throws InterruptedException {
    for (Recorded c = CALLBACKS.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        c != null;
        c = CALLBACKS.poll(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      if (c.body().contains(taskId)) {
        return c;
      }
    }
    throw new AssertionError("no callback for task " + taskId);
  }

  private static String mailAbout(String taskId) throws InterruptedException {
    for (String m = SMTP.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        m != null;
        m = SMTP.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      if (m.contains(taskId)) {
        return m;
      }
    }
    throw new AssertionError("no e-mail about task " + taskId);
  }

  private void awaitStatus(String id, String wanted) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      last = String.valueOf(status(id).get("status"));
      if (wanted.equals(last)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("task " + id + " stayed " + last + ", expected " + wanted);
  }

  @Test
  @Order(10)
  void showsTheProgressAndLiveLogOfTheCurrentAttemptOnly() throws Exception {
    String id = submit("encoding", "progress", "/notify");
    FakeRunner.Run run = nextRun(runner, id);
    String report =
        "{\"task_id\":\"%s\",\"run_id\":\"%s\",\"progress\":%s,\"eta_seconds\":90,\"log_tail\":\"frame=100\\nframe=200\"}";
    HttpResponse<String> ok =
        asRunner("/task/progress", report.formatted(id, run.runId(), "42.5"), null);
    assertEquals(200, ok.statusCode(), ok.body());

    Map<?, ?> task = status(id);
    assertEquals(42.5, ((Number) task.get("progress")).doubleValue());
    assertEquals(90, ((Number) task.get("eta_seconds")).intValue());
    assertEquals(1, ((Number) task.get("attempt")).intValue());
    assertNull(task.get("queue_rank"), "a running task has no queue rank");

    HttpResponse<String> log = asClient("GET", "/task/log/" + id, null);
    assertEquals(200, log.statusCode(), log.body());
    assertEquals("frame=100\nframe=200", json(log).get("log"));
    HttpResponse<String> asAdmin =
        call("GET", "/task/log/" + id, null, "Authorization", "Bearer " + ADMIN);
    assertEquals(200, asAdmin.statusCode());
    assertEquals(401, call("GET", "/task/log/" + id, null).statusCode());

    HttpResponse<String> stale =
        asRunner("/task/progress", report.formatted(id, "old-run", "50"), null);
    assertEquals(409, stale.statusCode());
    HttpResponse<String> tooFar =
        asRunner("/task/progress", report.formatted(id, run.runId(), "150"), null);
    assertEquals(422, tooFar.statusCode());
    assertTrue(tooFar.body().contains("\"progress\""), tooFar.body());
    assertEquals(42.5, ((Number) status(id).get("progress")).doubleValue(), "nothing changed");

    assertEquals(200, runner.complete(manager(), run, "completed").statusCode());
    callbackOf(id);
    Map<?, ?> done = status(id);
    assertEquals(100.0, ((Number) done.get("progress")).doubleValue());
    assertEquals("ok", json(asClient("GET", "/task/log/" + id, null)).get("log"));
  }

  @Test
  @Order(11)
  void givesPendingTasksTheirRankAndAnEstimatedWait() throws Exception {
    String first = submit("studio", "q1", "/notify");
    String second = submit("studio", "q2", "/notify");
    Map<?, ?> one = status(first);
    Map<?, ?> two = status(second);
    assertEquals(1, ((Number) one.get("queue_rank")).intValue(), one.toString());
    assertEquals(2, ((Number) two.get("queue_rank")).intValue());
    assertEquals(2, ((Number) two.get("queue_total")).intValue());
    assertEquals(0.0, ((Number) two.get("progress")).doubleValue());
    assertNull(two.get("eta_seconds"), "no studio runner online: no estimate");

    String blocker = submit("encoding", "blocker", "/notify");
    FakeRunner.Run busy = nextRun(runner, blocker);
    String waiting = submit("encoding", "waiting", "/notify");
    Map<?, ?> queued = status(waiting);
    assertEquals(3, ((Number) queued.get("queue_rank")).intValue(), queued.toString());
    assertNotNull(queued.get("eta_seconds"), "one encoding runner online: an estimate");

    assertEquals(202, asClient("POST", "/task/stop/" + first, null).statusCode());
    assertEquals(202, asClient("POST", "/task/stop/" + second, null).statusCode());
    runner.complete(manager(), busy, "completed");
    FakeRunner.Run next = nextRun(runner, waiting);
    runner.complete(manager(), next, "completed");
  }

  @Test
  @Order(12)
  void anAttemptTheRunnerNoLongerKnowsIsRunAgainAsANewAttempt() throws Exception {
    String id = submit("encoding", "forgotten", "/notify");
    FakeRunner.Run first = nextRun(runner, id);
    runner.forget(id);

    FakeRunner.Run second = nextRun(runner, id);
    assertNotEquals(first.runId(), second.runId(), "a new attempt gets a new run_id");
    Map<?, ?> task = status(id);
    assertEquals(2, ((Number) task.get("attempt")).intValue());
    assertEquals(second.runId(), task.get("run_id"));

    HttpResponse<String> stale = runner.report(manager(), id, first.runId(), "failed");
    assertEquals(409, stale.statusCode(), "the old attempt's report changes nothing");
    assertEquals("running", status(id).get("status"));
    assertEquals(200, runner.complete(manager(), second, "completed").statusCode());
    assertEquals("completed", status(id).get("status"));
  }

  @Test
  @Order(13)
  void silentOrRestartedRunnersLoseAttemptsUntilTheTaskFailsNamingThem() throws Exception {
    try (FakeRunner silent = new FakeRunner("runner-silent", RUNNER)) {
      assertEquals(200, silent.register(manager(), List.of("studio")));
      String id = submit("studio", "silent", "/notify");
      nextRun(silent, id);

      awaitStatus(id, "pending");
      assertEquals(200, silent.register(manager(), List.of("studio")), "it comes back");
      nextRun(silent, id);
      assertEquals(2, ((Number) status(id).get("attempt")).intValue());
      assertEquals(200, silent.register(manager(), List.of("studio")), "and restarts");

      awaitStatus(id, "failed");
      assertEquals(
          "Failed after 2 attempts: runner runner-silent lost (no heartbeat for 3 s);"
              + " runner runner-silent restarted",
          status(id).get("error"));
      Map<?, ?> callback = Json.jsonb().fromJson(callbackOf(id).body(), Map.class);
      assertEquals("failed", callback.get("status"));
      String mail = mailAbout(id);
      assertTrue(mail.contains("To: admin@example.org"), mail);
      assertTrue(mail.contains("runners kept losing it"), mail);
      failedTaskId = id;
    }
  }

  @Test
  @Order(14)
  void administratorsRestartResendAndDelete() throws Exception {
    assertEquals(401, call("GET", "/admin-api/tasks", null).statusCode());
    HttpResponse<String> asClient = asClient("GET", "/admin-api/tasks", null);
    assertEquals(401, asClient.statusCode());
    assertEquals("Invalid or expired token", detail(asClient));

    HttpResponse<String> restarted = asAdmin("POST", "/admin-api/task/" + taskId + "/restart");
    assertEquals(200, restarted.statusCode(), restarted.body());
    FakeRunner.Run again = nextRun(runner, taskId);
    assertEquals(2, ((Number) status(taskId).get("attempt")).intValue());
    HttpResponse<String> busy = asAdmin("POST", "/admin-api/task/" + taskId + "/restart");
    assertEquals(409, busy.statusCode());
    assertEquals(409, asAdmin("DELETE", "/admin-api/task/" + taskId).statusCode());
    runner.complete(manager(), again, "completed");

    NOTIFY_STATUS.set(400);
    String id = submit("encoding", "unreachable-client", "/notify-flaky");
    runner.complete(manager(), nextRun(runner, id), "completed");
    callbackOf(id);
    awaitStatus(id, "warning");
    assertTrue(mailAbout(id).contains("callback failed"));
    HttpResponse<String> listed = asAdmin("GET", "/admin-api/tasks?callback_status=failed");
    assertTrue(listed.body().contains(id), listed.body());

    NOTIFY_STATUS.set(200);
    HttpResponse<String> resent = asAdmin("POST", "/admin-api/task/" + id + "/resend-callback");
    assertEquals(200, resent.statusCode(), resent.body());
    Map<?, ?> resentBody = Json.jsonb().fromJson(callbackOf(id).body(), Map.class);
    assertEquals(
        "completed", resentBody.get("status"), "Pod imports only on completed, never warning");
    awaitStatus(id, "completed");
    assertEquals("delivered", status(id).get("callback_status"));

    assertEquals(200, asAdmin("DELETE", "/admin-api/task/" + id).statusCode());
    assertEquals(404, asClient("GET", "/task/status/" + id, null).statusCode());
    assertEquals(404, asAdmin("DELETE", "/admin-api/task/" + id).statusCode());
    assertEquals(404, asAdmin("POST", "/admin-api/task/nope/resend-callback").statusCode());
  }

  @Test
  @Order(15)
  void writesOneStatisticsRowPerOutcome() throws Exception {
    HttpResponse<String> csv = asAdmin("GET", "/admin-api/statistics.csv");
    assertEquals(200, csv.statusCode(), csv.body());
    assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    List<String> lines = csv.body().lines().toList();
    assertEquals("task_id,date,task_type,status,app_name,app_version,etab_name", lines.get(0));
    String today = java.time.LocalDate.now().toString();
    assertEquals(
        2,
        lines.stream()
            .filter(l -> l.startsWith(taskId + "," + today + ",encoding,completed,pod,4.2,UM"))
            .count(),
        "completed, restarted, completed again: two outcomes");
    assertTrue(
        lines.contains(failedTaskId + "," + today + ",studio,failed,pod,4.2,UM"), csv.body());

    HttpResponse<String> none =
        asAdmin("GET", "/admin-api/statistics.csv?from=2000-01-01&to=2000-01-31");
    assertEquals(List.of(lines.get(0)), none.body().lines().toList());
    HttpResponse<String> bad = asAdmin("GET", "/admin-api/statistics.csv?from=yesterday");
    assertEquals(400, bad.statusCode());
    assertEquals("from must be a date as YYYY-MM-DD", detail(bad));
  }

  @Test
  @Order(18)
  void aCallbackPodAnswers404IsSentAgain() throws Exception {
    // Pod answers 404 to the callback of a task whose id it has not saved yet (a task failing at
    // once): the manager tries again 2 s later.
    NOTIFY_STATUS.set(404);
    try {
      String id = submit("encoding", "early-callback", "/notify-flaky");
      runner.complete(manager(), nextRun(runner, id), "completed");
      callbackOf(id);
      NOTIFY_STATUS.set(200);
      Map<?, ?> second = Json.jsonb().fromJson(callbackOf(id).body(), Map.class);
      assertEquals("completed", second.get("status"));
      awaitCallback(id, "delivered");
      assertEquals(2, ((Number) status(id).get("callback_attempts")).intValue());
      assertEquals("completed", status(id).get("status"));
    } finally {
      NOTIFY_STATUS.set(200);
    }
  }

  private void awaitCallback(String id, String wanted) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!wanted.equals(status(id).get("callback_status"))) {
      assertTrue(System.nanoTime() < end, "callback of " + id + " never " + wanted);
      Thread.sleep(100);
    }
  }

  @Test
  @Order(17)
  void aDrainedRunnerStaysDrainedWhenItRegistersAgain() throws Exception {
    assertEquals(404, asAdmin("POST", "/admin-api/runner/nope/drain").statusCode());
    assertEquals(401, asClient("POST", "/admin-api/runner/runner-it/drain", null).statusCode());
    try (FakeRunner r = new FakeRunner("runner-drained", RUNNER)) {
      assertEquals(200, r.register(manager(), List.of("xapi")));
      assertEquals(Map.of("drained", false, "available", true), drainState("runner-drained"));

      HttpResponse<String> drained = asAdmin("POST", "/admin-api/runner/runner-drained/drain");
      assertEquals(200, drained.statusCode(), drained.body());
      assertEquals(Map.of("drained", true, "available", false), drainState("runner-drained"));
      assertEquals(200, r.register(manager(), List.of("xapi")), "the runner restarts");
      assertEquals(
          Map.of("drained", true, "available", false),
          drainState("runner-drained"),
          "re-registering does not undo an administrator's drain");

      assertEquals(200, asAdmin("POST", "/admin-api/runner/runner-drained/enable").statusCode());
      assertEquals(Map.of("drained", false, "available", true), drainState("runner-drained"));
    }
  }

  @Test
  @Order(19)
  void aRunnerRegisteringAgainKeepsTheAttemptsItListsAndLosesTheOthersAtOnce() throws Exception {
    try (FakeRunner r = new FakeRunner("runner-relisted", RUNNER)) {
      HttpResponse<String> bad =
          asRunner(
              "/runner/register",
              "{\"id\":\"runner-relisted\",\"url\":\""
                  + r.url()
                  + "\",\"running_tasks\":[{\"run_id\":\"x\"}]}",
              "1.7.1");
      assertEquals(422, bad.statusCode(), bad.body());
      assertTrue(bad.body().contains("running_tasks"), bad.body());
      assertEquals(200, r.registerListingWork(manager(), List.of("studio"), 2));
      r.beat(manager());
      String kept = submit("studio", "kept", "/notify");
      FakeRunner.Run keptRun = nextRun(r, kept);
      String dropped = submit("studio", "dropped", "/notify");
      nextRun(r, dropped);

      // as after a manager restart: the runner still runs one attempt and lost the other
      r.forget(dropped);
      assertEquals(200, r.registerListingWork(manager(), List.of("studio"), 2));
      FakeRunner.Run again = nextRun(r, dropped);
      r.forget(dropped);
      assertEquals(200, r.registerListingWork(manager(), List.of("studio"), 2));
      awaitStatus(dropped, "failed");
      assertEquals(
          "Failed after 2 attempts: runner runner-relisted restarted without the attempt;"
              + " runner runner-relisted restarted without the attempt",
          status(dropped).get("error"),
          "both attempts lost by the registrations, not later by reconciliation");

      Map<?, ?> task = status(kept);
      assertEquals("running", task.get("status"));
      assertEquals(1, ((Number) task.get("attempt")).intValue(), "the listed attempt was kept");
      assertEquals(keptRun.runId(), task.get("run_id"));
      assertEquals(200, r.complete(manager(), keptRun, "completed").statusCode());
      assertEquals("completed", status(kept).get("status"));
      assertNotEquals(keptRun.runId(), again.runId());
    }
  }

  @Test
  @Order(20)
  void healthAnswersRunnerTokensAsEsupRunnerRunnersExpect() throws Exception {
    HttpResponse<String> asRunner =
        call("GET", "/api/health", null, "Authorization", "Bearer " + RUNNER);
    assertEquals(200, asRunner.statusCode(), asRunner.body());
    assertEquals("healthy", json(asRunner).get("status"));
    HttpResponse<String> viaHeader = call("GET", "/manager/health", null, "X-API-Token", RUNNER);
    assertEquals(200, viaHeader.statusCode(), viaHeader.body());
    assertEquals(200, asClient("GET", "/api/health", null).statusCode());
    HttpResponse<String> unknown =
        call("GET", "/api/health", null, "Authorization", "Bearer nobody");
    assertEquals(401, unknown.statusCode());
    assertEquals("Invalid or expired token", detail(unknown));
    assertEquals(401, call("GET", "/manager/health", null).statusCode());
  }

  private Map<String, Object> drainState(String runnerId) throws Exception {
    HttpResponse<String> r = asAdmin("GET", "/admin-api/runners");
    assertEquals(200, r.statusCode(), r.body());
    for (Object o : (List<?>) json(r).get("runners")) {
      Map<?, ?> runner = (Map<?, ?>) o;
      if (runnerId.equals(runner.get("id"))) {
        return Map.of("drained", runner.get("drained"), "available", runner.get("available"));
      }
    }
    throw new AssertionError(runnerId + " not listed: " + r.body());
  }

  /**
   * The manager answers 413 and closes the connection without reading the rest of the body. Each
   * request uses a fresh client: the JDK client does not notice a pooled connection closing while
   * it still sends the body, and waits until its timeout (curl and Python clients read the 413).
   */
  @Test
  @Order(16)
  void refusesOversizeBodies() throws Exception {
    byte[] huge = taskBody("encoding", "x".repeat(70_000)).getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder post =
        HttpRequest.newBuilder(URI.create(manager() + "/task/execute"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + CLIENT)
            .header("Content-Type", "application/json");
    HttpResponse<String> sized =
        HttpClient.newHttpClient()
            .send(
                post.POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(413, sized.statusCode(), sized.body());
    assertEquals("Request body too large: at most 65536 bytes", detail(sized));

    HttpResponse<String> chunked =
        HttpClient.newHttpClient()
            .send(
                post.POST(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(huge)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(413, chunked.statusCode(), chunked.body());
  }

  private HttpResponse<String> asAdmin(String method, String path) throws Exception {
    return call(method, path, null, "Authorization", "Bearer " + ADMIN);
  }

  /**
   * Behind a proxy that ends TLS: the login redirect goes to the configured admin URL whatever
   * {@code Host} says, and the session cookie is Secure although the manager sees plain HTTP.
   */
  @Test
  @Order(17)
  void adminRedirectsFollowTheConfiguredUrlAndCookiesAreSecureBehindAProxy() throws Exception {
    RawHttp.Reply reply =
        RawHttp.send(
            base.getPort(),
            "GET /admin/index.xhtml HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example",
            null);
    assertEquals(302, reply.status());
    assertEquals(ADMIN_URL + "/admin/login.xhtml", reply.header("Location"));
    String cookie = reply.header("Set-Cookie");
    assertTrue(cookie.startsWith("JSESSIONID="), cookie);
    // attribute names and SameSite's value compare without case (RFC 6265bis); Payara writes
    // "strict"
    List<String> attributes = List.of(cookie.toLowerCase(java.util.Locale.ROOT).split(";\\s*"));
    for (String attribute : List.of("secure", "httponly", "samesite=strict")) {
      assertTrue(attributes.contains(attribute), attribute + ": " + cookie);
    }
  }
}
