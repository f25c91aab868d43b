package org.runnel.manager.dispatch.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.dispatch.control.DomainPolicy;
import org.runnel.manager.dispatch.control.QueueEstimate;
import org.runnel.manager.dispatch.control.QueueOrder;
import org.runnel.manager.dispatch.control.RunTimes;
import org.runnel.manager.dispatch.entity.Position;
import org.runnel.manager.runners.control.RunnerRegistry;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.task.TaskStatus;

/**
 * The queue of pending tasks as dispatch and clients see it: its order ({@link QueueOrder}) and
 * every task's rank and estimated wait ({@link QueueEstimate}). Positions are computed for the
 * whole queue at once and kept until a task changes or a second has passed, so that a client
 * polling the status of each of its tasks costs one sort, not one per request.
 */
@ApplicationScoped
public class Queue {

  private static final Duration SNAPSHOT_LIFE = Duration.ofSeconds(1);

  @Inject TaskRegistry tasks;
  @Inject RunnerRegistry runners;
  @Inject RunTimes runTimes;

  @Inject
  @ConfigProperty(name = "runnel.manager.priorities-enabled")
  boolean prioritiesEnabled;

  @Inject
  @ConfigProperty(name = "runnel.manager.priority-domain")
  Optional<String> priorityDomain;

  @Inject
  @ConfigProperty(name = "runnel.manager.max-other-domain-task-percent")
  int otherDomainPercent;

  @Inject
  @ConfigProperty(name = "runnel.manager.queue-aging-seconds")
  long agingSeconds;

  private DomainPolicy domains;
  private QueueOrder order;
  private volatile Snapshot snapshot = new Snapshot(-1, Instant.EPOCH, Map.of());

  private record Snapshot(long version, Instant at, Map<String, Position> positions) {}

  @PostConstruct
  void init() {
    domains = new DomainPolicy(prioritiesEnabled, priorityDomain.orElse(""), otherDomainPercent);
    order = new QueueOrder(domains, Duration.ofSeconds(agingSeconds));
  }

  public DomainPolicy domains() {
    return domains;
  }

  /** {@code pending} in the order they get runners, given what is {@code running}. */
  public List<Task> order(Collection<Task> pending, Collection<Task> running, Instant now) {
    Map<String, Long> runningByEtab =
        running.stream().collect(Collectors.groupingBy(QueueOrder::etab, Collectors.counting()));
    return order.order(pending, runningByEtab, now);
  }

  /** Where a pending task stands; empty for a task that is not pending. */
  public Optional<Position> position(Task task) {
    if (task.status() != TaskStatus.PENDING) {
      return Optional.empty();
    }
    Instant now = Instant.now();
    Snapshot s = snapshot;
    if (s.version() != tasks.version() || s.at().plus(SNAPSHOT_LIFE).isBefore(now)) {
      long version = tasks.version();
      List<Task> ordered = order(List.copyOf(tasks.pending()), tasks.running(), now);
      s = new Snapshot(version, now, estimate(now).positions(ordered));
      snapshot = s;
    }
    return Optional.ofNullable(s.positions().get(task.taskId()));
  }

  /** Estimates with the runners online now. */
  public QueueEstimate estimate(Instant now) {
    Map<String, Integer> slots = new HashMap<>();
    for (RunnerRegistry.Presence p : runners.all(now)) {
      if (p.online()) {
        p.runner()
            .taskTypes()
            .forEach(type -> slots.merge(type, p.runner().capacity(), Integer::sum));
      }
    }
    return new QueueEstimate(type -> slots.getOrDefault(type, 0), runTimes::averageSeconds);
  }
}
