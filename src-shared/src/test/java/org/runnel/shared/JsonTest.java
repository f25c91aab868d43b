package org.runnel.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.runnel.shared.json.InvalidRequestException;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.CompletionRequest;
import org.runnel.shared.protocol.ExecuteRequest;
import org.runnel.shared.protocol.RegisterRequest;
import org.runnel.shared.protocol.RunningTask;

class JsonTest {

  @Test
  void readsPodsExecuteBodyWithSnakeCaseAndUnknownFields() {
    String body =
        """
        {"etab_name":"UM","app_name":"pod","app_version":"4.2","task_type":"encoding",
         "source_url":"https://pod.example/v.mp4","notify_url":"https://pod.example/cb",
         "parameters":{"rendition":"{\\"360\\":{}}","video_id":"12"},"future_field":true}
        """;
    ExecuteRequest r = Json.read(body, ExecuteRequest.class);
    assertEquals("UM", r.etabName());
    assertEquals("encoding", r.taskType());
    assertEquals("https://pod.example/cb", r.notifyUrl());
    assertEquals("12", r.parameters().get("video_id"));
    assertNull(r.affiliation());
  }

  @Test
  void writesSnakeCase() {
    String json = Json.write(new CompletionRequest("t1", "failed", "boom", "", null));
    assertTrue(json.contains("\"task_id\":\"t1\""), json);
    assertTrue(json.contains("\"error_message\":\"boom\""), json);
    assertTrue(json.contains("\"script_output\":\"\""), json);
  }

  @Test
  void roundTripsRecordsWithLists() {
    RegisterRequest r =
        new RegisterRequest("r1", "http://127.0.0.1:1", List.of("encoding"), "available", 2, null);
    RegisterRequest back = Json.read(Json.write(r), RegisterRequest.class);
    assertEquals(r, back);
  }

  @Test
  void readsTheRunningTasksOfARegistrationAndTheirAbsence() {
    RegisterRequest r =
        Json.read(
            "{\"id\":\"r1\",\"url\":\"http://127.0.0.1:1\",\"running_tasks\":"
                + "[{\"task_id\":\"t1\",\"run_id\":\"a\"},{\"task_id\":\"t2\"}]}",
            RegisterRequest.class);
    assertEquals(
        List.of(new RunningTask("t1", "a"), new RunningTask("t2", null)), r.runningTasks());
    assertNull(Json.read("{\"id\":\"r1\",\"url\":\"u\"}", RegisterRequest.class).runningTasks());
  }

  @Test
  void invalidJsonNamesTheBody() {
    var e =
        assertThrows(InvalidRequestException.class, () -> Json.read("{nope", ExecuteRequest.class));
    assertEquals("body", e.errors().get(0).field());
    Map<String, Object> body = e.body();
    assertTrue(body.containsKey("detail"));
    assertThrows(InvalidRequestException.class, () -> Json.read("", ExecuteRequest.class));
  }
}
