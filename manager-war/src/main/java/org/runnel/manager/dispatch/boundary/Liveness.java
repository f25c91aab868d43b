package org.runnel.manager.dispatch.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.dispatch.control.Reconciliation;
import org.runnel.manager.runners.control.RunnerClient;
import org.runnel.manager.runners.control.RunnerRegistry;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.manager.tasks.boundary.Attempts;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.manager.tasks.entity.Task;

/**
 * Keeps attempts honest: a non-persistent interval timer (every {@code
 * runnel.manager.liveness-sweep-seconds}) that
 *
 * <ul>
 *   <li>takes their attempts away from runners silent for longer than {@code
 *       runnel.manager.heartbeat-timeout-seconds} (so a dead runner's tasks are back in the queue
 *       within timeout + sweep period, 50 s with the defaults);
 *   <li>reconciles with the runners that are alive ({@link Reconciliation}): an attempt the
 *       runner's heartbeat does not list is checked with the runner's {@code /task/status}; {@code
 *       not_found} or another run_id loses it; an outcome whose completion never arrives is taken
 *       from the status answer after {@value #FINISHED_WAIT} grace periods;
 *   <li>asks runners to stop the attempts they still run although the manager gave up on them.
 * </ul>
 *
 * Only the first step runs in the timer's thread; the calls to runners run on the managed executor,
 * at most one reconciliation per runner at a time, so that a runner slow to answer delays nobody.
 */
@Singleton
@Startup
public class Liveness {

  private static final Logger LOG = Logger.getLogger(Liveness.class.getName());

  @Resource TimerService timers;
  @Resource ManagedExecutorService executor;

  @Inject RunnerRegistry runners;
  @Inject RunnerClient client;
  @Inject TaskRegistry tasks;
  @Inject Attempts attempts;

  @Inject
  @ConfigProperty(name = "runnel.manager.liveness-sweep-seconds")
  long sweepSeconds;

  @Inject
  @ConfigProperty(name = "runnel.manager.reconcile-grace-seconds")
  long graceSeconds;

  /**
   * How many grace periods an outcome the runner shows in its status may wait for its completion
   * (which carries the script output) before the manager takes the status answer instead: with the
   * default grace, 5 minutes, the longest a Runnel runner waits between completion retries.
   */
  static final int FINISHED_WAIT = 10;

  private final Set<String> reconciling = ConcurrentHashMap.newKeySet();

  /** Attempts a runner said were finished, by "task id/run id", and when it first said so. */
  private final Map<String, Instant> finishedThere = new ConcurrentHashMap<>();

  @PostConstruct
  void start() {
    long period = Math.max(1, sweepSeconds) * 1000;
    timers.createIntervalTimer(period, period, new TimerConfig("liveness-sweep", false));
  }

  @Timeout
  void sweep() {
    Instant now = Instant.now();
    for (RunnerRegistry.Presence p : runners.all(now)) {
      String id = p.runner().id();
      List<Task> mine = tasks.runningOn(id);
      if (p.silent()) {
        String reason =
            "runner "
                + id
                + " lost (no heartbeat for "
                + runners.heartbeatTimeout().toSeconds()
                + " s)";
        mine.forEach(t -> attempts.lost(t, reason));
      } else if (p.online() && reconciling.add(id)) {
        try {
          executor.execute(() -> reconcile(p, now));
        } catch (RejectedExecutionException e) {
          reconciling.remove(id);
        }
      }
    }
  }

  private void reconcile(RunnerRegistry.Presence p, Instant now) {
    Runner runner = p.runner();
    try {
      List<Task> mine = tasks.runningOn(runner.id());
      Duration grace = Duration.ofSeconds(graceSeconds);
      for (Task t : Reconciliation.toCheck(mine, p.runningTasks(), now, grace)) {
        client.status(runner, t.taskId()).ifPresent(answer -> judge(runner, t, answer, now, grace));
      }
      for (String orphan : Reconciliation.orphans(p.runningTasks(), runner.id(), tasks::find)) {
        stopOrphan(runner, orphan);
      }
      finishedThere.keySet().removeIf(key -> !stillRunning(key));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Reconciliation with runner " + runner.id() + " failed", e);
    } finally {
      reconciling.remove(runner.id());
    }
  }

  private void stopOrphan(Runner runner, String taskId) {
    LOG.warning(() -> "Runner " + runner.id() + " still runs task " + taskId + ": stopping it");
    try {
      client.stop(runner, taskId, null);
    } catch (WebApplicationException e) {
      LOG.warning(() -> "Could not stop task " + taskId + " on " + runner.id() + ": " + e);
    }
  }

  private boolean stillRunning(String key) {
    String[] ids = key.split("/", 2);
    return tasks.find(ids[0]).filter(t -> ids[1].equals(t.runId())).isPresent();
  }

  private void judge(Runner runner, Task t, Map<?, ?> answer, Instant now, Duration grace) {
    String key = t.taskId() + "/" + t.runId();
    switch (Reconciliation.judge(t, answer)) {
      case LOST ->
          attempts.lost(
              t,
              "runner "
                  + runner.id()
                  + ("not_found".equals(answer.get("status"))
                      ? " no longer knows the task (not_found)"
                      : " runs another attempt of the task"));
      case FINISHED -> {
        Instant first = finishedThere.computeIfAbsent(key, k -> now);
        if (first.plus(grace.multipliedBy(FINISHED_WAIT)).isBefore(now)) {
          finishedThere.remove(key);
          Object error = answer.get("error_message");
          attempts.finishedOnRunner(
              t,
              Reconciliation.outcome(answer).orElseThrow(),
              error == null ? null : String.valueOf(error));
        }
      }
      case KEEP -> finishedThere.remove(key);
    }
  }
}
