package org.runnel.manager.dispatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.runnel.manager.dispatch.entity.Position;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.protocol.ExecuteRequest;

class QueueEstimateTest {

  private static Task task(String id, String type) {
    ExecuteRequest r =
        new ExecuteRequest(
            "UM", "pod", null, type, "https://p.example/" + id, null, null, Map.of());
    return Task.accepted(id, r, "tok", null, QueueOrderTest.T0);
  }

  @Test
  void waitGrowsByOneRunPerSlotsWorthOfTasksAheadOfTheSameType() {
    QueueEstimate estimate =
        new QueueEstimate(type -> "encoding".equals(type) ? 2 : 0, type -> 100.0);
    Map<String, Position> positions =
        estimate.positions(
            List.of(
                task("e1", "encoding"),
                task("t1", "transcription"),
                task("e2", "encoding"),
                task("e3", "encoding")));
    assertEquals(new Position(1, 4, 100L), positions.get("e1"));
    assertEquals(new Position(2, 4, null), positions.get("t1"), "no runner for the type");
    assertEquals(new Position(3, 4, 100L), positions.get("e2"));
    assertEquals(new Position(4, 4, 200L), positions.get("e3"));
    assertNull(estimate.waitSeconds("studio", 1));
  }
}
