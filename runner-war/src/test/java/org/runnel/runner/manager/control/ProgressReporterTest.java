package org.runnel.runner.manager.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.TaskFolder;
import org.runnel.runner.testing.LocalWebServer;
import org.runnel.runner.testing.Media;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.TaskRunRequest;

/** Progress goes to the manager next to the completion callback, only when it changed. */
class ProgressReporterTest {

  @TempDir Path work;
  final LocalWebServer manager;
  final List<String> bodies = new CopyOnWriteArrayList<>();
  final List<String> tokens = new CopyOnWriteArrayList<>();

  ProgressReporterTest() throws Exception {
    manager =
        new LocalWebServer()
            .handle(
                "/prefix/task/progress",
                exchange -> {
                  bodies.add(
                      new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                  tokens.add(exchange.getRequestHeaders().getFirst("Authorization"));
                  LocalWebServer.reply(
                      exchange, 200, "application/json", "{\"status\":\"ok\"}".getBytes());
                });
  }

  @AfterEach
  void stop() {
    manager.close();
  }

  @Test
  void sendsProgressEtaAndLogTailWithTheRunIdWhenTheyChange() {
    ProgressReporter reporter = new ProgressReporter();
    reporter.calls = new ManagerCalls("runner-token");
    Attempt attempt = attempt(manager.url("/prefix/task/completion"));
    attempt.log("Encoding 60.0 s on CPU");
    attempt.progress(42, 17L);

    reporter.report(List.of(attempt));
    reporter.report(List.of(attempt));
    attempt.progress(43, 16L);
    reporter.report(List.of(attempt));

    assertEquals(2, bodies.size(), "an unchanged progress is not sent again");
    Map<?, ?> first = Json.read(bodies.get(0), Map.class);
    assertEquals("t1", first.get("task_id"));
    assertEquals("run-1", first.get("run_id"));
    assertEquals(42.0, ((Number) first.get("progress")).doubleValue());
    assertEquals(17, ((Number) first.get("eta_seconds")).intValue());
    assertTrue(first.get("log_tail").toString().contains("Encoding 60.0 s on CPU"));
    assertEquals("Bearer runner-token", tokens.get(0));
  }

  @Test
  void aManagerWithoutTheCallIsNotAskedAgain() {
    ProgressReporter reporter = new ProgressReporter();
    reporter.calls = new ManagerCalls("runner-token");
    Attempt attempt = attempt(manager.url("/elsewhere/task/completion"));
    attempt.progress(10, null);
    reporter.report(List.of(attempt));
    attempt.progress(20, null);
    reporter.report(List.of(attempt));
    assertEquals(0, bodies.size());
    assertEquals(
        manager.url("/elsewhere/task/progress"), reporter.url(attempt), "next to the callback");
  }

  private Attempt attempt(String callback) {
    TaskRunRequest request = Media.request("encoding", "http://h/v.mp4", null, callback);
    return new Attempt(request, new TaskFolder(work.resolve("t1")));
  }
}
