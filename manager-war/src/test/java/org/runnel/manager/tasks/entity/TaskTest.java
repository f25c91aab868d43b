package org.runnel.manager.tasks.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.ExecuteRequest;
import org.runnel.shared.security.Tokens;
import org.runnel.shared.task.TaskStateMachine.IllegalTransitionException;
import org.runnel.shared.task.TaskStatus;

class TaskTest {

  private static Task pending(String notifyUrl) {
    ExecuteRequest r =
        new ExecuteRequest(
            "UM", "pod", "4.2", "encoding", "https://pod.example/v.mp4", notifyUrl, null, Map.of());
    return Task.accepted("t1", r, "secret-client-token", null, Instant.now());
  }

  @Test
  void eachHandOverIsANewFencedAttempt() {
    Task p = pending(null);
    Task first = p.handedOver("r1", "run-1", "http://m/task/completion", Instant.now());
    assertEquals(TaskStatus.RUNNING, first.status());
    assertEquals(1, first.attempt());
    assertEquals(TaskStatus.PENDING, p.status(), "the original is untouched");

    Task refused = first.requeued(Instant.now());
    assertEquals(TaskStatus.PENDING, refused.status());
    assertNull(refused.runnerId());
    assertEquals(0, refused.attempt(), "a hand-over the runner refused ran nothing");
    Task again = refused.handedOver("r2", "run-2", "http://m/task/completion", Instant.now());
    assertEquals(1, again.attempt());
    assertEquals("run-2", again.runRequest().runId());

    Task lost = again.lost("runner r2 restarted", 3, Instant.now());
    assertEquals(TaskStatus.PENDING, lost.status());
    assertNull(lost.runId());
    Task second = lost.handedOver("r1", "run-3", "cb", Instant.now());
    assertEquals(2, second.attempt());
    assertEquals(List.of("runner r2 restarted"), second.lostAttempts());
  }

  @Test
  void theLastLostAttemptFailsTheTaskNamingEveryAttempt() {
    Instant now = Instant.now();
    Task t = pending("https://pod.example/cb");
    for (int i = 1; i < 3; i++) {
      t = t.handedOver("r" + i, "run-" + i, "cb", now).lost("runner r" + i + " lost", 3, now);
    }
    Task failed = t.handedOver("r3", "run-3", "cb", now).lost("runner r3 restarted", 3, now);
    assertEquals(TaskStatus.FAILED, failed.status());
    assertEquals(
        "Failed after 3 attempts: runner r1 lost; runner r2 lost; runner r3 restarted",
        failed.error());
    assertEquals(CallbackStatus.PENDING, failed.callbackStatus(), "the client hears of it");
    assertEquals(now, failed.ended());

    Task restarted = failed.callbackEnded(CallbackStatus.DELIVERED, null, now).restarted(now);
    assertEquals(TaskStatus.PENDING, restarted.status());
    assertEquals(List.of(), restarted.lostAttempts(), "a restart gets fresh attempts");
    assertNull(restarted.error());
    assertNull(restarted.ended());
    assertEquals(CallbackStatus.NONE, restarted.callbackStatus());
    assertEquals(3, restarted.attempt(), "the attempt number keeps counting");
  }

  @Test
  void aResentCallbackThatArrivesHealsAWarning() {
    Instant now = Instant.now();
    Task warned =
        pending("https://pod.example/cb")
            .handedOver("r", "x", "cb", now)
            .finished(TaskStatus.COMPLETED, null, "log", now)
            .callbackEnded(CallbackStatus.FAILED, "HTTP 500", now);
    Task rearmed = warned.callbackRearmed(now);
    assertEquals(CallbackStatus.PENDING, rearmed.callbackStatus());
    assertEquals(0, rearmed.callbackAttempts());
    Task delivered = rearmed.callbackEnded(CallbackStatus.DELIVERED, null, now);
    assertEquals(TaskStatus.COMPLETED, delivered.status());
  }

