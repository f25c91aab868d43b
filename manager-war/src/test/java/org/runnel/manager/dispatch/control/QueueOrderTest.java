package org.runnel.manager.dispatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.protocol.ExecuteRequest;

class QueueOrderTest {

  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  static Task task(String id, String etab, String notifyUrl, int secondsAfterT0) {
    ExecuteRequest r =
        new ExecuteRequest(
            etab, "pod", "4.2", "encoding", "https://pod.example/" + id, notifyUrl, null, Map.of());
    return Task.accepted(id, r, "tok", null, T0.plusSeconds(secondsAfterT0));
  }

  private static List<String> ids(List<Task> tasks) {
    return tasks.stream().map(Task::taskId).toList();
  }

  @Test
  void withOneEstablishmentTheOldestGoesFirst() {
    QueueOrder order = new QueueOrder(DomainPolicy.off(), Duration.ofMinutes(15));
    List<Task> pending =
        List.of(task("c", "UM", null, 3), task("a", "UM", null, 1), task("b", "UM", null, 2));
    assertEquals(List.of("a", "b", "c"), ids(order.order(pending, Map.of(), T0.plusSeconds(10))));
  }

  @Test
  void establishmentsTakeTurnsCountingWhatAlreadyRuns() {
    QueueOrder order = new QueueOrder(DomainPolicy.off(), Duration.ZERO);
    List<Task> pending =
        List.of(
            task("big-1", "Big", null, 1),
            task("big-2", "Big", null, 2),
            task("big-3", "Big", null, 3),
            task("small-1", "Small", null, 10),
            task("other-1", "Other", null, 20));
    assertEquals(
        List.of("big-1", "small-1", "other-1", "big-2", "big-3"),
        ids(order.order(pending, Map.of(), T0.plusSeconds(30))));
    assertEquals(
        List.of("small-1", "other-1", "big-1", "big-2", "big-3"),
        ids(order.order(pending, Map.of("Big", 1L), T0.plusSeconds(30))),
        "Big already runs one task: the others go first");
  }

  @Test
  void priorityDomainFirstUntilOthersHaveWaitedAnAgingPeriod() {
    DomainPolicy domains = new DomainPolicy(true, "univ.fr", 20);
    QueueOrder order = new QueueOrder(domains, Duration.ofMinutes(10));
    List<Task> pending =
        List.of(
            task("other", "UM", "https://pod.example.org/cb", 0),
            task("prio", "UM", "https://pod.univ.fr/cb", 60));
    assertEquals(
        List.of("prio", "other"), ids(order.order(pending, Map.of(), T0.plusSeconds(120))));
    assertEquals(
        List.of("other", "prio"),
        ids(order.order(pending, Map.of(), T0.plusSeconds(601))),
        "after ten minutes the other-domain task competes on age");
  }
}
