package org.runnel.manager.runners.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.manager.security.control.Credentials;
import org.runnel.shared.protocol.TaskRunRequest;

/**
 * A runner deployed under a context path (the runner WAR at {@code /runner} in the EAR on Payara
 * Server) gets every call under that path: a real HTTP server that answers only below {@code
 * /runner} records what arrives.
 */
class RunnerClientTest {

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private HttpServer server;
  private RunnerClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/", ex -> answer(ex, 404, "{\"detail\":\"Not Found\"}"));
    server.createContext("/runner/", this::runner);
    server.start();
    client = new RunnerClient();
    client.timeoutSeconds = 5;
    // the runner's token as the configured credential would give it (records keep only its hash)
    client.credentials =
        new Credentials() {
          @Override
          public Optional<String> runnerToken(String hash) {
            return Optional.of("runner-token");
          }
        };
    client.init();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void runner(HttpExchange ex) throws IOException {
    seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath());
    ex.getRequestBody().readAllBytes();
    String path = ex.getRequestURI().getRawPath();
    if (path.startsWith("/runner/task/result/") && !path.contains("/file/")) {
      answer(ex, 200, "{\"files\":[\"a.mp4\"]}");
    } else if (path.startsWith("/runner/task/status/")) {
      answer(ex, 200, "{\"status\":\"running\"}");
    } else {
      answer(ex, 200, "{\"status\":\"ok\"}");
    }
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Runner runnerAt(String url) {
    return new Runner(
        "r1",
        url,
        List.of("encoding"),
        1,
        "1.7.0",
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z",
        "hash",
        "runner-token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/runner", "/runner/"})
  void everyCallGoesBelowTheContextPath(String path) throws Exception {
    Runner r = runnerAt("http://127.0.0.1:" + server.getAddress().getPort() + path);
    TaskRunRequest run =
        new TaskRunRequest(
            "t1", "e", "a", null, "encoding", "http://x/v.mp4", null, null, Map.of(), "cb", "r");
    assertEquals(200, client.run(r, run).statusCode());
    assertEquals(List.of("a.mp4"), client.manifestFiles(r, "t1"));
    HttpResponse<InputStream> file = client.file(r, "t1", "dir/a b.mp4");
    file.body().close();
    client.stop(r, "t1", "r");
    assertTrue(client.status(r, "t1").isPresent());
    assertTrue(client.delete(r, "t1"));
    assertTrue(client.runnerStatus(r).isPresent());
    assertEquals(
        List.of(
            "POST /runner/task/run",
            "GET /runner/task/result/t1",
            "GET /runner/task/result/t1/file/dir/a%20b.mp4",
            "POST /runner/task/stop/t1",
            "GET /runner/task/status/t1",
            "DELETE /runner/task/delete/t1",
            "GET /runner/runner/status"),
        seen);
  }
}
