package org.runnel.manager.runners.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.manager.security.control.Credentials;
import org.runnel.shared.http.Http;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.TaskRunRequest;
import org.runnel.shared.rest.ApiError;

/**
 * The manager's calls to runners, each bounded by {@code
 * runnel.manager.runner-call-timeout-seconds} and signed with the token the runner registered with,
 * looked up from the runner's credential at each call ({@link Credentials}; the runner record keeps
 * only its hash). A runner whose credential was revoked is not called: a hand-over fails as if the
 * runner were unreachable, a client's call gets 502 {@value #REVOKED}. For the calls a client
 * triggers (result, file, stop) the runner's trouble becomes the protocol's errors: 504 {@code
 * Runner timeout} when the runner cannot be reached in time, 502 {@code Runner error: ...} when it
 * answers with an error.
 */
@ApplicationScoped
public class RunnerClient {

  static final String TIMEOUT = "Runner timeout";
  static final String REVOKED = "Runner error: the runner's credential was revoked";
  private static final int MAX_ERROR_TEXT = 300;

  @Inject
  @ConfigProperty(name = "runnel.manager.runner-call-timeout-seconds")
  long timeoutSeconds;

  @Inject Credentials credentials;

  /** Bound of the status call the admin pages make: a page must not hang on a dead runner. */
  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(3);

  private Duration timeout;
  private Http http;
  private Http statusHttp;

  @PostConstruct
  void init() {
    timeout = Duration.ofSeconds(timeoutSeconds);
    http = new Http(timeout);
    statusHttp = new Http(STATUS_TIMEOUT.compareTo(timeout) < 0 ? STATUS_TIMEOUT : timeout);
  }

