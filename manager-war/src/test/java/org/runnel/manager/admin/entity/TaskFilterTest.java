package org.runnel.manager.admin.entity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.protocol.ExecuteRequest;

class TaskFilterTest {

  static final Task TASK =
      Task.accepted(
          "task-42",
          new ExecuteRequest(
              "Université de Lille",
              "pod",
              "4.2",
              "encoding",
              "https://pod.example/media/video.mp4",
              null,
              null,
              Map.of("video_slug", "cours-de-chimie", "video_id", 1234)),
          "token",
          null,
          Instant.parse("2026-03-10T12:00:00Z"));

  static TaskFilter text(String text) {
    return new TaskFilter(null, null, null, null, null, null, text);
  }

  @Test
  void searchesIdSourceEstablishmentAndParameters() {
    assertTrue(TaskFilter.ALL.matches(TASK, ZoneOffset.UTC));
    assertTrue(text("TASK-4").matches(TASK, ZoneOffset.UTC), "id, ignoring case");
    assertTrue(text("pod.example").matches(TASK, ZoneOffset.UTC), "source");
    assertTrue(text("lille").matches(TASK, ZoneOffset.UTC), "establishment");
    assertTrue(text("CHIMIE").matches(TASK, ZoneOffset.UTC), "video slug");
    assertTrue(text("1234").matches(TASK, ZoneOffset.UTC), "video id");
    assertFalse(text("physique").matches(TASK, ZoneOffset.UTC));
  }

  @Test
  void filtersByExactFieldsAndCreationDates() {
    assertTrue(
        new TaskFilter("pending", "encoding", "", "Université de Lille", null, null, null)
            .matches(TASK, ZoneOffset.UTC));
    assertFalse(
        new TaskFilter("running", null, null, null, null, null, null)
            .matches(TASK, ZoneOffset.UTC));
    assertFalse(
        new TaskFilter(null, "studio", null, null, null, null, null).matches(TASK, ZoneOffset.UTC));
    assertFalse(
        new TaskFilter(null, null, "runner-1", null, null, null, null)
            .matches(TASK, ZoneOffset.UTC));
    LocalDate day = LocalDate.of(2026, 3, 10);
    assertTrue(
        new TaskFilter(null, null, null, null, day, day, null).matches(TASK, ZoneOffset.UTC));
    assertFalse(
        new TaskFilter(null, null, null, null, day.plusDays(1), null, null)
            .matches(TASK, ZoneOffset.UTC));
    assertFalse(
        new TaskFilter(null, null, null, null, null, day.minusDays(1), null)
            .matches(TASK, ZoneOffset.UTC));
  }
}
