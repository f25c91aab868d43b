package org.runnel.manager.tasks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.ExecuteRequest;
import org.runnel.shared.security.Tokens;
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

  private static void close(TaskRegistry r) {
    r.store.close();
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
        new Fingerprint("default", "encoding", "u", Map.of(), null, "pod", "UM"),
        new Fingerprint("default", "encoding", "u", null, "", "pod", "UM"));
  }

  @Test
  void indexesSurviveARestart() {
    TaskRegistry first = open();
    save(first, Task.accepted("a", request(null, "360"), "tok", "key-1", Instant.now()));

    TaskRegistry again = open();
    assertEquals(
        Optional.of("a"), again.activeWith(Fingerprint.of(request(null, "360"))).map(Task::taskId));
    assertEquals(Optional.of("a"), again.withIdempotencyKey("default", "key-1").map(Task::taskId));
    assertEquals(Optional.empty(), again.withIdempotencyKey("other-tenant", "key-1"));
  }

  @Test
  void deDuplicationNeverCrossesTenants() {
    TaskRegistry r = open();
    ExecuteRequest same = request("https://pod.example/cb", "360");
    save(r, Task.accepted("mine", same, "lille", "h1", "key-1", Instant.now()));
    assertEquals(
        Optional.of("mine"), r.activeWith(Fingerprint.of(same, "lille")).map(Task::taskId));
    assertEquals(Optional.empty(), r.activeWith(Fingerprint.of(same, "lyon")));
    assertEquals(Optional.empty(), r.activeWith(Fingerprint.of(same)));
    assertEquals(Optional.of("mine"), r.withIdempotencyKey("lille", "key-1").map(Task::taskId));
    assertEquals(Optional.empty(), r.withIdempotencyKey("lyon", "key-1"));
  }

  @Test
  void aRecordOfAnOlderVersionIsStoredAgainWithoutItsToken() throws Exception {
    String old =
        Json.write(Task.accepted("legacy", request(null, "360"), "x", "key-1", Instant.now()))
            .replace("\"client_credential\":\"x\"", "\"client_credential\":null")
            .replace("\"client_token\":null", "\"client_token\":\"old-secret-token\"")
            .replace("\"tenant\":\"default\"", "\"tenant\":null");
    assertTrue(old.contains("\"client_token\":\"old-secret-token\""), old);
    assertTrue(old.contains("\"tenant\":null"), old);
    Files.writeString(dir.resolve("legacy.json"), old);

    TaskRegistry r = open();
    Task t = r.require("legacy");
    assertEquals(Tokens.hash("old-secret-token"), t.clientCredential());
    assertEquals("default", t.tenant());
    assertEquals(Optional.of("legacy"), r.withIdempotencyKey("default", "key-1").map(Task::taskId));
    close(r);
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertFalse(Files.readString(f).contains("old-secret-token"), f.toString());
      }
    }
  }

  @Test
  void changesOnlyUnderTheLock() {
    TaskRegistry r = open();
    Task t = Task.accepted("a", request(null, "360"), "tok", null, Instant.now());
    assertThrows(IllegalStateException.class, () -> r.save(t));
    assertEquals(Optional.empty(), r.find("missing"));
  }
}
