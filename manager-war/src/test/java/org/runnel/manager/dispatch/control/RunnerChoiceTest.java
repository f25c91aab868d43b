package org.runnel.manager.dispatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.runnel.manager.runners.entity.Runner;

class RunnerChoiceTest {

  private static Runner runner(String id, int capacity, String... types) {
    String now = Instant.now().toString();
    return new Runner(id, "http://h/" + id, List.of(types), capacity, "1.7.1", now, now, "h", "t");
  }

  private static Optional<String> take(RunnerChoice c, String type) {
    return c.take(type).map(Runner::id);
  }

  @Test
  void respectsCapacityMinusRunningAttempts() {
    RunnerChoice c = new RunnerChoice(List.of(runner("a", 2, "encoding")), Map.of("a", 1L));
    assertEquals(Optional.of("a"), take(c, "encoding"));
    assertEquals(Optional.empty(), take(c, "encoding"));
    assertTrue(c.full());
  }

  @Test
  void aFullRunnerGetsNothing() {
    RunnerChoice c = new RunnerChoice(List.of(runner("a", 1, "encoding")), Map.of("a", 3L));
    assertEquals(Optional.empty(), take(c, "encoding"));
  }

  @Test
  void onlyRunnersServingTheTypeAreChosen() {
    RunnerChoice c =
        new RunnerChoice(
            List.of(runner("enc", 1, "encoding"), runner("tr", 1, "transcription")), Map.of());
    assertEquals(Optional.of("tr"), take(c, "transcription"));
    assertEquals(Optional.empty(), take(c, "transcription"));
    assertEquals(Optional.empty(), take(c, "studio"));
    assertEquals(Optional.of("enc"), take(c, "encoding"));
  }

  @Test
  void spreadsLoadToTheRunnerWithMostFreeSlots() {
    RunnerChoice c =
        new RunnerChoice(
            List.of(runner("a", 2, "encoding"), runner("b", 3, "encoding")), Map.of("b", 0L));
    assertEquals(Optional.of("b"), take(c, "encoding"));
    assertEquals(Optional.of("a"), take(c, "encoding"));
    assertEquals(Optional.of("b"), take(c, "encoding"));
    assertEquals(Optional.of("a"), take(c, "encoding"));
    assertEquals(Optional.of("b"), take(c, "encoding"));
    assertEquals(Optional.empty(), take(c, "encoding"));
  }
}
