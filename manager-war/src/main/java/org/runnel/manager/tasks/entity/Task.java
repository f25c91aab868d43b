package org.runnel.manager.tasks.entity;

import jakarta.json.bind.annotation.JsonbVisibility;
import jakarta.json.bind.config.PropertyVisibilityStrategy;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.ExecuteRequest;
import org.runnel.shared.protocol.TaskRunRequest;
import org.runnel.shared.task.TaskStateMachine;
import org.runnel.shared.task.TaskStatus;

/**
 * A client's task as the manager keeps it: the protocol's task object plus what Runnel needs to
 * drive it (attempt count, the client's token for the callback, callback delivery state).
 *
 * <p>Instances are treated as values: every change returns a changed copy, which the task registry
 * makes durable before anyone else sees it, so a reader never observes a change that might not
 * survive a crash. Status changes go through {@link TaskStateMachine} only. The client token is
 * persisted (the callback must carry it, also after a restart) but has no public accessor used by
 * any API view. JSON-B reads and writes the fields directly, so there are no setters to bypass
 * these rules.
 */
@JsonbVisibility(Task.FieldsOnly.class)
public class Task {

  /** Cancellation text of the protocol, also used for a pending task stopped before hand-over. */
  public static final String CANCELLED = "Cancelled by user.";

  private String taskId;
  private String runnerId;
  private String status;
  private String etabName;
  private String appName;
  private String appVersion;
  private String taskType;
  private String sourceUrl;
  private String affiliation;
  private Map<String, Object> parameters;
  private String notifyUrl;
  private String completionCallback;
  private String runId;
  private String createdAt;
  private String updatedAt;
  private String error;
  private String scriptOutput;
  private int attempt;
  private String clientToken;
  private String idempotencyKey;
  private String callbackStatus;
  private int callbackAttempts;
  private String callbackError;

  /** For JSON-B. */
  public Task() {}

  /** A task just accepted from a client: pending, not yet handed to any runner. */
  public static Task accepted(
      String taskId,
      ExecuteRequest request,
      String clientToken,
      String idempotencyKey,
      Instant now) {
    Task t = new Task();
    t.taskId = taskId;
    t.status = TaskStatus.PENDING.wire();
    t.etabName = request.etabName();
    t.appName = request.appName();
    t.appVersion = request.appVersion();
    t.taskType = request.taskType();
    t.sourceUrl = request.sourceUrl();
    t.affiliation = request.affiliation();
    t.parameters =
        request.parameters() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(request.parameters());
    t.notifyUrl = request.notifyUrl();
    t.clientToken = clientToken;
    t.idempotencyKey = idempotencyKey;
    t.callbackStatus = CallbackStatus.NONE.wire();
    t.createdAt = now.toString();
    t.updatedAt = t.createdAt;
    return t;
  }

  private Task copy() {
    return Json.jsonb().fromJson(Json.write(this), Task.class);
  }

  private Task changed(TaskStatus to, Instant now) {
    Task next = copy();
    next.status = TaskStateMachine.transition(status(), to).wire();
    next.updatedAt = now.toString();
    return next;
  }

  /** Hands the task to a runner as a new attempt, fenced by {@code runId}. */
  public Task handedOver(String runner, String newRunId, String callbackUrl, Instant now) {
    Task next = changed(TaskStatus.RUNNING, now);
    next.runnerId = runner;
    next.runId = newRunId;
    next.completionCallback = callbackUrl;
    next.attempt = attempt + 1;
    return next;
  }

  /**
   * The runner did not take the attempt: back to the queue; a later message with its run_id is
   * stale.
   */
  public Task requeued(Instant now) {
    Task next = changed(TaskStatus.PENDING, now);
    next.runnerId = null;
    next.runId = null;
    return next;
  }

