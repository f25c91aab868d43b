package org.runnel.manager.tasks.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.security.Tokens;
import org.runnel.shared.store.RecordStore;
import org.runnel.shared.task.TaskStatus;

/**
 * The manager's tasks: the durable store plus the in-memory indexes that submission and dispatch
 * need (active tasks, fingerprints of active tasks, idempotency keys), kept in step with every
 * write.
 *
 * <p>Every change happens under one lock ({@link #exclusively}). That is the manager's single
 * decision point: a slot on a runner is never booked twice, a task is never both cancelled and
 * handed over, and a re-submission never creates a twin. The lock covers the durable write (an
 * fsync, about a millisecond), which bounds changes to roughly a thousand per second, far above
 * what video tasks need; network calls never happen under it. Reads take no lock: they see the last
 * durable version of each task.
 */
@ApplicationScoped
public class TaskRegistry {

  @Inject RecordStore<Task> store;

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Task> active = new ConcurrentHashMap<>();
  private final Map<Fingerprint, String> fingerprints = new ConcurrentHashMap<>();
  private final Map<String, String> idempotencyKeys = new ConcurrentHashMap<>();

  @PostConstruct
  void index() {
    exclusively(
        () -> {
          store.values().stream().sorted(Comparator.comparing(Task::created)).forEach(this::index);
          return null;
        });
  }

  /** Runs {@code work} as the only change in progress. Re-entrant. */
  public <T> T exclusively(Supplier<T> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  /** Persists a new version of a task and updates the indexes; call inside {@link #exclusively}. */
  public Task save(Task task) {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("TaskRegistry.save outside exclusively()");
    }
    store
        .get(task.taskId())
        .ifPresent(old -> fingerprints.remove(Fingerprint.of(old), old.taskId()));
    store.put(task.taskId(), task);
    index(task);
    return task;
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
    if (t.active()) {
      active.put(t.taskId(), t);
      fingerprints.putIfAbsent(Fingerprint.of(t), t.taskId());
    } else {
      active.remove(t.taskId());
    }
    if (t.idempotencyKey() != null && t.clientToken() != null) {
      idempotencyKeys.putIfAbsent(
          idempotencyIndex(t.clientToken(), t.idempotencyKey()), t.taskId());
    }
  }

  private static String idempotencyIndex(String clientToken, String key) {
    return Tokens.hash(clientToken) + ":" + key;
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
    return sorted(active.values());
  }

  public long pendingCount() {
    return active.values().stream().filter(t -> t.status() == TaskStatus.PENDING).count();
  }

  public int size() {
    return store.size();
  }

  /** The active task a submission with this fingerprint duplicates. */
  public Optional<Task> activeWith(Fingerprint fingerprint) {
    return Optional.ofNullable(fingerprints.get(fingerprint)).map(active::get);
  }

  /** The task this client already submitted with this {@code Idempotency-Key}. */
  public Optional<Task> withIdempotencyKey(String clientToken, String key) {
    return Optional.ofNullable(idempotencyKeys.get(idempotencyIndex(clientToken, key)))
        .flatMap(this::find);
  }

  private static List<Task> sorted(Collection<Task> tasks) {
    return tasks.stream()
        .sorted(Comparator.comparing(Task::created).thenComparing(Task::taskId))
        .toList();
  }
}
