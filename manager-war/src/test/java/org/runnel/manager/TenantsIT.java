package org.runnel.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.runnel.shared.json.Json;
import org.runnel.shared.security.Tokens;

/**
 * Two institutions share one manager: the client tokens of the tenants {@code lille} and {@code
 * lyon} (from a reloadable config file). Each sees and acts on its own tasks only, and another
 * tenant's task is answered exactly as a missing one; de-duplication stays within a tenant;
 * administrators see every task. The callback carries the submitter's own token, looked up from the
 * credential the task refers to, and is not sent once that credential is gone. No token is written
 * anywhere under the data folder, whose folders and files are owner-only.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantsIT {

  /** A callback as Pod received it. */
  record Callback(String authorization, Map<?, ?> body) {}

  static final String LILLE = "lille-token-7f3a9c0e";
  static final String LYON = "lyon-token-2b8e41d6";
  static final String RUNNER = "tenants-runner-token-5d0c";
  static final String ADMIN = "tenants-admin-token-91ae";
  static final List<String> SECRETS = List.of(LILLE, LYON, RUNNER, ADMIN);
  static final Path IT_DATA = Path.of(System.getProperty("runnel.buildDir", "target"), "it-data");
  static final long STAMP = System.currentTimeMillis();
  static final Path DATA = IT_DATA.resolve("tenants-" + STAMP).toAbsolutePath();
  static final Path CONFIG = IT_DATA.resolve("tenants-" + STAMP + ".properties").toAbsolutePath();

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final BlockingQueue<Callback> CALLBACKS = new LinkedBlockingQueue<>();
  static HttpServer pod;
  static FakeRunner runner;
  static String lilleTask;
  static String lyonTask;

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    Files.createDirectories(IT_DATA);
    writeConfig(LILLE + "," + "lyon:" + LYON);
    return TestWar.withConfig(
        "tenants",
        "runnel.manager.data-dir=" + DATA,
        "runnel.manager.config-file=" + CONFIG,
        "runnel.manager.allow-private-urls=true");
  }

  /** Lille's token is written {@code lille:token}, Lyon's given here; runner and admin tokens. */
  private static void writeConfig(String clientTokens) throws Exception {
    String lille = clientTokens.replace(LILLE, "lille:" + LILLE);
    Files.writeString(
        CONFIG,
        "runnel.manager.client-tokens="
            + lille
            + "\nrunnel.manager.runner-tokens="
            + RUNNER
            + "\nrunnel.manager.admin-tokens="
            + ADMIN
            + "\n");
  }

  @BeforeAll
  static void startPeers() throws Exception {
    pod = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pod.createContext(
        "/notify",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          CALLBACKS.add(
              new Callback(
                  ex.getRequestHeaders().getFirst("Authorization"),
                  Json.jsonb().fromJson(body, Map.class)));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    pod.start();
    runner = new FakeRunner("tenant-runner", RUNNER);
  }

  @AfterAll
  static void stopPeers() {
    runner.close();
    pod.stop(0);
  }

  private HttpResponse<String> http(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base.getPort() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "same-key");
    if (token != null) {
      b.header("X-API-Token", token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String manager() {
    return "http://127.0.0.1:" + base.getPort();
  }

  private String submit(String token) throws Exception {
    String body =
        """
        {"etab_name":"UM","app_name":"pod","task_type":"encoding",
         "source_url":"http://127.0.0.1:1/shared.mp4","notify_url":"http://127.0.0.1:%d/notify",
         "parameters":{}}
        """
            .formatted(pod.getAddress().getPort());
    HttpResponse<String> r = http("POST", "/task/execute", token, body);
    assertEquals(200, r.statusCode(), r.body());
    return (String) json(r).get("task_id");
  }

  private static Map<?, ?> json(HttpResponse<String> r) {
    return Json.jsonb().fromJson(r.body(), Map.class);
  }

  /** The client-facing calls that reveal or touch one task. */
  private static List<String[]> callsOn(String id) {
    return List.of(
        new String[] {"GET", "/task/status/" + id},
        new String[] {"GET", "/task/log/" + id},
        new String[] {"GET", "/task/result/" + id},
        new String[] {"GET", "/task/result/" + id + "/file/720p_v.m3u8"},
        new String[] {"POST", "/task/stop/" + id});
  }

  @Test
  @Order(1)
  void deDuplicationStaysWithinATenant() throws Exception {
    lilleTask = submit(LILLE);
    lyonTask = submit(LYON);
    assertNotEquals(lilleTask, lyonTask, "same fingerprint and Idempotency-Key, other tenant");
    assertEquals(lilleTask, submit(LILLE), "Lille's re-submission is Lille's task");
    assertEquals(lyonTask, submit(LYON));
  }

  @Test
  @Order(2)
  void anotherTenantsTaskIsAnsweredExactlyAsAMissingOne() throws Exception {
    for (String[] call : callsOn(lilleTask)) {
      HttpResponse<String> missing =
          http(call[0], call[1].replace(lilleTask, "no-such-task"), LYON, null);
      HttpResponse<String> foreign = http(call[0], call[1], LYON, null);
      assertEquals(404, foreign.statusCode(), call[1] + ": " + foreign.body());
      assertEquals("{\"detail\":\"Task not found\"}", foreign.body(), call[1]);
      assertEquals(missing.statusCode(), foreign.statusCode(), call[1]);
      assertEquals(missing.body(), foreign.body(), call[1]);
      assertEquals(
          missing.headers().firstValue("Content-Type"),
          foreign.headers().firstValue("Content-Type"),
          call[1]);
    }
    for (String[] call : callsOn(lyonTask)) {
      assertEquals(404, http(call[0], call[1], LILLE, null).statusCode(), call[1]);
    }
    Map<?, ?> mine = json(http("GET", "/task/status/" + lilleTask, LILLE, null));
    assertEquals("pending", mine.get("status"), "Lyon's stop changed nothing");
    assertEquals(200, http("GET", "/task/log/" + lilleTask, LILLE, null).statusCode());
    assertEquals(
        "Task not completed. Status: pending",
        json(http("GET", "/task/result/" + lyonTask, LYON, null)).get("detail"),
        "the owner reaches its task");
  }

  @Test
  @Order(3)
  void listsShowTheTenantsOwnTasksAndAdministratorsSeeAll() throws Exception {
    Map<?, ?> lille = json(http("GET", "/task/list", LILLE, null));
    assertEquals(List.of(lilleTask), List.copyOf(lille.keySet()));
    Map<?, ?> lyon = json(http("GET", "/api/tasks", LYON, null));
    List<?> entries = (List<?>) lyon.get("tasks");
    assertEquals(1, entries.size(), lyon.toString());
    assertEquals(lyonTask, ((Map<?, ?>) entries.get(0)).get("id"));
    assertFalse(http("GET", "/api/tasks", LILLE, null).body().contains(lyonTask));

    String all = http("GET", "/admin-api/tasks", ADMIN, null).body();
    assertTrue(all.contains(lilleTask) && all.contains(lyonTask), all);
    assertEquals(200, http("GET", "/task/log/" + lyonTask, ADMIN, null).statusCode());
  }

  @Test
  @Order(4)
  void theCallbackCarriesTheSubmittersOwnToken() throws Exception {
    assertEquals(200, runner.register(manager(), List.of("encoding")));
    runner.beat(manager());
    FakeRunner.Run run = runner.runs.poll(20, TimeUnit.SECONDS);
    assertNotNull(run, "a task was handed over");
    assertEquals("Bearer " + RUNNER, run.authorization(), "the token the runner registered with");
    assertEquals(lilleTask, run.taskId(), "oldest first");
    assertEquals(200, runner.complete(manager(), run, "completed").statusCode());

    Callback callback = CALLBACKS.poll(20, TimeUnit.SECONDS);
    assertNotNull(callback);
    assertEquals(lilleTask, callback.body().get("task_id"));
    assertEquals("Bearer " + LILLE, callback.authorization());

    assertEquals(200, http("GET", "/task/result/" + lilleTask, LILLE, null).statusCode());
    HttpResponse<String> file =
        http("GET", "/task/result/" + lilleTask + "/file/720p_v.m3u8", LILLE, null);
    assertEquals("segment bytes of 720p_v.m3u8", file.body());
    assertEquals(404, http("GET", "/task/result/" + lilleTask, LYON, null).statusCode());
  }

  @Test
  @Order(5)
  void aCallbackWhoseCredentialWasRemovedIsNotSent() throws Exception {
    writeConfig(LILLE);
    assertEquals(200, http("POST", "/admin-api/config/reload", ADMIN, null).statusCode());
    assertEquals(401, http("GET", "/task/list", LYON, null).statusCode());

    FakeRunner.Run run = runner.runs.poll(20, TimeUnit.SECONDS);
    assertNotNull(run);
    assertEquals(lyonTask, run.taskId());
    assertEquals(200, runner.complete(manager(), run, "completed").statusCode());
    Map<?, ?> task = null;
    for (int i = 0; i < 100; i++) {
      List<?> tasks = (List<?>) json(http("GET", "/admin-api/tasks", ADMIN, null)).get("tasks");
      task =
          tasks.stream()
              .map(t -> (Map<?, ?>) t)
              .filter(t -> lyonTask.equals(t.get("task_id")))
              .findFirst()
              .orElseThrow();
      if ("failed".equals(task.get("callback_status"))) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals("failed", task.get("callback_status"), task.toString());
    assertTrue(String.valueOf(task.get("callback_error")).contains("revoked"), task.toString());
    assertEquals("warning", task.get("status"));
    assertNull(CALLBACKS.poll(2, TimeUnit.SECONDS), "nothing was sent with a withdrawn token");
  }

  @Test
  @Order(6)
  void noTokenIsWrittenUnderTheDataFolderWhichIsOwnerOnly() throws Exception {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(DATA)) {
      paths = walk.toList();
    }
    List<String> problems = new ArrayList<>();
    int files = 0;
    for (Path p : paths) {
      String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
      if (Files.isDirectory(p)) {
        if (!mode.equals("rwx------")) {
          problems.add(p + " is " + mode);
        }
        continue;
      }
      files++;
      if (!mode.equals("rw-------")) {
        problems.add(p + " is " + mode);
      }
      String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
      for (String secret : SECRETS) {
        if (text.contains(secret)) {
          problems.add(p + " holds a token");
        }
      }
    }
    assertTrue(files >= 3, "task journal, runner, statistics: " + paths);
    assertTrue(
        paths.stream().anyMatch(p -> p.getFileName().toString().equals("tenant-runner.json")),
        "the runner record was written: " + paths);
    Path journal =
        paths.stream()
            .filter(p -> p.getFileName().toString().startsWith("journal-"))
            .findFirst()
            .orElseThrow();
    String tasks = Files.readString(journal);
    assertTrue(
        tasks.contains(lilleTask) && tasks.contains(Tokens.hash(LILLE)),
        "the tasks are there, with a reference to their credential");
    assertEquals(List.of(), problems);
  }
}