  /** The runner's outcome; arms the callback when the client gave a notify_url. */
  public Task finished(TaskStatus outcome, String errorMessage, String output, Instant now) {
    Task next = changed(outcome, now);
    next.error = errorMessage;
    next.scriptOutput = output;
    next.callbackStatus = (hasCallback() ? CallbackStatus.PENDING : CallbackStatus.NONE).wire();
    return next;
  }

  /** A pending task stopped by its client before any runner got it. */
  public Task cancelled(Instant now) {
    return finished(TaskStatus.FAILED, CANCELLED, null, now);
  }

  /** Records that callback attempt {@code n} is about to be sent (written before sending). */
  public Task callbackAttempted(int n, Instant now) {
    Task next = copy();
    next.callbackAttempts = n;
    next.updatedAt = now.toString();
    return next;
  }

  /**
   * The callback's final state. A failed callback of a completed task turns it into {@code
   * warning}, as the protocol says; an uncertain one leaves the status alone because the client may
   * well have processed it.
   */
  public Task callbackEnded(CallbackStatus outcome, String problem, Instant now) {
    boolean warn = outcome == CallbackStatus.FAILED && status() == TaskStatus.COMPLETED;
    Task next = warn ? changed(TaskStatus.WARNING, now) : copy();
    next.callbackStatus = outcome.wire();
    next.callbackError = problem;
    next.updatedAt = now.toString();
    return next;
  }

  /** The client fetched the result: a {@code warning} task becomes {@code completed} again. */
  public Task resultFetched(Instant now) {
    return status() == TaskStatus.WARNING ? changed(TaskStatus.COMPLETED, now) : this;
  }

  /** The body of {@code POST /task/run} for the current attempt. */
  public TaskRunRequest runRequest() {
    return new TaskRunRequest(
        taskId,
        etabName,
        appName,
        appVersion,
        taskType,
        sourceUrl,
        notifyUrl,
        affiliation,
        parameters,
        completionCallback,
        runId);
  }

  public boolean hasCallback() {
    return notifyUrl != null && !notifyUrl.isBlank();
  }

  public TaskStatus status() {
    return TaskStatus.fromWire(status);
  }

  public boolean active() {
    TaskStatus s = status();
    return s == TaskStatus.PENDING || s == TaskStatus.RUNNING;
  }

  public CallbackStatus callbackStatus() {
    return CallbackStatus.fromWire(callbackStatus);
  }

  public Instant created() {
    return Instant.parse(createdAt);
  }

  public String taskId() {
    return taskId;
  }

  public String runnerId() {
    return runnerId;
  }

  public String etabName() {
    return etabName;
  }

  public String appName() {
    return appName;
  }

  public String appVersion() {
    return appVersion;
  }

  public String taskType() {
    return taskType;
  }

  public String sourceUrl() {
    return sourceUrl;
  }

  public String affiliation() {
    return affiliation;
  }

  public Map<String, Object> parameters() {
    return parameters == null ? Map.of() : Collections.unmodifiableMap(parameters);
  }

  public String notifyUrl() {
    return notifyUrl;
  }

  public String completionCallback() {
    return completionCallback;
  }

  public String runId() {
    return runId;
  }

  public String createdAt() {
    return createdAt;
  }

  public String updatedAt() {
    return updatedAt;
  }

  public String error() {
    return error;
  }

  public String scriptOutput() {
    return scriptOutput;
  }

  public int attempt() {
    return attempt;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }

  public int callbackAttempts() {
    return callbackAttempts;
  }

  public String callbackError() {
    return callbackError;
  }

  /** The token the client submitted with: only for signing the callback, never for a view. */
  public String clientToken() {
    return clientToken;
  }

  @Override
  public String toString() {
    return "Task[" + taskId + ", " + status + ", attempt " + attempt + "]";
  }

  /** Lets JSON-B map the private fields and ignore the methods. */
  public static final class FieldsOnly implements PropertyVisibilityStrategy {
    @Override
    public boolean isVisible(Field field) {
      return !Modifier.isStatic(field.getModifiers());
    }

    @Override
    public boolean isVisible(Method method) {
      return false;
    }
  }
}
