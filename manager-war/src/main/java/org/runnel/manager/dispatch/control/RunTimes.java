package org.runnel.manager.dispatch.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.manager.tasks.entity.TaskFinished;
import org.runnel.shared.task.TaskStatus;

/**
 * How long a task of each type runs, on average: an exponentially weighted mean of the completed
 * attempts (weight {@value #WEIGHT} for the newest), seeded at start from the tasks on disk and
 * otherwise from {@code runnel.manager.default-task-seconds}. Failed attempts are left out: a task
 * failing in a second on a bad URL says nothing about how long an encode takes.
 */
@ApplicationScoped
public class RunTimes {

  static final double WEIGHT = 0.2;

  @Inject TaskRegistry tasks;

  @Inject
  @ConfigProperty(name = "runnel.manager.default-task-seconds")
  long defaultSeconds;

  private final Map<String, Double> averages = new ConcurrentHashMap<>();

  @PostConstruct
  void seed() {
    tasks.all().stream()
        .filter(t -> t.status() == TaskStatus.COMPLETED && t.started() != null && t.ended() != null)
        .sorted(Comparator.comparing(Task::ended))
        .forEach(this::observe);
  }

  /** Average run time of a task type, in seconds. */
  public double averageSeconds(String taskType) {
    return averages.getOrDefault(taskType, (double) Math.max(1, defaultSeconds));
  }

  void onFinished(@Observes TaskFinished event) {
    Task t = event.task();
    if (t.status() == TaskStatus.COMPLETED && t.started() != null && t.ended() != null) {
      observe(t);
    }
  }

  private void observe(Task t) {
    double seconds = Math.max(0.001, Duration.between(t.started(), t.ended()).toMillis() / 1000.0);
    averages.merge(t.taskType(), seconds, (old, now) -> old * (1 - WEIGHT) + now * WEIGHT);
  }
}
