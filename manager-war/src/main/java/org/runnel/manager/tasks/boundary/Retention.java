package org.runnel.manager.tasks.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.manager.tasks.entity.Task;

/**
 * Deletes finished tasks older than {@code runnel.manager.retention-days} (0 keeps them all), like
 * esup-runner's cleanup, with a non-persistent interval timer (every {@code
 * runnel.manager.retention-sweep-minutes}, and once a minute after start). A task is old from the
 * moment it finished; one whose callback is still being delivered or whose statistics row is not
 * written yet stays. The statistics CSV is never pruned.
 */
@Singleton
@Startup
public class Retention {

  private static final Logger LOG = Logger.getLogger(Retention.class.getName());

  @Resource TimerService timers;
  @Inject TaskRegistry tasks;

  @Inject
  @ConfigProperty(name = "runnel.manager.retention-days")
  long days;

  @Inject
  @ConfigProperty(name = "runnel.manager.retention-sweep-minutes")
  long sweepMinutes;

  @PostConstruct
  void start() {
    if (days > 0) {
      long period = Math.max(1, sweepMinutes) * 60_000;
      timers.createIntervalTimer(60_000, period, new TimerConfig("retention", false));
    }
  }

  @Timeout
  void sweep() {
    int removed = removeFinishedBefore(Instant.now().minus(Duration.ofDays(days)));
    if (removed > 0) {
      LOG.info(
          () -> "Retention: deleted " + removed + " task(s) finished over " + days + " days ago");
    }
  }

  /** Deletes the tasks {@link Task#expiredBefore expired} before {@code cutoff}. */
  int removeFinishedBefore(Instant cutoff) {
    List<Task> old = tasks.all().stream().filter(t -> t.expiredBefore(cutoff)).toList();
    for (Task seen : old) {
      tasks.exclusively(
          () -> {
            tasks.find(seen.taskId()).filter(t -> t.expiredBefore(cutoff)).ifPresent(tasks::remove);
            return null;
          });
    }
    return old.size();
  }
}
