package org.runnel.manager;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.runnel.shared.json.Json;

/**
 * A runner played by the test JVM, speaking the protocol on loopback: it records every hand-over,
 * keeps the attempts it works on (listed in its heartbeats and answered by {@code /task/status}),
 * serves a fixed result, and reports completions and progress when the test says so.
 */
final class FakeRunner implements AutoCloseable {

  /** One {@code POST /task/run} as received. */
  record Run(String taskId, String runId, String authorization, Map<?, ?> body) {}

  /** The disk usage its {@code /runner/status} reports: 12.0 GiB free of 100.0 GiB. */
  static final long FREE_BYTES = 12L << 30;

  static final long TOTAL_BYTES = 100L << 30;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final String id;
  final BlockingQueue<Run> runs = new LinkedBlockingQueue<>();
  private final Map<String, String> working = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final String token;
  private ScheduledExecutorService beats;

  FakeRunner(String id, String token) throws IOException {
    this.id = id;
    this.token = token;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/task/run", this::run);
    server.createContext("/task/status/", this::status);
    server.createContext(
        "/runner/status",
        ex ->
            reply(
                ex,
                200,
                "{\"status\":\"healthy\",\"port\":1,\"disk_usage\":{\"free_bytes\":"
                    + FREE_BYTES
                    + ",\"total_bytes\":"
                    + TOTAL_BYTES
                    + "},\"gpu\":{\"nvenc_usable\":true,\"encoding_on\":\"gpu\","
                    + "\"detail\":\"NVIDIA L4\"}}"));
    server.createContext("/task/stop/", ex -> reply(ex, 202, "{\"status\":\"stop_requested\"}"));
    server.createContext(
        "/task/result/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          String body =
              path.contains("/file/")
                  ? "segment bytes of " + path.substring(path.indexOf("/file/") + 6)
                  : "{\"task_id\":\"x\",\"files\":[\"720p_v.m3u8\",\"info_video.json\"]}";
          reply(ex, 200, body);
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void run(HttpExchange ex) throws IOException {
    Map<?, ?> body =
        Json.jsonb()
            .fromJson(
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), Map.class);
    String taskId = (String) body.get("task_id");
    String runId = (String) body.get("run_id");
    working.put(taskId, runId);
    runs.add(new Run(taskId, runId, ex.getRequestHeaders().getFirst("Authorization"), body));
    reply(ex, 200, "{\"status\":\"started\",\"task_id\":\"" + taskId + "\"}");
  }

  private void status(HttpExchange ex) throws IOException {
    String taskId = ex.getRequestURI().getPath().substring("/task/status/".length());
    String runId = working.get(taskId);
    reply(
        ex,
        200,
        runId == null
            ? "{\"task_id\":\"" + taskId + "\",\"status\":\"not_found\"}"
            : "{\"task_id\":\""
                + taskId
                + "\",\"status\":\"running\",\"run_id\":\""
                + runId
                + "\"}");
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  /** Registers with the manager; returns the HTTP status. */
  int register(String manager, List<String> taskTypes) throws Exception {
    String body =
        Json.write(
            Map.of("id", id, "url", url(), "task_types", taskTypes, "availability", "available"));
    return post(manager + "/runner/register", body).statusCode();
  }

  /**
   * Registers as a Runnel runner does: with a capacity and the attempts it works on ({@code
   * running_tasks}); returns the HTTP status.
   */
  int registerListingWork(String manager, List<String> taskTypes, int capacity) throws Exception {
    List<Map<String, String>> running =
        working.entrySet().stream()
            .map(e -> Map.of("task_id", e.getKey(), "run_id", e.getValue()))
            .toList();
    String body =
        Json.write(
            Map.of(
                "id",
                id,
                "url",
                url(),
                "task_types",
                taskTypes,
                "availability",
                "available",
                "capacity",
                capacity,
                "running_tasks",
                running));
    return post(manager + "/runner/register", body).statusCode();
  }

  /** Sends a heartbeat listing the attempts it works on every second from now on. */
  void beat(String manager) {
    beats = Executors.newSingleThreadScheduledExecutor();
    beats.scheduleWithFixedDelay(
        () -> {
          try {
            String body =
                Json.write(
                    Map.of(
                        "availability",
                        "available",
                        "running_tasks",
                        List.copyOf(working.keySet())));
            post(manager + "/runner/heartbeat/" + id, body);
          } catch (Exception e) {
            // the manager is down or slow: try again in a second
          }
        },
        0,
        1,
        TimeUnit.SECONDS);
  }

  /** Stops working on a task without telling the manager (as a crashed and wiped runner would). */
  void forget(String taskId) {
    working.remove(taskId);
  }

  /** Reports the outcome of an attempt; returns the manager's answer. */
  HttpResponse<String> complete(String manager, Run run, String status) throws Exception {
    working.remove(run.taskId());
    return report(manager, run.taskId(), run.runId(), status);
  }

  /** Sends a completion naming any run id (e.g. an old one). */
  HttpResponse<String> report(String manager, String taskId, String runId, String status)
      throws Exception {
    String body =
        "{\"task_id\":\"%s\",\"status\":\"%s\",\"error_message\":null,\"script_output\":\"ok\",\"run_id\":\"%s\"}"
            .formatted(taskId, status, runId);
    return post(manager + "/task/completion", body);
  }

  HttpResponse<String> post(String url, String body) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("X-Runner-Version", "1.7.1")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    if (beats != null) {
      beats.shutdownNow();
    }
    server.stop(0);
  }
}
