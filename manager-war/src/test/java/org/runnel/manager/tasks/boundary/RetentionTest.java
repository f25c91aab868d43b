package org.runnel.manager.tasks.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.manager.tasks.control.Registries;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.manager.tasks.entity.CallbackStatus;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.protocol.ExecuteRequest;
import org.runnel.shared.task.TaskStatus;

class RetentionTest {

  @TempDir Path dir;

  @Test
  void deletesOnlyTasksFinishedBeforeTheCutoff() {
    TaskRegistry registry = Registries.open(dir);
    Instant old = Instant.parse("2026-01-01T00:00:00Z");
    Instant recent = Instant.parse("2026-03-01T00:00:00Z");
    ExecuteRequest r =
        new ExecuteRequest(
            "UM", "pod", null, "encoding", "https://p.example/v", null, null, Map.of());
    Task oldDone = done(Task.accepted("old", r, "tok", null, old), old);
    Task recentDone = done(Task.accepted("recent", r, "tok", null, recent), recent);
    Task waiting = Task.accepted("waiting", r, "tok", null, old);
    registry.exclusively(
        () -> List.of(oldDone, recentDone, waiting).stream().map(registry::save).toList());

    Retention retention = new Retention();
    retention.tasks = registry;
    assertEquals(1, retention.removeFinishedBefore(Instant.parse("2026-02-01T00:00:00Z")));
    assertEquals(List.of("waiting", "recent"), registry.all().stream().map(Task::taskId).toList());
  }

  private static Task done(Task t, Instant at) {
    return t.handedOver("r", "run", "cb", at)
        .finished(TaskStatus.COMPLETED, null, null, at)
        .callbackEnded(CallbackStatus.NONE, null, at)
        .statisticsWritten();
  }
}
