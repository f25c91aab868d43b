package org.runnel.manager.tasks.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.runnel.manager.dispatch.boundary.Admission;
import org.runnel.manager.dispatch.boundary.Dispatcher;
import org.runnel.manager.runners.control.RunnerClient;
import org.runnel.manager.runners.control.RunnerRegistry;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.manager.security.control.UrlPolicy;
import org.runnel.manager.security.entity.Caller;
import org.runnel.manager.tasks.control.Fingerprint;
import org.runnel.manager.tasks.control.ResultPaths;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.manager.tasks.entity.TaskFinished;
import org.runnel.shared.json.InvalidRequestException;
import org.runnel.shared.protocol.ExecuteRequest;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.task.TaskIds;
import org.runnel.shared.task.TaskTypes;

/**
 * What clients can do to tasks: submit, stop, fetch results. It checks the protocol's rules and
 * words its errors; the state changes themselves happen in the task registry (under its lock) and
 * in {@link Task}; network calls (to runners, to clients) happen after the lock is released. What
 * runners report is handled by {@link Attempts}.
 */
@ApplicationScoped
public class TaskService {

  private static final Logger LOG = Logger.getLogger(TaskService.class.getName());
  private static final int MAX_IDEMPOTENCY_KEY = 200;

  @Inject TaskRegistry tasks;
  @Inject RunnerRegistry runners;
  @Inject RunnerClient runnerClient;
  @Inject Dispatcher dispatcher;
  @Inject Admission admission;
  @Inject UrlPolicy urls;
  @Inject Event<TaskFinished> finished;

  private record Outcome(Task task, boolean changed) {}

  /**
   * Accepts a task, or returns the task it duplicates (same fingerprint while pending or running,
   * or same {@code Idempotency-Key}, both within the client's tenant: never another tenant's task).
   * A new task passes admission (domain quota, queue bounds: see {@link Admission}), is stored as
   * pending before the reply and handed to a runner as soon as one has a free slot.
   */
  public Task submit(ExecuteRequest request, Caller client, String idempotencyKey) {
    ExecuteRequest r = validated(request);
    String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
    if (key != null && key.length() > MAX_IDEMPOTENCY_KEY) {
      throw ApiError.of(400, "Idempotency-Key must be at most 200 characters");
    }
    Optional<UrlPolicy.Problem> notifyProblem =
        r.notifyUrl() == null ? Optional.empty() : urls.check(r.notifyUrl());
    Outcome o =
        tasks.exclusively(
            () -> {
              Optional<Task> existing =
                  Optional.ofNullable(key)
                      .flatMap(k -> tasks.withIdempotencyKey(client.tenant(), k))
                      .or(() -> tasks.activeWith(Fingerprint.of(r, client.tenant())));
              if (existing.isPresent()) {
                return new Outcome(existing.get(), false);
              }
              notifyProblem.ifPresent(
                  p -> {
                    throw ApiError.of(400, p.describe("notify_url"));
                  });
              admission.admit(r, Instant.now());
              Task t =
                  Task.accepted(
                      TaskIds.newId(), r, client.tenant(), client.credential(), key, Instant.now());
              return new Outcome(tasks.save(t), true);
            });
    if (o.changed()) {
      LOG.info(() -> "Accepted task " + o.task().taskId() + " (" + r.taskType() + ")");
      dispatcher.trigger();
    }
    return o.task();
  }

  private ExecuteRequest validated(ExecuteRequest r) {
    Optional<UrlPolicy.Problem> sourceProblem =
        r.sourceUrl() == null || r.sourceUrl().isBlank()
            ? Optional.empty()
            : urls.check(r.sourceUrl());
    new InvalidRequestException.Collector()
        .require("etab_name", r.etabName())
        .require("app_name", r.appName())
        .require("task_type", r.taskType())
        .require("source_url", r.sourceUrl())
        .check(
            r.taskType() == null || r.taskType().isBlank() || TaskTypes.known(r.taskType()),
            "task_type",
            "Unknown task type: "
                + r.taskType()
                + " (expected one of "
                + String.join(", ", TaskTypes.ALL)
                + ")")
        .check(
            sourceProblem.isEmpty(),
            "source_url",
            sourceProblem.map(p -> p.describe("source_url")).orElse(""))
        .throwIfAny();
    String notify = r.notifyUrl() == null || r.notifyUrl().isBlank() ? null : r.notifyUrl().strip();
    return new ExecuteRequest(
        r.etabName(),
        r.appName(),
        r.appVersion(),
        r.taskType(),
        r.sourceUrl().strip(),
        notify,
        r.affiliation(),
        r.parameters() == null ? Map.of() : r.parameters());
  }

  /**
   * The task, if {@code caller} may see it: a client sees its own tenant's tasks only, and another
   * tenant's task is answered exactly like a missing one (404 {@code Task not found}), so that its
   * existence does not leak; an administrator sees every task.
   */
  public Task visible(String taskId, Caller caller) {
    Task t = tasks.require(taskId);
    if (!caller.sees(t.tenant())) {
      throw ApiError.of(404, "Task not found");
    }
    return t;
  }

  /** The tasks {@code caller} may see, oldest first. */
  public List<Task> visible(Caller caller) {
    return tasks.all().stream().filter(t -> caller.sees(t.tenant())).toList();
  }

  /**
   * Stops a task: a pending one is failed at once with the protocol's cancellation text (and its
   * client notified); a running one is stopped by its runner, which reports the outcome.
   */
  public void stop(String taskId, Caller caller) {
    Outcome o =
        tasks.exclusively(
            () -> {
              Task t = visible(taskId, caller);
              return switch (t.status()) {
                case PENDING -> new Outcome(tasks.save(t.cancelled(Instant.now())), true);
                case RUNNING -> new Outcome(t, false);
                default -> throw ApiError.of(409, "Task not running");
              };
            });
    if (o.changed()) {
      finished.fire(new TaskFinished(o.task(), false));
      return;
    }
    runnerClient.stop(runnerOf(o.task()), taskId, o.task().runId());
  }

  /** The result's file list, proxied from the runner that produced it. */
  public List<?> resultFiles(String taskId, Caller caller) {
    Task t = finished(visible(taskId, caller));
    List<?> files = runnerClient.manifestFiles(runnerOf(t), taskId);
    fetched(taskId);
    return files;
  }

  /** One result file, streamed from the runner; the caller closes the body. */
  public HttpResponse<InputStream> resultFile(String taskId, String path, Caller caller) {
    if (!ResultPaths.valid(path)) {
      throw ApiError.of(400, "Invalid result file path");
    }
    Task t = finished(visible(taskId, caller));
    HttpResponse<InputStream> file = runnerClient.file(runnerOf(t), taskId, path);
    fetched(taskId);
    return file;
  }

  private Task finished(Task t) {
    switch (t.status()) {
      case FAILED, TIMEOUT ->
          throw ApiError.of(
              400, "Task failed: " + (t.error() == null ? t.status().wire() : t.error()));
      case PENDING, RUNNING ->
          throw ApiError.of(425, "Task not completed. Status: " + t.status().wire());
      default -> {
        return t;
      }
    }
  }

  private Runner runnerOf(Task t) {
    return runners
        .find(t.runnerId())
        .orElseThrow(
            () ->
                ApiError.of(
                    502, "Runner error: runner " + t.runnerId() + " is no longer registered"));
  }

  private void fetched(String taskId) {
    tasks.update(taskId, t -> t.resultFetched(Instant.now()));
  }
}
