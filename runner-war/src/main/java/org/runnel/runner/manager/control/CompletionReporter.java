package org.runnel.runner.manager.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.runnel.runner.configuration.boundary.RunnerConfig;
import org.runnel.runner.tasks.control.TaskStore;
import org.runnel.runner.tasks.entity.TaskRecord;

/**
 * Reports task outcomes to the manager's {@code completion_callback} until the manager answers. The
 * outcome waits in the task's durable record ({@code completion: pending}), so a completion is lost
 * neither when the manager is down (retried with backoff up to every 5 minutes) nor when the runner
 * restarts (pending completions are sent again after each registration). A 2xx ends the delivery;
 * 400, 403, 404, 409 and 422 end it too, as refusals no retry can change (another runner owns the
 * task, the attempt is stale), and are logged.
 */
@ApplicationScoped
public class CompletionReporter {

  private static final Logger LOG = Logger.getLogger(CompletionReporter.class.getName());
  private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  private static final Duration LAST_RETRY = Duration.ofMinutes(5);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<Integer> REFUSED = Set.of(400, 403, 404, 409, 422);

  @Inject RunnerConfig config;
  @Inject TaskStore store;

  @Resource ManagedScheduledExecutorService scheduler;

  private ManagerCalls calls;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean stopped;

  @PostConstruct
  void init() {
    calls = new ManagerCalls(config.token().orElse(null));
  }

  /** Starts delivering the pending completion of this task (once, however often called). */
  public void report(TaskRecord record) {
    if (record.completionPending() && inFlight.add(record.taskId())) {
      schedule(record.taskId(), Duration.ZERO);
    }
  }

  /** Delivers every completion still pending, e.g. those left by a previous run of the runner. */
  public void resendPending() {
    store.all().forEach(this::report);
  }

  /** How many completions wait for the manager's answer. */
  public int pending() {
    return inFlight.size();
  }

  @PreDestroy
  void stop() {
    stopped = true;
  }

  private void schedule(String taskId, Duration delay) {
    scheduler.schedule(() -> deliver(taskId, delay), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void deliver(String taskId, Duration lastDelay) {
    if (stopped) {
      return;
    }
    Duration next = Backoff.next(lastDelay, FIRST_RETRY, LAST_RETRY);
    try {
      Optional<TaskRecord> pending = store.find(taskId).filter(TaskRecord::completionPending);
      if (pending.isEmpty()) {
        inFlight.remove(taskId);
        return;
      }
      TaskRecord record = pending.get();
      ManagerCalls.Reply reply =
          calls.post(record.completionCallback(), record.completionRequest(), CALL_TIMEOUT);
      if (reply.ok()) {
        settle(record, TaskRecord.COMPLETION_DELIVERED);
        LOG.info(() -> "Completion of task " + taskId + " (" + record.status() + ") acknowledged");
      } else if (REFUSED.contains(reply.status())) {
        settle(record, TaskRecord.COMPLETION_ABANDONED);
        LOG.warning(
            () -> "The manager refused the completion of task " + taskId + ": " + reply.problem());
      } else {
        LOG.warning(
            () ->
                "Completion of task "
                    + taskId
                    + " not delivered ("
                    + reply.problem()
                    + "), retrying in "
                    + next.toSeconds()
                    + " s");
        schedule(taskId, next);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Completion of task " + taskId + " failed; retrying", e);
      schedule(taskId, next);
    }
  }

  private void settle(TaskRecord sent, String state) {
    inFlight.remove(sent.taskId());
    store
        .find(sent.taskId())
        .filter(current -> Objects.equals(current.runId(), sent.runId()))
        .filter(TaskRecord::completionPending)
        .ifPresent(current -> store.save(current.withCompletion(state, Instant.now())));
  }
}
