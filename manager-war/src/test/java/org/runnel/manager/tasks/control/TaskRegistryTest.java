package org.runnel.manager.tasks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.ExecuteRequest;
import org.runnel.shared.task.TaskStatus;

class TaskRegistryTest {

  @TempDir Path dir;

  private TaskRegistry open() {
    return Registries.open(dir);
  }

  private static ExecuteRequest request(String notifyUrl, String rendition) {
    String body =
        """
        {"etab_name":"UM","app_name":"pod","task_type":"encoding",
         "source_url":"https://pod.example/v.mp4","notify_url":%s,
         "parameters":{"rendition":"%s","video_id":12,"cut":{"start":"00:00:01"}}}
        """
            .formatted(notifyUrl == null ? "null" : "\"" + notifyUrl + "\"", rendition);
    return Json.read(body, ExecuteRequest.class);
  }

  private static Task save(TaskRegistry r, Task t) {
    return r.exclusively(() -> r.save(t));
  }

  @Test
  void findsTheActiveTaskWithTheSameFingerprint() {
    TaskRegistry r = open();
    Task a =
        save(
            r,
            Task.accepted(
                "a", request("https://pod.example/cb", "360"), "tok", null, Instant.now()));
    assertEquals(
        Optional.of("a"),
        r.activeWith(Fingerprint.of(request("https://pod.example/cb", "360"))).map(Task::taskId));
    assertEquals(
        Optional.empty(), r.activeWith(Fingerprint.of(request("https://pod.example/cb", "720"))));
    assertEquals(Optional.empty(), r.activeWith(Fingerprint.of(request(null, "360"))));
    assertEquals(1, r.pendingCount());

    Task running =
        save(r, a.handedOver("runner", "run-1", "http://m/task/completion", Instant.now()));
    assertEquals(Optional.of(running.taskId()), r.activeWith(Fingerprint.of(a)).map(Task::taskId));
    assertEquals(0, r.pendingCount());

    save(r, running.finished(TaskStatus.COMPLETED, null, "ok", Instant.now()));
    assertEquals(Optional.empty(), r.activeWith(Fingerprint.of(a)));
    assertTrue(r.active().isEmpty());
  }

  @Test
  void emptyNotifyUrlAndMissingParametersAreTheSameAsAbsentOnes() {
    assertEquals(
        new Fingerprint("encoding", "u", Map.of(), null, "pod", "UM"),
        new Fingerprint("encoding", "u", null, "", "pod", "UM"));
  }

  @Test
  void indexesSurviveARestart() {
    TaskRegistry first = open();
    save(first, Task.accepted("a", request(null, "360"), "tok", "key-1", Instant.now()));

    TaskRegistry again = open();
    assertEquals(
        Optional.of("a"), again.activeWith(Fingerprint.of(request(null, "360"))).map(Task::taskId));
    assertEquals(Optional.of("a"), again.withIdempotencyKey("tok", "key-1").map(Task::taskId));
    assertEquals(Optional.empty(), again.withIdempotencyKey("other-client", "key-1"));
  }

  @Test
  void changesOnlyUnderTheLock() {
    TaskRegistry r = open();
    Task t = Task.accepted("a", request(null, "360"), "tok", null, Instant.now());
    assertThrows(IllegalStateException.class, () -> r.save(t));
    assertEquals(Optional.empty(), r.find("missing"));
  }
}
