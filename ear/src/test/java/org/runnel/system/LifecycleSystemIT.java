package org.runnel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The task lifecycle under failure, on real Payara Micro JVMs on loopback started with the README's
 * script: one manager and two real runners (short liveness timeouts through the environment), a
 * client stub with misbehaving notify URLs, and, for the restart test, a runner played by this JVM.
 * The JVMs are shared by the tests, which run in order: the later ones kill a runner, then the
 * manager.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleSystemIT {

  private static final String CLIENT_TOKEN = "lifecycle-client-token";
  private static final String RUNNER_TOKEN = "lifecycle-runner-token";
  private static final String CLIP = "lecture.mp4";
  private static final Duration WAIT = Duration.ofSeconds(240);

  /** Short timeouts so that a lost runner is noticed in seconds; a fast x264 preset. */
  private static final Map<String, String> ENV =
      Map.of(
          "RUNNEL_MANAGER_HEARTBEAT_TIMEOUT_SECONDS", "6",
          "RUNNEL_MANAGER_LIVENESS_SWEEP_SECONDS", "2",
          "RUNNEL_MANAGER_RECONCILE_GRACE_SECONDS", "4",
          "RUNNEL_MANAGER_CALLBACK_READ_TIMEOUT_SECONDS", "3",
          "RUNNEL_RUNNER_HEARTBEAT_SECONDS", "2",
          "RUNNEL_RUNNER_ENCODE_PRESET", "veryfast");

  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, Process> runners = new HashMap<>();
  private LocalRunnel runnel;
  private ClientStub client;
  private Process managerProcess;
  private List<String> managerArgs;
  private String manager;

  @BeforeAll
  void start() throws Exception {
    Path media = Files.createDirectories(LocalRunnel.BUILD.resolve("lifecycle-media"));
    LocalRunnel.clip(media.resolve(CLIP), 20);
    client = new ClientStub(media);

    Path data = LocalRunnel.BUILD.resolve("lifecycle-data");
    if (Files.exists(data)) {
      try (var files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    int managerPort = LocalRunnel.freePort();
    manager = "http://127.0.0.1:" + managerPort;
    managerArgs =
        List.of(
            "--data",
            data.toString(),
            "--client-token",
            CLIENT_TOKEN,
            "--runner-token",
            RUNNER_TOKEN,
            "--manager-port",
            String.valueOf(managerPort));
    runnel = new LocalRunnel();
    managerProcess = runnel.start("manager", "lifecycle-manager.log", managerArgs, ENV);
    runnel.await(manager + "/api/version", null, WAIT, r -> r.statusCode() == 200);
    for (String id : List.of("runner-1", "runner-2")) {
      List<String> args = new ArrayList<>(managerArgs);
      args.addAll(
          List.of("--runner-id", id, "--runner-port", String.valueOf(LocalRunnel.freePort())));
      runners.put(id, runnel.start("runner", "lifecycle-" + id + ".log", args, ENV));
    }
    runnel.await(
        manager + "/api/runners",
        CLIENT_TOKEN,
        WAIT,
        r -> r.statusCode() == 200 && r.body().split("\"online\"").length == 3);
  }

  @AfterAll
  void stop() throws Exception {
    LocalRunnel.closeAll(runnel, client);
  }

  @Test
  @Order(1)
  void twentyConcurrentIdenticalSubmissionsMakeOneTask() throws Exception {
    String body = taskBody("transcription", client.url("/media/" + CLIP), client.url("/notify"));
    List<CompletableFuture<HttpResponse<String>>> replies =
        IntStream.range(0, 20)
            .mapToObj(
                i ->
                    http.sendAsync(
                        post("/task/execute", body).build(), HttpResponse.BodyHandlers.ofString()))
            .toList();
    Set<String> ids = new HashSet<>();
    for (CompletableFuture<HttpResponse<String>> reply : replies) {
      HttpResponse<String> r = reply.get(60, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode(), r.body());
      ids.add(parse(r.body()).getString("task_id"));
    }
    assertEquals(1, ids.size(), "every submission got the same task: " + ids);
    String id = ids.iterator().next();
    long stored =
        parse(get("/task/list").body()).values().stream()
            .filter(t -> t.asJsonObject().getString("task_type").equals("transcription"))
            .count();
    assertEquals(1, stored, "one task stored");
    assertEquals(202, http.send(post("/task/stop/" + id, "").build(), ofString()).statusCode());
  }

  @Test
  @Order(2)
  void aNotifyUrlAnswering503TwiceThen200GetsExactlyOneDeliveredCompletion() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    client.handle(
        "/flaky",
        ex -> {
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          int status = calls.incrementAndGet() <= 2 ? 503 : 200;
          ClientStub.reply(ex, status, "{}".getBytes(StandardCharsets.UTF_8));
        });
    String id = submit(client.url("/media/missing-flaky.mp4"), client.url("/flaky"));

    JsonObject task = awaitTask(id, t -> "delivered".equals(t.getString("callback_status")));
    assertEquals("failed", task.getString("status"));
    assertEquals(3, task.getInt("callback_attempts"));
    Thread.sleep(8_000);
    assertEquals(3, calls.get(), "no call after the delivered one");
    List<String> received = new ArrayList<>(bodies);
    assertEquals(3, received.size());
    assertTrue(received.stream().allMatch(b -> b.contains(id)), received.toString());
  }

  @Test
  @Order(3)
  void aNotifyUrlThatNeverAnswersIsNotCalledTwice() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    client.handle(
        "/silent",
        (HttpExchange ex) -> {
          calls.incrementAndGet();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    try {
      String id = submit(client.url("/media/missing-silent.mp4"), client.url("/silent"));
      JsonObject task = awaitTask(id, t -> "uncertain".equals(t.getString("callback_status")));
      assertEquals("failed", task.getString("status"));
      Thread.sleep(10_000);
      assertEquals(1, calls.get(), "a callback the client may have processed is never resent");
      assertEquals("uncertain", awaitTask(id, t -> true).getString("callback_status"));
    } finally {
      release.countDown();
    }
  }

  @Test
  @Order(4)
  void aRunnerKilledWhileEncodingIsReplacedAndTheTaskCompletesExactlyOnce() throws Exception {
    client.callbacks.clear();
    String id = submit(client.url("/media/" + CLIP), client.url("/notify"));
    JsonObject running = awaitTask(id, t -> "running".equals(t.getString("status")));
    String first = running.getString("runner_id");
    assertEquals(1, running.getInt("attempt"));
    String runnerUrl = runnerUrl(first);
    runnel.await(
        runnerUrl + "/task/status/" + id,
        RUNNER_TOKEN,
        Duration.ofSeconds(60),
        r -> r.statusCode() == 200 && "running".equals(parse(r.body()).getString("status")));

    runnel.kill9(runners.remove(first));

    JsonObject done =
        awaitTask(id, t -> !List.of("pending", "running").contains(t.getString("status")));
    assertEquals("completed", done.getString("status"), done.toString());
    assertNotEquals(first, done.getString("runner_id"), "completed on the other runner");
    assertEquals(2, done.getInt("attempt"));

    ClientStub.Callback cb = client.callbacks.poll(60, TimeUnit.SECONDS);
    assertTrue(cb != null && cb.body().contains(id), "the completion callback arrived");
    assertEquals("completed", parse(cb.body()).getString("status"));
    Thread.sleep(5_000);
    assertTrue(client.callbacks.isEmpty(), "exactly one completion reached the client");
    HttpResponse<String> manifest = get("/task/result/" + id);
    assertEquals(200, manifest.statusCode(), manifest.body());
  }

  @Test
  @Order(5)
  void aManagerKilledWith200QueuedTasksKeepsThemAndDispatchesThemInOrder() throws Exception {
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String body = taskBody("studio", client.url("/media/queued-%03d.xml".formatted(i)), "");
      HttpResponse<String> r = http.send(post("/task/execute", body).build(), ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("pending", parse(r.body()).getString("status"));
      submitted.add(parse(r.body()).getString("task_id"));
    }

    runnel.kill9(managerProcess);
    managerProcess = runnel.start("manager", "lifecycle-manager-2.log", managerArgs, ENV);
    runnel.await(manager + "/api/version", null, WAIT, r -> r.statusCode() == 200);

    JsonObject all = parse(get("/task/list").body());
    for (String id : submitted) {
      assertTrue(all.containsKey(id), "task " + id + " survived the crash");
      assertEquals("pending", all.getJsonObject(id).getString("status"));
    }

    try (DrainingRunner drain = new DrainingRunner(manager, RUNNER_TOKEN)) {
      drain.register("studio");
      runnel.await(
          manager + "/task/status/" + submitted.get(199),
          CLIENT_TOKEN,
          Duration.ofSeconds(180),
          r -> r.statusCode() == 200 && "completed".equals(parse(r.body()).getString("status")));
      assertEquals(submitted, drain.handedOver, "dispatched once each, in submission order");
    }
  }

  private String runnerUrl(String runnerId) throws Exception {
    return parse(get("/api/runners").body()).getJsonArray("runners").stream()
        .map(v -> v.asJsonObject())
        .filter(r -> r.getString("id").equals(runnerId))
        .map(r -> r.getString("url"))
        .findFirst()
        .orElseThrow();
  }

  private String submit(String source, String notifyUrl) throws Exception {
    HttpResponse<String> r =
        http.send(
            post("/task/execute", taskBody("encoding", source, notifyUrl)).build(), ofString());
    assertEquals(200, r.statusCode(), r.body());
    return parse(r.body()).getString("task_id");
  }

  private static String taskBody(String type, String source, String notifyUrl) {
    return Json.createObjectBuilder()
        .add("etab_name", "Université de test")
        .add("app_name", "pod")
        .add("app_version", "4.2.0")
        .add("task_type", type)
        .add("source_url", source)
        .add("notify_url", notifyUrl)
        .add("parameters", Json.createObjectBuilder().add("video_id", "7"))
        .build()
        .toString();
  }

  private JsonObject awaitTask(String id, java.util.function.Predicate<JsonObject> ok)
      throws InterruptedException {
    return parse(
        runnel
            .await(
                manager + "/task/status/" + id,
                CLIENT_TOKEN,
                WAIT,
                r -> r.statusCode() == 200 && ok.test(parse(r.body())))
            .body());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).build(), ofString());
  }

  private HttpRequest.Builder post(String path, String body) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(manager + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + CLIENT_TOKEN);
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static JsonObject parse(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }
}
