package org.runnel.manager.statistics.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.runnel.manager.statistics.control.StatisticsLog;
import org.runnel.manager.statistics.entity.StatisticsRow;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.manager.tasks.entity.TaskFinished;

/**
 * Writes one statistics row per task outcome, exactly once: the row is appended (durably), then the
 * task records that it was. A crash between the two leaves a task whose row may or may not be
 * written; at start the rows of such tasks are looked up in the CSV and appended only where
 * missing.
 */
@ApplicationScoped
public class StatisticsRecorder {

  private static final Logger LOG = Logger.getLogger(StatisticsRecorder.class.getName());

  @Inject StatisticsLog log;
  @Inject TaskRegistry tasks;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    List<Task> unrecorded =
        tasks.all().stream().filter(t -> t.ended() != null && !t.statisticsRecorded()).toList();
    if (unrecorded.isEmpty()) {
      return;
    }
    Set<String> written = log.keys();
    for (Task t : unrecorded) {
      StatisticsRow row = row(t);
      if (!written.contains(row.key())) {
        log.record(row);
      }
      markRecorded(t);
    }
    LOG.info(() -> "Statistics checked for " + unrecorded.size() + " unrecorded outcome(s)");
  }

  void onFinished(@Observes TaskFinished event) {
    Task t = event.task();
    try {
      log.record(row(t));
      markRecorded(t);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Statistics row of task " + t.taskId() + " not written", e);
    }
  }

  private static StatisticsRow row(Task t) {
    return StatisticsRow.of(t, ZoneId.systemDefault());
  }

  private void markRecorded(Task outcome) {
    tasks.exclusively(
        () ->
            tasks
                .find(outcome.taskId())
                .filter(t -> outcome.ended().equals(t.ended()))
                .map(t -> tasks.save(t.statisticsWritten())));
  }
}