  @Test
  void retentionWaitsForTheCallbackAndTheStatistics() {
    Instant finishedAt = Instant.parse("2026-01-01T00:00:00Z");
    Instant cutoff = finishedAt.plusSeconds(1);
    Task done =
        pending("https://pod.example/cb")
            .handedOver("r", "x", "cb", finishedAt)
            .finished(TaskStatus.COMPLETED, null, "log", finishedAt);
    assertFalse(done.expiredBefore(cutoff), "callback pending");
    Task settled = done.callbackEnded(CallbackStatus.DELIVERED, null, finishedAt);
    assertFalse(settled.expiredBefore(cutoff), "statistics row not written");
    Task recorded = settled.statisticsWritten();
    assertTrue(recorded.expiredBefore(cutoff));
    assertFalse(recorded.expiredBefore(finishedAt), "not older than the cutoff");
    assertFalse(pending(null).expiredBefore(cutoff), "pending tasks never expire");
  }

  @Test
  void illegalChangesAreRefused() {
    Task p = pending(null);
    assertThrows(
        IllegalTransitionException.class,
        () -> p.finished(TaskStatus.COMPLETED, null, null, Instant.now()));
    Task done =
        p.handedOver("r", "x", "cb", Instant.now())
            .finished(TaskStatus.FAILED, "boom", null, Instant.now());
    assertThrows(IllegalTransitionException.class, () -> done.cancelled(Instant.now()));
  }

  @Test
  void aFailedCallbackTurnsCompletedIntoWarningUntilTheResultIsFetched() {
    Task done =
        pending("https://pod.example/cb")
            .handedOver("r", "x", "cb", Instant.now())
            .finished(TaskStatus.COMPLETED, null, "log", Instant.now());
    assertEquals(CallbackStatus.PENDING, done.callbackStatus());

    Task warned = done.callbackEnded(CallbackStatus.FAILED, "HTTP 500", Instant.now());
    assertEquals(TaskStatus.WARNING, warned.status());
    assertEquals(TaskStatus.COMPLETED, warned.resultFetched(Instant.now()).status());

    Task unsure = done.callbackEnded(CallbackStatus.UNCERTAIN, "read timeout", Instant.now());
    assertEquals(TaskStatus.COMPLETED, unsure.status());
    assertEquals(CallbackStatus.UNCERTAIN, unsure.callbackStatus());
  }

  @Test
  void withoutNotifyUrlThereIsNoCallback() {
    Task done =
        pending(null)
            .handedOver("r", "x", "cb", Instant.now())
            .finished(TaskStatus.TIMEOUT, "too long", null, Instant.now());
    assertEquals(CallbackStatus.NONE, done.callbackStatus());
  }

  @Test
  void theStoredFormKeepsTheCredentialReferenceAndTenantNeverAToken() {
    Task p =
        Task.accepted(
                "t1",
                new ExecuteRequest("UM", "pod", "4.2", "encoding", "https://v", null, null, null),
                "lille",
                Tokens.hash("secret-client-token"),
                null,
                Instant.now())
            .cancelled(Instant.now());
    String json = Json.write(p);
    assertFalse(json.contains("secret-client-token"), json);
    Task back = Json.jsonb().fromJson(json, Task.class);
    assertEquals(Tokens.hash("secret-client-token"), back.clientCredential());
    assertEquals("lille", back.tenant());
    assertEquals(TaskStatus.FAILED, back.status());
    assertEquals(Task.CANCELLED, back.error());
  }

  @Test
  void aRecordOfAnOlderVersionGivesUpItsTokenForAReference() {
    String old =
        "{\"task_id\":\"t1\",\"status\":\"pending\",\"created_at\":\"2025-01-01T00:00:00Z\","
            + "\"client_token\":\"secret-client-token\"}";
    Task back = Json.jsonb().fromJson(old, Task.class);
    assertEquals("default", back.tenant(), "tasks of older versions are in the default tenant");
    assertEquals(Tokens.hash("secret-client-token"), back.clientCredential());
    assertEquals("secret-client-token", back.legacyClientToken());
    Task current = back.withoutToken("lyon");
    assertEquals("lyon", current.tenant());
    assertNull(current.legacyClientToken());
    assertEquals(Tokens.hash("secret-client-token"), current.clientCredential());
    assertFalse(Json.write(current).contains("secret-client-token"));
  }
}
