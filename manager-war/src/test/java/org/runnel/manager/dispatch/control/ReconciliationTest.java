package org.runnel.manager.dispatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.runnel.manager.dispatch.control.Reconciliation.Verdict;
import org.runnel.manager.tasks.entity.Task;

class ReconciliationTest {

  static final Instant T0 = QueueOrderTest.T0;

  private static Task running(String id, String runner, String runId, Instant startedAt) {
    return QueueOrderTest.task(id, "UM", null, 0).handedOver(runner, runId, "cb", startedAt);
  }

  @Test
  void asksAboutUnlistedAttemptsOlderThanTheGrace() {
    Task listed = running("listed", "r1", "run-a", T0);
    Task unlisted = running("unlisted", "r1", "run-b", T0);
    Task young = running("young", "r1", "run-c", T0.plusSeconds(50));
    List<Task> mine = List.of(listed, unlisted, young);
    Instant now = T0.plusSeconds(60);
    Duration grace = Duration.ofSeconds(30);
    assertEquals(List.of(unlisted), Reconciliation.toCheck(mine, List.of("listed"), now, grace));
    assertEquals(
        List.of(listed, unlisted),
        Reconciliation.toCheck(mine, null, now, grace),
        "a runner that sends no list is asked about every attempt");
  }

  @Test
  void readsTheRunnersAnswer() {
    Task t = running("t", "r1", "run-a", T0);
    assertEquals(Verdict.LOST, Reconciliation.judge(t, Map.of("status", "not_found")));
    assertEquals(
        Verdict.LOST, Reconciliation.judge(t, Map.of("status", "running", "run_id", "run-old")));
    assertEquals(
        Verdict.KEEP, Reconciliation.judge(t, Map.of("status", "running", "run_id", "run-a")));
    assertEquals(Verdict.KEEP, Reconciliation.judge(t, Map.of("status", "running")));
    assertEquals(
        Verdict.FINISHED,
        Reconciliation.judge(t, Map.of("status", "completed", "run_id", "run-a")));
    assertEquals(Verdict.KEEP, Reconciliation.judge(t, Map.of("status", "downloading")));
  }

  @Test
  void findsWhatARunnerRunsThatTheManagerGaveUp() {
    Task mine = running("mine", "r1", "run-a", T0);
    Task elsewhere = running("elsewhere", "r2", "run-b", T0);
    Task requeued = running("requeued", "r1", "run-c", T0).lost("runner r1 lost", 3, T0);
    Map<String, Task> known = Map.of("mine", mine, "elsewhere", elsewhere, "requeued", requeued);
    assertEquals(
        List.of("elsewhere", "requeued", "deleted"),
        Reconciliation.orphans(
            List.of("mine", "elsewhere", "requeued", "deleted"),
            "r1",
            id -> Optional.ofNullable(known.get(id))));
    assertEquals(List.of(), Reconciliation.orphans(null, "r1", id -> Optional.empty()));
  }
}
