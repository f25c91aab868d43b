package org.runnel.runner.tasks.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.runnel.runner.configuration.boundary.RunnerConfig;
import org.runnel.runner.encoding.boundary.EncodingService;
import org.runnel.runner.manager.control.CompletionReporter;
import org.runnel.runner.manager.control.ProgressReporter;
import org.runnel.runner.media.control.ProcessGroups;
import org.runnel.runner.studio.boundary.StudioService;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.ProcessGroup;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.tasks.entity.TaskFolder;
import org.runnel.runner.tasks.entity.TaskRecord;
import org.runnel.runner.transcription.boundary.TranscriptionService;
import org.runnel.shared.protocol.RunningTask;
import org.runnel.shared.protocol.TaskRunRequest;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.task.TaskStatus;
import org.runnel.shared.task.TaskTypes;

/**
 * Runs the attempts the manager hands to this runner, at most {@code runnel.runner.capacity} at
 * once, on the server's managed executor. It admits or refuses an attempt (idempotent for a re-sent
 * run), records its outcome durably, hands the outcome to the {@link CompletionReporter}, stops
 * attempts on request, and after a restart kills what the interrupted attempts left running and
 * fails them, since their work is lost.
 */
@ApplicationScoped
public class TaskRunner {

  static final String INTERRUPTED = "Interrupted by a runner restart";
  private static final Logger LOG = Logger.getLogger(TaskRunner.class.getName());
  private static final List<String> HANDLED =
      List.of(TaskTypes.ENCODING, TaskTypes.TRANSCRIPTION, TaskTypes.STUDIO);

  @Inject RunnerConfig config;
  @Inject TaskStore store;
  @Inject CompletionReporter completions;
  @Inject ProgressReporter progress;
  @Inject EncodingService encoding;
  @Inject StudioService studio;
  @Inject TranscriptionService transcription;

  @Resource ManagedExecutorService executor;
  @Resource ManagedScheduledExecutorService scheduler;

  private final Map<String, Attempt> active = new ConcurrentHashMap<>();
  private List<String> taskTypes;

