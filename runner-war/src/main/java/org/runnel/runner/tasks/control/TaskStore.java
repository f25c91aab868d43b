package org.runnel.runner.tasks.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.runnel.runner.configuration.boundary.RunnerConfig;
import org.runnel.runner.tasks.entity.TaskFolder;
import org.runnel.runner.tasks.entity.TaskRecord;
import org.runnel.shared.store.JsonFileStore;
import org.runnel.shared.store.OwnerOnly;
import org.runnel.shared.store.RecordStore;
import org.runnel.shared.task.TaskIds;

/**
 * The runner's durable knowledge of its tasks: one JSON record per task under {@code
 * <data-dir>/tasks-db} (so statuses and unacknowledged completions survive a restart) and one
 * folder per task under {@code <data-dir>/tasks}; folders {@code 0700}, records {@code 0600}.
 */
@ApplicationScoped
public class TaskStore {

  @Inject RunnerConfig config;

  private RecordStore<TaskRecord> records;
  private Path tasksRoot;

  @PostConstruct
  void open() {
    Path data = config.dataDir();
    records = new JsonFileStore<>(data.resolve("tasks-db"), TaskRecord.class);
    tasksRoot = data.resolve("tasks");
    try {
      OwnerOnly.ownFolder(tasksRoot);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + tasksRoot, e);
    }
  }

  /** The record of a task; empty for unknown or malformed ids. */
  public Optional<TaskRecord> find(String taskId) {
    return TaskIds.valid(taskId) ? records.get(taskId) : Optional.empty();
  }

  public Collection<TaskRecord> all() {
    return records.values();
  }

  public void save(TaskRecord record) {
    records.put(record.taskId(), record);
  }

  /** Files of the store that could not be read at start. */
  public List<String> quarantined() {
    return records.quarantined();
  }

  public TaskFolder folder(String taskId) {
    if (!TaskIds.valid(taskId)) {
      throw new IllegalArgumentException("Invalid task id");
    }
    return new TaskFolder(tasksRoot.resolve(taskId));
  }

  /** Removes the task's folder (source and results), keeping its record. */
  public void clearFolder(String taskId) {
    Path root = folder(taskId).root();
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove the folder of task " + taskId, e);
    }
  }

  /**
   * Empties the task's folder for a new attempt and creates it again, owner-only ({@code 0700}):
   * the source and the results of one institution's task are no other local user's to read.
   */
  public TaskFolder prepareFolder(String taskId) {
    clearFolder(taskId);
    TaskFolder folder = folder(taskId);
    try {
      OwnerOnly.folders(folder.root());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the folder of task " + taskId, e);
    }
    return folder;
  }

  /** Removes the task's folder and its record. */
  public void delete(String taskId) {
    clearFolder(taskId);
    records.remove(taskId);
  }
}
