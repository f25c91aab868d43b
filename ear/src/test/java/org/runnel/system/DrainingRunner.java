package org.runnel.system;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.CompletionRequest;
import org.runnel.shared.protocol.HeartbeatRequest;
import org.runnel.shared.protocol.RegisterRequest;
import org.runnel.shared.protocol.TaskRunRequest;

/**
 * A runner of capacity 1 played by the test JVM that finishes every attempt the moment it gets it:
 * it records the order in which the manager hands tasks over, answers {@code started}, then reports
 * {@code completed} with the attempt's run_id, which frees its slot for the next task. It registers
 * and heartbeats like a real runner, so the manager treats it as one.
 */
final class DrainingRunner implements AutoCloseable {

  private final HttpClient http = HttpClient.newHttpClient();
  private final HttpServer server;
  private final ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
  private final String manager;
  private final String token;
  final List<String> handedOver = new CopyOnWriteArrayList<>();

  DrainingRunner(String manager, String token) throws IOException {
    this.manager = manager;
    this.token = token;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/task/run",
        ex -> {
          TaskRunRequest run =
              Json.read(
                  new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                  TaskRunRequest.class);
          handedOver.add(run.taskId());
          ClientStub.reply(ex, 200, "{\"status\":\"started\"}".getBytes(StandardCharsets.UTF_8));
          background.execute(() -> complete(run));
        });
    server.start();
  }

  /** Registers for {@code taskType} and heartbeats every 2 s. */
  void register(String taskType) throws Exception {
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    post(
        "/runner/register",
        new RegisterRequest("drain", url, List.of(taskType), "available", 1, null));
    background.scheduleWithFixedDelay(
        () -> post("/runner/heartbeat/drain", new HeartbeatRequest("available", List.of())),
        2,
        2,
        TimeUnit.SECONDS);
  }

  private void complete(TaskRunRequest run) {
    post(
        "/task/completion",
        new CompletionRequest(run.taskId(), "completed", null, "drained", run.runId()));
  }

  private void post(String path, Object body) {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(manager + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("X-Runner-Version", "1.7.1")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
            .build();
    try {
      http.send(r, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // the next heartbeat or the manager's reconciliation will tell
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    background.shutdownNow();
    server.stop(0);
  }
}