  @PostConstruct
  void init() {
    taskTypes = config.taskTypes().stream().filter(HANDLED::contains).toList();
    if (taskTypes.size() < config.taskTypes().size()) {
      LOG.warning(
          () ->
              "Task types configured but not handled by this runner are ignored: "
                  + config.taskTypes()
                  + " (handled: "
                  + HANDLED
                  + ")");
    }
    scheduler.scheduleWithFixedDelay(
        () -> progress.report(active.values()),
        config.progressInterval().toMillis(),
        config.progressInterval().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Stops the running attempts without reporting them: the next start reports them failed. */
  @PreDestroy
  void shutdown() {
    active.values().forEach(a -> a.cancellation().request(Cancellation.Reason.SHUTDOWN));
  }

  /** The task types this runner announces and accepts. */
  public List<String> taskTypes() {
    return taskTypes;
  }

  public boolean available() {
    return active.size() < config.capacity();
  }

  public List<String> runningTaskIds() {
    return List.copyOf(active.keySet());
  }

  /** The attempts running here, as a registration lists them to the manager. */
  public List<RunningTask> runningTasks() {
    return active.values().stream()
        .map(a -> new RunningTask(a.taskId(), a.request().runId()))
        .toList();
  }

  public Optional<Attempt> attempt(String taskId) {
    return Optional.ofNullable(taskId).map(active::get);
  }

  /**
   * Starts an attempt, or does nothing when this very attempt (same task id and run id) is already
   * known here, so that a re-sent request never runs the work twice.
   *
   * @throws jakarta.ws.rs.WebApplicationException 503 when not registered, 400 when busy, 409 when
   *     another attempt of the task is running
   */
  public synchronized void start(TaskRunRequest request, boolean registered) {
    String id = request.taskId();
    Attempt running = active.get(id);
    if (running != null) {
      if (Objects.equals(running.request().runId(), request.runId())) {
        return;
      }
      throw ApiError.of(409, "Task " + id + " is already running here with another run_id");
    }
    boolean sameRun =
        request.runId() != null
            && store.find(id).filter(r -> request.runId().equals(r.runId())).isPresent();
    if (sameRun) {
      return;
    }
    if (!registered) {
      throw ApiError.of(503, "Runner not registered");
    }
    if (!available()) {
      throw ApiError.of(400, "Runner is busy");
    }
    TaskFolder folder = store.prepareFolder(id);
    store.save(TaskRecord.started(request, Instant.now()));
    Attempt attempt = new Attempt(request, folder);
    attempt
        .cancellation()
        .onGroupsChanged(
            groups -> store.find(id).ifPresent(r -> store.save(r.withProcessGroups(groups))));
    active.put(id, attempt);
    try {
      executor.execute(() -> execute(attempt));
    } catch (RejectedExecutionException e) {
      finish(attempt, TaskStatus.FAILED, "The runner could not start the task: " + e.getMessage());
      throw ApiError.of(400, "Runner is busy");
    }
    LOG.info(() -> "Task " + id + " started (run " + request.runId() + ")");
  }

  /**
   * Asks a running attempt to stop.
   *
   * @return {@code stop_requested}, or {@code already_terminal} when the task is over
   * @throws jakarta.ws.rs.WebApplicationException 404 for an unknown task, 409 when the run id
   *     names another attempt
   */
  public String stop(String taskId, String runId) {
    Attempt attempt = active.get(taskId);
    if (attempt == null) {
      store.find(taskId).orElseThrow(() -> ApiError.of(404, "Task not found"));
      return "already_terminal";
    }
    if (runId != null && !runId.equals(attempt.request().runId())) {
      throw ApiError.of(409, "Task not running with run_id " + runId);
    }
    attempt.cancellation().request(Cancellation.Reason.USER);
    return "stop_requested";
  }

  /**
   * Removes a finished task's record and folder.
   *
   * @throws jakarta.ws.rs.WebApplicationException 404 for an unknown task, 409 while it runs
   */
  public synchronized void delete(String taskId) {
    store.find(taskId).orElseThrow(() -> ApiError.of(404, "Task not found"));
    if (active.containsKey(taskId)) {
      throw ApiError.of(409, "Task is running: stop it first");
    }
    store.delete(taskId);
  }

  /**
   * Fails the attempts that a restart interrupted (their completions go out on registration), after
   * killing whatever their process groups left running: a crashed runner's ffmpeg must not compete
   * with the re-run of its attempt.
   */
  public void recoverInterrupted() {
    for (TaskRecord r : store.all()) {
      if (r.taskStatus() == TaskStatus.RUNNING && !active.containsKey(r.taskId())) {
        for (ProcessGroup g : r.groups()) {
          // the task id is part of every path the attempt's programs were given
          List<Long> killed = ProcessGroups.reap(g, r.taskId());
          if (!killed.isEmpty()) {
            LOG.warning(
                () -> "Task " + r.taskId() + ": killed processes left by a crash: " + killed);
          }
        }
        store.save(r.finished(TaskStatus.FAILED, INTERRUPTED, r.scriptOutput(), Instant.now()));
        LOG.warning(() -> "Task " + r.taskId() + " was interrupted by a restart: reported failed");
      }
    }
  }

  private void execute(Attempt attempt) {
    TaskStatus outcome = TaskStatus.COMPLETED;
    String error = null;
    try {
      String type = attempt.request().taskType();
      if (TaskTypes.TRANSCRIPTION.equals(type)) {
        transcription.run(attempt);
      } else if (TaskTypes.STUDIO.equals(type)) {
        studio.run(attempt);
      } else {
        encoding.run(attempt);
      }
    } catch (TaskFailure f) {
      outcome = f.status();
      error = f.getMessage();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Task " + attempt.taskId() + " failed unexpectedly", e);
      outcome = TaskStatus.FAILED;
      error = "The runner failed unexpectedly (" + e.getClass().getSimpleName() + ")";
    }
    Cancellation.Reason stop = attempt.cancellation().reason();
    if (stop == Cancellation.Reason.SHUTDOWN) {
      active.remove(attempt.taskId());
      return;
    }
    if (stop == Cancellation.Reason.USER) {
      outcome = TaskStatus.FAILED;
      error = Cancellation.CANCELLED_BY_USER;
    }
    finish(attempt, outcome, error);
  }

  private void finish(Attempt attempt, TaskStatus outcome, String error) {
    String id = attempt.taskId();
    try {
      if (error != null) {
        attempt.log("Failed: " + error);
      }
      TaskRecord done =
          store
              .find(id)
              .orElseThrow()
              .finished(outcome, error, attempt.scriptOutput(), Instant.now());
      store.save(done);
      completions.report(done);
      LOG.info(() -> "Task " + id + " " + outcome.wire() + (error == null ? "" : ": " + error));
    } finally {
      active.remove(id);
    }
  }
}
