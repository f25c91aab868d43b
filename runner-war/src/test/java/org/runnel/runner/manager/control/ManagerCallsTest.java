package org.runnel.runner.manager.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.runnel.runner.testing.LocalWebServer;

/**
 * A heartbeat's 404 means "register again" only when the manager itself says so (JSON); the HTML
 * 404 of a server whose manager is still deploying does not.
 */
class ManagerCallsTest {

  final LocalWebServer server;

  ManagerCallsTest() throws Exception {
    server =
        new LocalWebServer()
            .serve(
                "/json/runner/heartbeat/r1",
                404,
                "application/json",
                "{\"detail\":\"Runner not found\"}".getBytes(StandardCharsets.UTF_8))
            .serve(
                "/html/runner/heartbeat/r1",
                404,
                "text/html;charset=UTF-8",
                "<html><body>Not Found</body></html>".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void onlyTheManagersOwn404SaysTheRunnerIsUnknown() {
    ManagerCalls calls = new ManagerCalls("runner-token");
    ManagerCalls.Reply json =
        calls.post(server.url("/json/runner/heartbeat/r1"), Map.of(), Duration.ofSeconds(5));
    ManagerCalls.Reply html =
        calls.post(server.url("/html/runner/heartbeat/r1"), Map.of(), Duration.ofSeconds(5));
    assertEquals(404, json.status());
    assertTrue(json.unknownRunner());
    assertEquals(404, html.status());
    assertFalse(html.unknownRunner(), "a server still deploying the manager");
  }
}
