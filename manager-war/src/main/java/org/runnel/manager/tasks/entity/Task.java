package org.runnel.manager.tasks.entity;

import jakarta.json.bind.annotation.JsonbVisibility;
import jakarta.json.bind.config.PropertyVisibilityStrategy;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.runnel.manager.security.entity.Tenant;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.ExecuteRequest;
import org.runnel.shared.protocol.TaskRunRequest;
import org.runnel.shared.security.Tokens;
import org.runnel.shared.task.TaskStateMachine;
import org.runnel.shared.task.TaskStatus;

/**
 * A client's task as the manager keeps it: the protocol's task object plus what Runnel needs to
 * drive it (attempt count and the reasons earlier attempts were lost, the tenant it belongs to and
 * the reference of the client credential that submitted it, callback delivery state, whether its
 * statistics row is written).
 *
 * <p>Instances are treated as values: every change returns a changed copy, which the task registry
 * makes durable before anyone else sees it, so a reader never observes a change that might not
 * survive a crash. Status changes go through {@link TaskStateMachine} only. JSON-B reads and writes
 * the fields directly, so there are no setters to bypass these rules.
 *
 * <p>No secret is stored: the callback must carry the token the client submitted with, so the task
 * keeps the credential's reference (the SHA-256 of its token) and the notifier looks the token up
 * when it sends the callback. Records written before tenants existed hold the token itself ({@code
 * client_token}); {@link #withoutToken} turns such a record into the new form when it is loaded.
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
  private String tenant;
  private String clientCredential;

  /** Only in records of older versions: replaced by {@link #clientCredential} when loaded. */
  private String clientToken;

  private String idempotencyKey;
  private String callbackStatus;
  private int callbackAttempts;
  private String callbackError;
  private String startedAt;
  private String finishedAt;
  private List<String> lostAttempts;
  private boolean statisticsRecorded;

  /** {@link #createdAt} parsed once: the queue sorts by it, thousands of times a second. */
  private transient Instant created;

  /** For JSON-B. */
  public Task() {}

  /**
   * {@link #accepted(String, ExecuteRequest, String, String, String, Instant)} in the default
   * tenant.
   */
  public static Task accepted(
      String taskId,
      ExecuteRequest request,
      String clientCredential,
      String idempotencyKey,
      Instant now) {
    return accepted(taskId, request, Tenant.DEFAULT, clientCredential, idempotencyKey, now);
  }

  /**
   * A task just accepted from a client: pending, not yet handed to any runner.
   *
   * @param tenant the tenant of the client's credential, which alone sees the task
   * @param clientCredential the reference of the client's credential (SHA-256 of its token)
   */
  public static Task accepted(
      String taskId,
      ExecuteRequest request,
      String tenant,
      String clientCredential,
      String idempotencyKey,
      Instant now) {
    Task t = new Task();
    t.tenant = tenant;
    t.clientCredential = clientCredential;
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
    next.startedAt = now.toString();
    return next;
  }

  /**
   * The runner did not take the attempt: back to the queue. Nothing ran, so the attempt does not
   * count; a later message with its run_id is stale all the same.
   */
  public Task requeued(Instant now) {
    Task next = backToQueue(now);
    next.attempt = attempt - 1;
    return next;
  }

  private Task backToQueue(Instant now) {
    Task next = changed(TaskStatus.PENDING, now);
    next.runnerId = null;
    next.runId = null;
    next.startedAt = null;
    return next;
  }

  /**
   * The current attempt is lost (its runner died, restarted or forgot it). The task goes back to
   * the queue, unless this was attempt number {@code maxAttempts} since the client's submission (or
   * an administrator's restart): then it fails with a reason naming every lost attempt.
   *
   * @param reason what happened, e.g. {@code runner runner-1 lost (no heartbeat for 45 s)}
   */
  public Task lost(String reason, int maxAttempts, Instant now) {
    List<String> reasons = new ArrayList<>(lostAttempts());
    reasons.add(reason);
    Task next;
    if (reasons.size() >= maxAttempts) {
      String why = "Failed after " + reasons.size() + " attempts: " + String.join("; ", reasons);
      next = finished(TaskStatus.FAILED, why, scriptOutput, now);
    } else {
      next = backToQueue(now);
    }
    next.lostAttempts = reasons;
    return next;
  }

  /** The runner's outcome; arms the callback when the client gave a notify_url. */
  public Task finished(TaskStatus outcome, String errorMessage, String output, Instant now) {
    Task next = changed(outcome, now);
    next.error = errorMessage;
    next.scriptOutput = output;
    next.callbackStatus = (hasCallback() ? CallbackStatus.PENDING : CallbackStatus.NONE).wire();
    next.callbackAttempts = 0;
    next.callbackError = null;
    next.finishedAt = now.toString();
    next.statisticsRecorded = false;
    return next;
  }

  /**
   * An administrator runs a finished task again: pending, as if just submitted, with a fresh count
   * of lost attempts and no callback history; {@link #attempt} keeps counting.
   */
  public Task restarted(Instant now) {
    Task next = backToQueue(now);
    next.completionCallback = null;
    next.error = null;
    next.scriptOutput = null;
    next.finishedAt = null;
    next.lostAttempts = null;
    next.callbackStatus = CallbackStatus.NONE.wire();
    next.callbackAttempts = 0;
    next.callbackError = null;
    return next;
  }

  /** An administrator asks for the callback of a finished task to be sent again. */
  public Task callbackRearmed(Instant now) {
    Task next = copy();
    next.callbackStatus = CallbackStatus.PENDING.wire();
    next.callbackAttempts = 0;
    next.callbackError = null;
    next.updatedAt = now.toString();
    return next;
  }

  /** The statistics row of the current outcome is written. */
  public Task statisticsWritten() {
    Task next = copy();
    next.statisticsRecorded = true;
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
   * warning}, as the protocol says (and a callback an administrator resent successfully turns it
   * back into {@code completed}); an uncertain one leaves the status alone because the client may
   * well have processed it.
   */
  public Task callbackEnded(CallbackStatus outcome, String problem, Instant now) {
    boolean warn = outcome == CallbackStatus.FAILED && status() == TaskStatus.COMPLETED;
    boolean healed = outcome == CallbackStatus.DELIVERED && status() == TaskStatus.WARNING;
    Task next =
        warn
            ? changed(TaskStatus.WARNING, now)
            : healed ? changed(TaskStatus.COMPLETED, now) : copy();
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
    Instant c = created;
    if (c == null) {
      c = Instant.parse(createdAt);
      created = c;
    }
    return c;
  }

  /** When the current attempt was handed over; null while pending or finished before any. */
  public Instant started() {
    return startedAt == null ? null : Instant.parse(startedAt);
  }

  /** When the task reached its current outcome; null while pending or running. */
  public Instant ended() {
    return finishedAt == null ? null : Instant.parse(finishedAt);
  }

  /** Why each attempt since submission (or the last restart) was lost, oldest first. */
  public List<String> lostAttempts() {
    return lostAttempts == null ? List.of() : Collections.unmodifiableList(lostAttempts);
  }

  public boolean statisticsRecorded() {
    return statisticsRecorded;
  }

  /**
   * Whether retention may delete the task: finished before {@code cutoff}, callback settled,
   * statistics row written.
   */
  public boolean expiredBefore(Instant cutoff) {
    return status().terminal()
        && ended() != null
        && ended().isBefore(cutoff)
        && callbackStatus() != CallbackStatus.PENDING
        && statisticsRecorded;
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

  /** The tenant the task belongs to ({@link Tenant#DEFAULT} for tasks of older versions). */
  public String tenant() {
    return Tenant.orDefault(tenant);
  }

  /**
   * The reference of the credential the client submitted with (the SHA-256 of its token): the
   * notifier signs the callback with that credential's token.
   */
  public String clientCredential() {
    return clientCredential != null || clientToken == null
        ? clientCredential
        : Tokens.hash(clientToken);
  }

  /** The clear token of a record written by an older version; null in the current form. */
  public String legacyClientToken() {
    return clientToken;
  }

  /**
   * The current form of a record written by an older version: the token replaced by its
   * credential's reference, the task placed in {@code tenantOfToken}.
   */
  public Task withoutToken(String tenantOfToken) {
    Task next = copy();
    next.clientCredential = clientCredential();
    next.clientToken = null;
    next.tenant = tenant == null ? tenantOfToken : tenant;
    return next;
  }

  @Override
  public String toString() {
    return "Task[" + taskId + ", " + status + ", attempt " + attempt + "]";
  }

  /** Lets JSON-B map the private fields (not the transient caches) and ignore the methods. */
  public static final class FieldsOnly implements PropertyVisibilityStrategy {
    @Override
    public boolean isVisible(Field field) {
      return !Modifier.isStatic(field.getModifiers())
          && !Modifier.isTransient(field.getModifiers());
    }

    @Override
    public boolean isVisible(Method method) {
      return false;
    }
  }
}
