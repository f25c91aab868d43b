package org.runnel.manager.tasks.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.ExecuteRequest;
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

    Task back = first.requeued(Instant.now());
    assertEquals(TaskStatus.PENDING, back.status());
    assertNull(back.runnerId());
    Task second = back.handedOver("r2", "run-2", "http://m/task/completion", Instant.now());
    assertEquals(2, second.attempt());
    assertEquals("run-2", second.runRequest().runId());
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
  void theStoredFormKeepsTheClientTokenForTheCallback() {
    Task p = pending("https://pod.example/cb").cancelled(Instant.now());
    String json = Json.write(p);
    assertTrue(json.contains("\"client_token\":\"secret-client-token\""), json);
    Task back = Json.jsonb().fromJson(json, Task.class);
    assertEquals("secret-client-token", back.clientToken());
    assertEquals(TaskStatus.FAILED, back.status());
    assertEquals(Task.CANCELLED, back.error());
  }
}
