package org.runnel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Recovery on real JVMs started with the README's script: one manager, one real runner of capacity
 * 2, and an esup-runner shaped runner played by this JVM. In order: the runner is killed (SIGKILL)
 * mid-encode five times and started again at once with the same id, and no ffmpeg may outlive it;
 * then the manager is killed and started again while two tasks encode, which must finish on their
 * first attempt; then the esup-runner shaped runner, which survived the restart, serves a task. The
 * measured figures are printed (lines starting with {@code RECOVERY}).
 *
 * <p>The heartbeat timeout is long (300 s) on purpose: a task that runs again within 10 s of its
 * runner coming back was re-queued by the registration, not by the timeout (a runner's boot takes
 * longer than the default 45 s on a loaded machine), and the manager restart cannot lose attempts
 * by timeout however long it boots (the requests a booting Payara answers 500 count as silence).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecoverySystemIT {

  private static final String CLIENT_TOKEN = "recovery-client-token";
  private static final String RUNNER_TOKEN = "recovery-runner-token";
  private static final String RUNNER = "runner-1";
  private static final String CLIP = "talk.mp4";
  private static final int KILLS = 5;
  private static final Duration WAIT = Duration.ofSeconds(240);

  /**
   * A 360p source makes a one-rung ladder (HLS and MP4); x264's slowest preset keeps each encode
   * running long enough to be interrupted by a manager restart.
   */
  private static final Map<String, String> ENV =
      Map.of(
          "RUNNEL_MANAGER_HEARTBEAT_TIMEOUT_SECONDS", "300",
          "RUNNEL_MANAGER_MAX_ATTEMPTS", "10",
          "RUNNEL_RUNNER_HEARTBEAT_SECONDS", "2",
          "RUNNEL_RUNNER_ENCODE_PRESET", "veryslow");

  private final HttpClient http = HttpClient.newHttpClient();
  private LocalRunnel runnel;
  private ClientStub client;
  private EsupShapedRunner esup;
  private Process managerProcess;
  private Process runnerProcess;
  private List<String> managerArgs;
  private List<String> runnerArgs;
  private String manager;
  private String runnerUrl;
  private Path runnerData;

  @BeforeAll
  void start() throws Exception {
    Path media = Files.createDirectories(LocalRunnel.BUILD.resolve("recovery-media"));
    LocalRunnel.clip(media.resolve(CLIP), 40, "640x360");
    client = new ClientStub(media);
    Path data = LocalRunnel.BUILD.resolve("recovery-data");
    if (Files.exists(data)) {
      try (var files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    runnerData = data.resolve(RUNNER);
    int managerPort = LocalRunnel.freePort();
    int runnerPort = LocalRunnel.freePort();
    manager = "http://127.0.0.1:" + managerPort;
    runnerUrl = "http://127.0.0.1:" + runnerPort;
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
    runnerArgs = new ArrayList<>(managerArgs);
    runnerArgs.addAll(
        List.of(
            "--runner-id", RUNNER, "--runner-port", String.valueOf(runnerPort), "--capacity", "2"));
    runnel = new LocalRunnel();
    managerProcess = runnel.start("manager", "recovery-manager.log", managerArgs, ENV);
    runnel.await(manager + "/api/version", null, WAIT, r -> r.statusCode() == 200);
    runnerProcess = runnel.start("runner", "recovery-runner-0.log", runnerArgs, ENV);
    esup = new EsupShapedRunner(manager, RUNNER_TOKEN, "esup-shaped", "transcription");
    esup.start();
    awaitRegistered();
  }

  @AfterAll
  void stop() throws Exception {
    LocalRunnel.closeAll(esup, runnel, client);
    for (long pid : ffmpegOf(runnerData)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  @Order(1)
  void aRunnerKilledMidEncodeLeavesNoFfmpegAndRunsItsTaskAgainSoonAfterItIsBack() throws Exception {
    String id = submit("encoding", client.url("/media/" + CLIP));
    int orphans = 0;
    List<Double> toRunAgain = new ArrayList<>();
    for (int kill = 1; kill <= KILLS; kill++) {
      int attempt = kill;
      awaitTask(id, t -> running(t) && t.getInt("attempt") == attempt);
      awaitFfmpeg(id);
      runnel.kill9(runnerProcess);
      List<Long> left = survivors();
      orphans += left.size();
      left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));

      runnerProcess = runnel.start("runner", "recovery-runner-" + kill + ".log", runnerArgs, ENV);
      long back = awaitRegistered();
      awaitTask(id, t -> running(t) && t.getInt("attempt") == attempt + 1);
      toRunAgain.add(Math.max(0, System.nanoTime() - back) / 1e9);
    }
    System.out.printf(
        "RECOVERY runner kills: %d, ffmpeg orphans: %d, seconds from runner back to task running"
            + " again: %s (max %.1f)%n",
        KILLS, orphans, toRunAgain, toRunAgain.stream().mapToDouble(d -> d).max().orElse(0));
    assertEquals(0, orphans, "no ffmpeg outlived its runner");
    assertTrue(
        toRunAgain.stream().allMatch(s -> s <= 10), "running again within 10 s: " + toRunAgain);
    awaitFfmpeg(id); // the sixth attempt encodes
    HttpResponse<String> stop = post("/task/stop/" + id, "");
    assertEquals(202, stop.statusCode(), stop.body());
    awaitTask(id, t -> "failed".equals(t.getString("status")));
  }

  @Test
  @Order(2)
  void aManagerRestartedWhileTwoTasksEncodeKeepsBothAttempts() throws Exception {
    client.callbacks.clear();
    List<String> ids =
        List.of(
            submit("encoding", client.url("/media/" + CLIP + "?a")),
            submit("encoding", client.url("/media/" + CLIP + "?b")));
    for (String id : ids) {
      awaitTask(id, RecoverySystemIT::running);
      awaitFfmpeg(id);
    }

    runnel.kill9(managerProcess);
    managerProcess = runnel.start("manager", "recovery-manager-2.log", managerArgs, ENV);
    runnel.await(manager + "/api/version", null, WAIT, r -> r.statusCode() == 200);
    for (String id : ids) {
      HttpResponse<String> there = runnerGet("/task/status/" + id);
      assertEquals("running", parse(there.body()).getString("status"), "restarted mid-encode");
    }

    int kept = 0;
    for (String id : ids) {
      JsonObject done = awaitTask(id, t -> !List.of("pending", "running").contains(status(t)));
      assertEquals("completed", status(done), done.toString());
      assertEquals(1, done.getInt("attempt"), "finished on its first attempt: " + done);
      kept++;
    }
    Thread.sleep(3_000);
    List<String> callbacks = new ArrayList<>();
    client.callbacks.forEach(c -> callbacks.add(parse(c.body()).getString("task_id")));
    for (String id : ids) {
      assertEquals(1, callbacks.stream().filter(id::equals).count(), "one completion: " + id);
    }
    System.out.printf("RECOVERY manager restarts: 1, attempts running: 2, kept: %d%n", kept);
  }

  @Test
  @Order(3)
  void anEsupRunnerShapedRunnerSurvivesTheManagerRestartAndServesATask() throws Exception {
    runnel.await(
        manager + "/api/runners",
        CLIENT_TOKEN,
        WAIT,
        r -> r.statusCode() == 200 && esup.registered() && r.body().contains("esup-shaped"));
    String id = submit("transcription", client.url("/media/" + CLIP));
    JsonObject done = awaitTask(id, t -> "completed".equals(status(t)));
    assertEquals("esup-shaped", done.getString("runner_id"));
    assertTrue(esup.served.contains(id));
    // a heartbeat that met the manager while it deployed got 404, then a healthy health check
    // came before registering again; the first registration needed one too
    assertEquals(1 + esup.heartbeat404s.get(), esup.registrations.get());
    assertTrue(esup.healthyAnswers.get() >= esup.registrations.get(), "health said healthy");
    System.out.printf(
        "RECOVERY esup-shaped runner: registrations %d, 404 heartbeats %d, health checks"
            + " healthy %d / not healthy %d, served after the restart: %s%n",
        esup.registrations.get(),
        esup.heartbeat404s.get(),
        esup.healthyAnswers.get(),
        esup.refusedHealthChecks.get(),
        id);
  }

  private static boolean running(JsonObject t) {
    return "running".equals(status(t)) && RUNNER.equals(t.getString("runner_id", null));
  }

  private static String status(JsonObject t) {
    return t.getString("status");
  }

  /** Waits until the runner says it is registered; returns when (System.nanoTime). */
  private long awaitRegistered() throws InterruptedException {
    long[] at = new long[1];
    runnel.await(
        runnerUrl + "/runner/ping",
        null,
        WAIT,
        r -> {
          at[0] = System.nanoTime();
          return r.statusCode() == 200 && parse(r.body()).getBoolean("registered", false);
        });
    return at[0];
  }

  /** Waits until an ffmpeg of the task runs; returns its pids. */
  private List<Long> awaitFfmpeg(String taskId) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<Long> found = ffmpegOf(runnerData.resolve("tasks").resolve(taskId));
      if (!found.isEmpty()) {
        return found;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no ffmpeg ran for task " + taskId);
  }

  /** The ffmpeg processes of the runner (found by its data folder) still alive after 3 s. */
  private List<Long> survivors() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    List<Long> left = ffmpegOf(runnerData);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      left = ffmpegOf(runnerData);
    }
    return left;
  }

  /** Live ffmpeg processes whose command line names {@code folder}, from /proc. */
  static List<Long> ffmpegOf(Path folder) throws IOException {
    List<Long> pids = new ArrayList<>();
    String mark = folder.toString();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path entry : entries) {
        try {
          String stat = Files.readString(entry.resolve("stat"));
          if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
            continue;
          }
          String[] args =
              new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8)
                  .split("\0");
          boolean ffmpeg = Path.of(args[0]).getFileName().toString().startsWith("ffmpeg");
          if (ffmpeg && String.join(" ", args).contains(mark)) {
            pids.add(Long.parseLong(entry.getFileName().toString()));
          }
        } catch (IOException | RuntimeException e) {
          // the process ended while being read
        }
      }
    }
    return pids;
  }

  private String submit(String type, String source) throws Exception {
    String body =
        Json.createObjectBuilder()
            .add("etab_name", "Université de test")
            .add("app_name", "pod")
            .add("app_version", "4.2.0")
            .add("task_type", type)
            .add("source_url", source)
            .add("notify_url", client.url("/notify"))
            .add("parameters", Json.createObjectBuilder().add("video_id", "7"))
            .build()
            .toString();
    HttpResponse<String> r = post("/task/execute", body);
    assertEquals(200, r.statusCode(), r.body());
    return parse(r.body()).getString("task_id");
  }

  private JsonObject awaitTask(String id, Predicate<JsonObject> ok) throws InterruptedException {
    return parse(
        runnel
            .await(
                manager + "/task/status/" + id,
                CLIENT_TOKEN,
                WAIT,
                r -> r.statusCode() == 200 && ok.test(parse(r.body())))
            .body());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(manager + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + CLIENT_TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> runnerGet(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(runnerUrl + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + RUNNER_TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject parse(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }
}
