package org.runnel.manager.admin.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.runnel.manager.admin.entity.Attention;
import org.runnel.manager.runners.control.RunnerRegistry;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.manager.tasks.entity.CallbackStatus;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.protocol.ExecuteRequest;
import org.runnel.shared.task.TaskStatus;

class AttentionRulesTest {

  static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

  static Task task(String id, String notify) {
    return Task.accepted(
        id,
        new ExecuteRequest("UM", "pod", "4", "encoding", "https://x/v.mp4", notify, null, Map.of()),
        "t",
        null,
        NOW.minusSeconds(7200));
  }

  static RunnerRegistry.Presence presence(String id, boolean online) {
    Runner r = new Runner(id, "http://r", List.of("encoding"), 1, "1.7.1", "x", "x", "h", "t");
    return new RunnerRegistry.Presence(
        r, NOW.minusSeconds(online ? 5 : 120), online, online, !online, null);
  }

  @Test
  void listsOfflineRunnersFailuresCallbacksAndStalledTasks() {
    Instant hour = NOW.minusSeconds(3600);
    Task stalled = task("stalled", null).handedOver("r1", "run", "cb", hour);
    Task moving = task("moving", null).handedOver("r1", "run2", "cb", hour);
    Task failedRecently =
        task("failed", null)
            .handedOver("r1", "r", "cb", hour)
            .finished(TaskStatus.FAILED, "boom", null, hour);
    Task failedLongAgo =
        task("old", null)
            .handedOver("r1", "r", "cb", NOW.minus(Duration.ofDays(3)))
            .finished(TaskStatus.FAILED, "boom", null, NOW.minus(Duration.ofDays(3)));
    Task uncertain =
        task("uncertain", "https://pod/notify")
            .handedOver("r1", "r", "cb", hour)
            .finished(TaskStatus.COMPLETED, null, null, hour)
            .callbackEnded(CallbackStatus.UNCERTAIN, "read timed out", hour);
    Task fine =
        task("fine", null)
            .handedOver("r1", "r", "cb", hour)
            .finished(TaskStatus.COMPLETED, null, null, hour);

    List<Attention> found =
        new AttentionRules(Duration.ofHours(24), Duration.ofMinutes(10))
            .of(
                List.of(presence("r1", true), presence("r2", false)),
                List.of(stalled, moving, failedRecently, failedLongAgo, uncertain, fine),
                t -> t.taskId().equals("moving") ? NOW.minusSeconds(30) : t.started(),
                NOW);

    Map<String, String> kinds =
        found.stream()
            .collect(java.util.stream.Collectors.toMap(Attention::subject, Attention::kind));
    assertEquals(
        Map.of(
            "r2", "runner offline",
            "stalled", "no progress",
            "failed", "task failed",
            "uncertain", "callback uncertain"),
        kinds);
  }
}
