package org.runnel.manager.tasks.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.runnel.manager.security.control.Credentials;
import org.runnel.manager.security.entity.Tenant;
import org.runnel.manager.storage.control.JournaledStore;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.security.Tokens;
import org.runnel.shared.task.TaskStatus;

/**
 * The manager's tasks: the durable store plus the in-memory indexes that submission and dispatch
 * need (active tasks, fingerprints of active tasks, idempotency keys), kept in step with every
 * write.
 *
 * <p>Every change happens under one lock ({@link #exclusively}). That is the manager's single
 * decision point: a slot on a runner is never booked twice, a task is never both cancelled and
 * handed over, and a re-submission never creates a twin. Under the lock a change is only staged in
 * the journaled store; {@link #exclusively} waits for it to be durable after releasing the lock, so
 * that changes made by concurrent requests share one disk flush (group commit) and nothing returns,
 * hence nothing is acknowledged, before it is on disk. Network calls never happen under the lock.
 * Reads take no lock: they see the latest version of each task, possibly a few milliseconds before
 * it is durable.
 */
@ApplicationScoped
public class TaskRegistry {

  @Inject JournaledStore<Task> store;
  @Inject Credentials credentials;

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Task> pending = new ConcurrentHashMap<>();
  private final Map<String, Task> running = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Task>> pendingByType = new ConcurrentHashMap<>();
  private final Map<Fingerprint, String> fingerprints = new ConcurrentHashMap<>();
  private final Map<String, String> idempotencyKeys = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();

  @PostConstruct
  void index() {
    exclusively(
        () -> {
          store.values().stream()
              .sorted(Comparator.comparing(Task::created))
              .map(this::migrated)
              .forEach(this::index);
          return null;
        });
  }

  /**
   * A record of an older version holds the client's token: it is rewritten with the credential's
   * reference and tenant instead (the token is remembered in memory, in case it cannot be derived).
   */
  private Task migrated(Task t) {
    String token = t.legacyClientToken();
    if (token == null) {
      return t;
    }
    String tenant = Tenant.DEFAULT;
    if (credentials != null) {
      credentials.presented(token);
      tenant = credentials.tenantOf(Tokens.hash(token));
    }
    Task current = t.withoutToken(tenant);
    store.stage(current.taskId(), current);
    return current;
  }

  /**
   * Runs {@code work} as the only change in progress and returns once what it changed is durable.
   * Re-entrant: the outermost call waits.
   */
  public <T> T exclusively(Supplier<T> work) {
    T result;
    long staged;
    lock.lock();
    try {
      result = work.get();
      staged = store.lastStaged();
    } finally {
      lock.unlock();
    }
    if (!lock.isHeldByCurrentThread()) {
      store.awaitDurable(staged);
    }
    return result;
  }

  /** Persists a new version of a task and updates the indexes; call inside {@link #exclusively}. */
  public Task save(Task task) {
    requireLock("save");
    store.get(task.taskId()).ifPresent(this::unindexFingerprint);
    store.stage(task.taskId(), task);
    index(task);
    version.incrementAndGet();
    return task;
  }

  /** Deletes a task durably and forgets it in every index; call inside {@link #exclusively}. */
  public void remove(Task task) {
    requireLock("remove");
    store.stageRemove(task.taskId());
    unindexFingerprint(task);
    unindexStatus(task.taskId());
    if (task.idempotencyKey() != null) {
      idempotencyKeys.remove(idempotencyIndex(task.tenant(), task.idempotencyKey()), task.taskId());
    }
    version.incrementAndGet();
  }

  private void requireLock(String what) {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("TaskRegistry." + what + " outside exclusively()");
    }
  }

  private void unindexFingerprint(Task old) {
    fingerprints.remove(Fingerprint.of(old), old.taskId());
  }

  /** Grows with every change: lets readers cache what they derive from the tasks. */
  public long version() {
    return version.get();
  }

  /**
   * Applies {@code change} to the current version of a task and saves the result when it differs.
   *
   * @throws jakarta.ws.rs.WebApplicationException 404 when the task does not exist
   */
  public Task update(String taskId, UnaryOperator<Task> change) {
    return exclusively(
        () -> {
          Task current = require(taskId);
          Task next = change.apply(current);
          return next == current ? current : save(next);
        });
  }

  private void index(Task t) {
    unindexStatus(t.taskId());
    if (t.status() == TaskStatus.PENDING) {
      pending.put(t.taskId(), t);
      pendingByType
          .computeIfAbsent(t.taskType(), k -> new ConcurrentHashMap<>())
          .put(t.taskId(), t);
    } else if (t.status() == TaskStatus.RUNNING) {
      running.put(t.taskId(), t);
    }
    if (t.active()) {
      fingerprints.putIfAbsent(Fingerprint.of(t), t.taskId());
    }
    if (t.idempotencyKey() != null) {
      idempotencyKeys.putIfAbsent(idempotencyIndex(t.tenant(), t.idempotencyKey()), t.taskId());
    }
  }

  private void unindexStatus(String taskId) {
    Task old = pending.remove(taskId);
    if (old != null) {
      pendingByType.getOrDefault(old.taskType(), Map.of()).remove(taskId);
    }
    running.remove(taskId);
  }

  private static String idempotencyIndex(String tenant, String key) {
    return tenant + ":" + key;
  }

  public Optional<Task> find(String taskId) {
    return store.get(taskId);
  }

  /** The task, or 404 {@code Task not found}. */
  public Task require(String taskId) {
    return find(taskId).orElseThrow(() -> ApiError.of(404, "Task not found"));
  }

  /** All tasks, oldest first. */
  public List<Task> all() {
    return sorted(store.values());
  }

  /** Pending and running tasks, oldest first. */
  public List<Task> active() {
    List<Task> both = new ArrayList<>(pending.values());
    both.addAll(running.values());
    return sorted(both);
  }

  /** Pending tasks, in no order (see the dispatch queue for the order). */
  public Collection<Task> pending() {
    return Collections.unmodifiableCollection(pending.values());
  }

  /** Running tasks, in no order. */
  public Collection<Task> running() {
    return Collections.unmodifiableCollection(running.values());
  }

  public long pendingCount() {
    return pending.size();
  }

  public long pendingCount(String taskType) {
    return pendingByType.getOrDefault(taskType, Map.of()).size();
  }

  /** Pending tasks of one type, in no order. */
  public Collection<Task> pending(String taskType) {
    return Collections.unmodifiableCollection(
        pendingByType.getOrDefault(taskType, Map.of()).values());
  }

  /** The attempts the manager believes are running on a runner. */
  public List<Task> runningOn(String runnerId) {
    return running.values().stream().filter(t -> runnerId.equals(t.runnerId())).toList();
  }

  public int size() {
    return store.size();
  }

  /** The active task a submission with this fingerprint duplicates. */
  public Optional<Task> activeWith(Fingerprint fingerprint) {
    return Optional.ofNullable(fingerprints.get(fingerprint))
        .flatMap(this::find)
        .filter(Task::active);
  }

  /** The task this tenant already submitted with this {@code Idempotency-Key}. */
  public Optional<Task> withIdempotencyKey(String tenant, String key) {
    return Optional.ofNullable(idempotencyKeys.get(idempotencyIndex(tenant, key)))
        .flatMap(this::find);
  }

  private static List<Task> sorted(Collection<Task> tasks) {
    return tasks.stream()
        .sorted(Comparator.comparing(Task::created).thenComparing(Task::taskId))
        .toList();
  }
}
