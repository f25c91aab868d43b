package org.runnel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Plays the video platform on loopback: serves source files under {@code /media/} and records every
 * completion callback posted to {@code /notify}.
 */
final class ClientStub implements AutoCloseable {

  /** One callback as the manager sent it. */
  record Callback(String authorization, String contentType, String body) {}

  private final HttpServer server;
  final BlockingQueue<Callback> callbacks = new LinkedBlockingQueue<>();

  ClientStub(Path mediaDir) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/media/", ex -> serve(ex, mediaDir));
    server.createContext(
        "/notify",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          callbacks.add(
              new Callback(
                  ex.getRequestHeaders().getFirst("Authorization"),
                  ex.getRequestHeaders().getFirst("Content-Type"),
                  body));
          reply(ex, 200, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
        });
    server.start();
  }

  /** Serves {@code path} with another handler, e.g. a notify_url that misbehaves. */
  void handle(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  /** The body of an encoding task for {@code source}, calling back to this stub's /notify. */
  String encodingTask(String source, String videoId) {
    return jakarta.json.Json.createObjectBuilder()
        .add("etab_name", "Université de test")
        .add("app_name", "pod")
        .add("app_version", "4.2.0")
        .add("task_type", "encoding")
        .add("source_url", source)
        .add("notify_url", url("/notify"))
        .add("parameters", jakarta.json.Json.createObjectBuilder().add("video_id", videoId))
        .build()
        .toString();
  }

  /**
   * Submits an encoding task for {@code source} with {@code execute} (a request to the manager's
   * {@code /task/execute} carrying the client token) and returns the task id.
   */
  String submit(HttpClient http, HttpRequest.Builder execute, String source, String videoId)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            execute
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encodingTask(source, videoId)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return LocalRunnel.json(r.body()).getString("task_id");
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static void serve(HttpExchange ex, Path mediaDir) throws IOException {
    String name = ex.getRequestURI().getPath().substring("/media/".length());
    Path file = mediaDir.resolve(name).normalize();
    if (!file.startsWith(mediaDir) || !Files.isRegularFile(file)) {
      reply(ex, 404, "not found".getBytes(StandardCharsets.UTF_8));
      return;
    }
    ex.getResponseHeaders().add("Content-Type", "video/mp4");
    ex.sendResponseHeaders(200, Files.size(file));
    try (OutputStream out = ex.getResponseBody()) {
      Files.copy(file, out);
    }
  }

  static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
