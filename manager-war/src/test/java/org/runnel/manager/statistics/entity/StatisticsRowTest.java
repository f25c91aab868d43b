package org.runnel.manager.statistics.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.protocol.ExecuteRequest;
import org.runnel.shared.task.TaskStatus;

class StatisticsRowTest {

  @Test
  void hasEsupRunnersColumns() {
    assertEquals(
        "task_id,date,task_type,status,app_name,app_version,etab_name", StatisticsRow.HEADER);
  }

  @Test
  void isDatedWithTheOutcomeInTheManagersZone() {
    ExecuteRequest r =
        new ExecuteRequest(
            "Université \"Test\", Lyon",
            "pod",
            "4.2",
            "encoding",
            "https://p.example/v.mp4",
            null,
            null,
            Map.of());
    Instant late = Instant.parse("2026-03-01T23:30:00Z");
    Task t =
        Task.accepted("t-1", r, "tok", null, late)
            .handedOver("r", "x", "cb", late)
            .finished(TaskStatus.FAILED, "boom", null, late);
    StatisticsRow row = StatisticsRow.of(t, ZoneId.of("Europe/Paris"));
    assertEquals(LocalDate.of(2026, 3, 2), row.date());
    assertEquals(
        "t-1,2026-03-02,encoding,failed,pod,4.2,\"Université \"\"Test\"\", Lyon\"", row.csv());
    assertEquals(row, StatisticsRow.parse(row.csv()));
    assertThrows(IllegalArgumentException.class, () -> StatisticsRow.parse(StatisticsRow.HEADER));
  }
}
