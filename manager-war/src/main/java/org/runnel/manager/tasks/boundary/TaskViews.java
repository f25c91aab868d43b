package org.runnel.manager.tasks.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.runnel.manager.dispatch.boundary.Queue;
import org.runnel.manager.dispatch.control.RunTimes;
import org.runnel.manager.dispatch.entity.Position;
import org.runnel.manager.tasks.control.ProgressBoard;
import org.runnel.manager.tasks.entity.Progress;
import org.runnel.manager.tasks.entity.Task;

/**
 * Builds the task objects clients see, with what the stored task does not hold: the queue position
 * of a pending task and the estimated wait, the progress of a running one and the time it has left
 * (the runner's estimate when it sends one, else the average run time of the type minus the time it
 * has run).
 */
@ApplicationScoped
public class TaskViews {

  @Inject Queue queue;
  @Inject ProgressBoard board;
  @Inject RunTimes runTimes;

  public TaskView of(Task t) {
    return TaskView.of(t, live(t));
  }

  private TaskView.Live live(Task t) {
    return switch (t.status()) {
      case PENDING -> {
        Optional<Position> p = queue.position(t);
        yield new TaskView.Live(
            0.0,
            p.map(Position::etaSeconds).orElse(null),
            p.map(Position::rank).orElse(null),
            p.map(Position::total).orElse(null));
      }
      case RUNNING -> {
        Optional<Progress> p = board.of(t);
        Long eta = p.map(Progress::etaSeconds).orElseGet(() -> remaining(t));
        yield new TaskView.Live(p.map(Progress::progress).orElse(0.0), eta, null, null);
      }
      case COMPLETED, WARNING -> new TaskView.Live(100.0, 0L, null, null);
      default -> TaskView.Live.NONE;
    };
  }

  private Long remaining(Task t) {
    if (t.started() == null) {
      return null;
    }
    double ran = Duration.between(t.started(), Instant.now()).toMillis() / 1000.0;
    return Math.max(0, Math.round(runTimes.averageSeconds(t.taskType()) - ran));
  }
}
