package org.runnel.manager.tasks.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.tasks.entity.Progress;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.manager.tasks.entity.TaskFinished;

/**
 * The latest progress report of every running attempt, in memory: progress reports arrive every few
 * seconds per task and are worthless a minute later, so writing them to disk would cost an fsync
 * each for nothing. A report only counts for the attempt that sent it: after a task is re-queued,
 * the old attempt's report no longer shows; once the task finished, its report is dropped (the
 * runner's full output is then the task's {@code script_output}). The log tail is cut to its last
 * {@code runnel.manager.log-tail-chars} characters.
 */
@ApplicationScoped
public class ProgressBoard {

  @Inject
  @ConfigProperty(name = "runnel.manager.log-tail-chars")
  int logTailChars;

  private final Map<String, Progress> reports = new ConcurrentHashMap<>();

  public void record(String taskId, Progress report) {
    String tail = report.logTail();
    if (tail != null && tail.length() > logTailChars) {
      tail = tail.substring(tail.length() - logTailChars);
    }
    reports.put(
        taskId,
        new Progress(report.runId(), report.progress(), report.etaSeconds(), tail, report.at()));
  }

  /** The last report of the task's current attempt. */
  public Optional<Progress> of(Task task) {
    Progress p = reports.get(task.taskId());
    return p != null && p.runId() != null && p.runId().equals(task.runId())
        ? Optional.of(p)
        : Optional.empty();
  }

  /** Forgets a task's report (it finished, or was deleted). */
  public void forget(String taskId) {
    reports.remove(taskId);
  }

  void onFinished(@Observes TaskFinished event) {
    forget(event.task().taskId());
  }
}
