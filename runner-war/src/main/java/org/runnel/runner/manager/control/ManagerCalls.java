package org.runnel.runner.manager.control;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.runnel.shared.http.Http;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.ProtocolVersion;

/**
 * The runner's calls to its manager: JSON POSTs signed with the runner's token and carrying the
 * protocol version header, bounded in time, whose outcome is a status code or the reason there is
 * none. The token is never part of the outcome, so outcomes can be logged.
 */
public final class ManagerCalls {

  /**
   * The manager's answer: its status code (-1 when it could not be reached), a description, and
   * whether the body was JSON, i.e. came from the manager itself rather than from the server around
   * it (Payara answers an HTML 404 while the manager is still being deployed).
   */
  public record Reply(int status, String problem, boolean json) {
    public Reply(int status, String problem) {
      this(status, problem, false);
    }

    public boolean ok() {
      return status >= 200 && status <= 299;
    }

    /** The manager itself says it does not know the runner: the runner must register again. */
    public boolean unknownRunner() {
      return status == 404 && json;
    }
  }

  private final Http http = new Http(Duration.ofSeconds(5));
  private final String token;

  public ManagerCalls(String token) {
    this.token = token;
  }

  public Reply post(String url, Object body, Duration timeout) {
    try {
      var response =
          http.postJson(
              url,
              token,
              Json.write(body),
              timeout,
              ProtocolVersion.HEADER,
              ProtocolVersion.CURRENT);
      int code = response.statusCode();
      boolean json =
          response
              .headers()
              .firstValue("Content-Type")
              .filter(t -> t.toLowerCase(Locale.ROOT).startsWith("application/json"))
              .isPresent();
      return new Reply(
          code, code / 100 == 2 ? null : "HTTP " + code + ": " + response.body(), json);
    } catch (IOException | IllegalArgumentException e) {
      return new Reply(-1, url + " is unreachable (" + e + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(-1, "interrupted");
    }
  }
}
