package org.runnel.manager.tasks.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.ExecuteRequest;

class TaskViewTest {

  @Test
  void showsEveryProtocolFieldAndItsTenantButNeverTheCredential() {
    ExecuteRequest r =
        new ExecuteRequest(
            "UM", "pod", null, "encoding", "https://pod.example/v.mp4", null, null, Map.of());
    Task t = Task.accepted("t1", r, "lille", "credential-reference", "k", Instant.now());
    String json = Json.write(TaskView.of(t));
    for (String field : TaskView.PROTOCOL_FIELDS) {
      assertTrue(json.contains("\"" + field + "\":"), field + " in " + json);
    }
    assertTrue(json.contains("\"attempt\":0"), json);
    assertTrue(json.contains("\"tenant\":\"lille\""), json);
    assertFalse(json.contains("credential-reference"), json);
    assertFalse(json.contains("client_token"), json);
    assertFalse(json.contains("client_credential"), json);
    assertFalse(json.contains("idempotency"), json);
  }
}