  /**
   * The runner's own report ({@code GET /runner/status}, no token): disk usage, GPU facts, storage
   * figures on a Runnel runner. An empty map when it answers something else (an esup-runner may
   * have no such route); empty when it cannot be reached within a few seconds.
   */
  public Optional<Map<?, ?>> runnerStatus(Runner runner) {
    HttpResponse<String> r;
    try {
      r = statusHttp.get(Http.join(runner.url(), "/runner/status"), null, STATUS_TIMEOUT);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    try {
      Map<?, ?> answer = r.statusCode() == 200 ? Json.jsonb().fromJson(r.body(), Map.class) : null;
      return Optional.of(answer == null ? Map.of() : answer);
    } catch (RuntimeException e) {
      return Optional.of(Map.of());
    }
  }

  /**
   * Hands an attempt over: {@code POST /task/run}.
   *
   * @throws IOException when the runner cannot be reached or does not answer in time
   */
  public HttpResponse<String> run(Runner runner, TaskRunRequest request)
      throws IOException, InterruptedException {
    String token =
        credentials
            .runnerToken(runner.tokenHash())
            .orElseThrow(
                () -> new IOException("the credential of runner " + runner.id() + " was revoked"));
    return http.postJson(Http.join(runner.url(), "/task/run"), token, Json.write(request), timeout);
  }

  /** The token to present to a runner a client's call goes to; 502 when it was revoked. */
  private String token(Runner runner) {
    return credentials.runnerToken(runner.tokenHash()).orElseThrow(() -> ApiError.of(502, REVOKED));
  }

  /** The file list of a task's result manifest ({@code GET /task/result/{id}}). */
  public List<?> manifestFiles(Runner runner, String taskId) {
    HttpResponse<String> r =
        call(
            () ->
                http.get(
                    Http.join(runner.url(), "/task/result/" + taskId), token(runner), timeout));
    if (r.statusCode() == 404) {
      throw ApiError.of(404, "Result not found on runner");
    }
    requireSuccess(r.statusCode(), r.body());
    try {
      Map<?, ?> manifest = Json.jsonb().fromJson(r.body(), Map.class);
      if (manifest != null && manifest.get("files") instanceof List<?> files) {
        return files;
      }
    } catch (RuntimeException e) {
      // answered below
    }
    throw ApiError.of(502, "Runner error: the result manifest has no file list");
  }

  /**
   * Opens one result file ({@code GET /task/result/{id}/file/{path}}); the caller closes the body.
   */
  public HttpResponse<InputStream> file(Runner runner, String taskId, String path) {
    String encoded =
        Arrays.stream(path.split("/"))
            .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
            .collect(Collectors.joining("/"));
    String url = Http.join(runner.url(), "/task/result/" + taskId + "/file/" + encoded);
    String token = token(runner);
    HttpResponse<InputStream> r = call(() -> http.getStream(url, token, timeout));
    if (r.statusCode() / 100 == 2) {
      return r;
    }
    String text;
    try (InputStream body = r.body()) {
      text = new String(body.readNBytes(MAX_ERROR_TEXT * 4), StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
    }
    if (r.statusCode() == 404) {
      throw ApiError.of(404, "Result file not found");
    }
    throw runnerError(r.statusCode(), text);
  }

  /**
   * Asks the runner to stop a task ({@code POST /task/stop/{id}}), only the given attempt when
   * {@code runId} is not null (Runnel runners check it; esup-runner runners ignore it).
   *
   * @throws WebApplicationException 409 {@code Task not running} when the runner says so, 502 or
   *     504 for other trouble
   */
  public void stop(Runner runner, String taskId, String runId) {
    String query =
        runId == null ? "" : "?run_id=" + URLEncoder.encode(runId, StandardCharsets.UTF_8);
    String token = token(runner);
    HttpResponse<String> r =
        call(
            () ->
                http.postJson(
                    Http.join(runner.url(), "/task/stop/" + taskId + query), token, "{}", timeout));
    if (r.statusCode() == 409) {
      throw ApiError.of(409, "Task not running");
    }
    requireSuccess(r.statusCode(), r.body());
  }

  /**
   * The runner's view of a task ({@code GET /task/status/{id}}): its JSON answer, which says {@code
   * "status": "not_found"} for a task it does not know (with 200 or 404). Empty when it cannot be
   * reached or its answer names no status: a bare 404 may just mean the runner has no such route,
   * which says nothing about the task.
   */
  public Optional<Map<?, ?>> status(Runner runner, String taskId) {
    Optional<String> token = credentials.runnerToken(runner.tokenHash());
    if (token.isEmpty()) {
      return Optional.empty();
    }
    try {
      HttpResponse<String> r =
          http.get(Http.join(runner.url(), "/task/status/" + taskId), token.get(), timeout);
      if (r.statusCode() == 200 || r.statusCode() == 404) {
        Map<?, ?> answer = Json.jsonb().fromJson(r.body(), Map.class);
        if (answer != null && answer.get("status") instanceof String) {
          return Optional.of(answer);
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreachable or not JSON: nothing known
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  /** Asks the runner to delete a task's files ({@code DELETE /task/delete/{id}}), best effort. */
  public boolean delete(Runner runner, String taskId) {
    Optional<String> token = credentials.runnerToken(runner.tokenHash());
    if (token.isEmpty()) {
      return false;
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(Http.join(runner.url(), "/task/delete/" + taskId)))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token.get())
            .DELETE()
            .build();
    try {
      return http.client().send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100
          == 2;
    } catch (IOException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void requireSuccess(int status, String body) {
    if (status / 100 != 2) {
      throw runnerError(status, body);
    }
  }

  /** 502 naming the runner's status and, when it sent one, its {@code detail}. */
  static WebApplicationException runnerError(int status, String body) {
    String detail = body == null ? "" : body.strip();
    try {
      Map<?, ?> json = Json.jsonb().fromJson(detail, Map.class);
      if (json != null && json.get("detail") != null) {
        detail = String.valueOf(json.get("detail"));
      }
    } catch (RuntimeException e) {
      // not JSON: keep the text
    }
    if (detail.length() > MAX_ERROR_TEXT) {
      detail = detail.substring(0, MAX_ERROR_TEXT) + "...";
    }
    return ApiError.of(
        502, "Runner error: HTTP " + status + (detail.isEmpty() ? "" : ": " + detail));
  }

  @FunctionalInterface
  private interface Call<T> {
    T send() throws IOException, InterruptedException;
  }

  private static <T> T call(Call<T> call) {
    try {
      return call.send();
    } catch (IOException e) {
      throw ApiError.of(504, TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.of(504, TIMEOUT);
    }
  }
}
