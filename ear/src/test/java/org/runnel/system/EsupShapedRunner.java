package org.runnel.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runner shaped like esup-runner 1.7.1 as the manager sees it, played by the test JVM: it sends
 * no {@code run_id} and no {@code running_tasks}; before every registration it calls {@code GET
 * /api/health} with its runner token and registers only on {@code {"status":"healthy"}}; it
 * registers again after a heartbeat answered 404 (any 404, HTML included). Each task it gets is
 * reported completed half a second later. Everything it does runs on its own threads, stopped by
 * {@link #close()}.
 */
final class EsupShapedRunner implements AutoCloseable {

  final AtomicInteger registrations = new AtomicInteger();
  final AtomicInteger healthyAnswers = new AtomicInteger();
  final AtomicInteger refusedHealthChecks = new AtomicInteger();
  final AtomicInteger heartbeat404s = new AtomicInteger();
  final List<String> served = new CopyOnWriteArrayList<>();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final HttpServer server;
  private final ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
  private final Map<String, String> statuses = new ConcurrentHashMap<>();
  private final String manager;
  private final String token;
  private final String id;
  private final String taskType;
  private volatile boolean registered;

  EsupShapedRunner(String manager, String token, String id, String taskType) throws IOException {
    this.manager = manager;
    this.token = token;
    this.id = id;
    this.taskType = taskType;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/task/run", this::run);
    server.createContext(
        "/task/status/",
        ex -> {
          String task = ex.getRequestURI().getPath().substring("/task/status/".length());
          String body =
              Json.createObjectBuilder()
                  .add("task_id", task)
                  .add("status", statuses.getOrDefault(task, "not_found"))
                  .build()
                  .toString();
          ClientStub.reply(ex, 200, body.getBytes(StandardCharsets.UTF_8));
        });
    server.start();
  }

  /** Starts its loop: health check and registration until registered, then a heartbeat a second. */
  void start() {
    background.scheduleWithFixedDelay(this::step, 0, 1, TimeUnit.SECONDS);
  }

  boolean registered() {
    return registered;
  }

  private void step() {
    try {
      if (!registered) {
        if (healthy()) {
          register();
        }
        return;
      }
      HttpResponse<String> beat =
          send(post("/runner/heartbeat/" + id, "{\"availability\":\"available\"}"));
      if (beat.statusCode() == 404) {
        heartbeat404s.incrementAndGet();
        registered = false;
      }
    } catch (IOException e) {
      // the manager is down: try again in a second
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean healthy() throws IOException, InterruptedException {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(manager + "/api/health"))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token)
                .build());
    boolean healthy =
        r.statusCode() == 200 && "healthy".equals(parse(r.body()).getString("status", ""));
    (healthy ? healthyAnswers : refusedHealthChecks).incrementAndGet();
    return healthy;
  }

  private void register() throws IOException, InterruptedException {
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    String body =
        Json.createObjectBuilder()
            .add("id", id)
            .add("url", url)
            .add("task_types", Json.createArrayBuilder().add(taskType))
            .add("availability", "available")
            .build()
            .toString();
    if (send(post("/runner/register", body)).statusCode() == 200) {
      registrations.incrementAndGet();
      registered = true;
    }
  }

  private void run(HttpExchange ex) throws IOException {
    JsonObject run = parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String task = run.getString("task_id");
    served.add(task);
    statuses.put(task, "running");
    String reply = "{\"status\":\"started\",\"task_id\":\"" + task + "\"}";
    ClientStub.reply(ex, 200, reply.getBytes(StandardCharsets.UTF_8));
    background.schedule(() -> complete(task), 500, TimeUnit.MILLISECONDS);
  }

  private void complete(String task) {
    statuses.put(task, "completed");
    String body =
        Json.createObjectBuilder()
            .add("task_id", task)
            .add("status", "completed")
            .addNull("error_message")
            .add("script_output", "esup-shaped")
            .build()
            .toString();
    try {
      send(post("/task/completion", body));
    } catch (IOException e) {
      // the manager will ask /task/status
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpRequest post(String path, String body) {
    return HttpRequest.newBuilder(URI.create(manager + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token)
        .header("X-Runner-Version", "1.7.1")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject parse(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      return Json.createObjectBuilder().build();
    }
  }

  @Override
  public void close() throws InterruptedException {
    background.shutdownNow();
    background.awaitTermination(10, TimeUnit.SECONDS);
    server.stop(0);
  }
}
