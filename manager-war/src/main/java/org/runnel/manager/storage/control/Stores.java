package org.runnel.manager.storage.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.runners.entity.DrainMark;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.store.JsonFileStore;
import org.runnel.shared.store.RecordStore;

/**
 * The one place that decides where and how the manager's records live: {@code <data-dir>/tasks} and
 * {@code <data-dir>/runners} (and {@code drained}), one JSON file per record, written durably
 * before a change is acknowledged (tasks through a journal with group commit, see {@link
 * JournaledStore}: they change a hundred times more often than runners), and {@code
 * <data-dir>/statistics/task_stats.csv}, an append-only log. Callers inject {@code
 * RecordStore<Task>} or {@code RecordStore<Runner>} (the task registry the journaled store itself),
 * so a clustered store can later replace these producers.
 */
@ApplicationScoped
public class Stores {

  @Inject
  @ConfigProperty(name = "runnel.manager.data-dir")
  String dataDir;

  @Resource ManagedThreadFactory threads;

  /** The configured data folder, made absolute. */
  public Path dataFolder() {
    return Path.of(dataDir).toAbsolutePath().normalize();
  }

  /** A pseudo-scoped singleton: one store per folder, and no client proxy around it. */
  @Produces
  @Singleton
  JournaledStore<Task> tasks() {
    return new JournaledStore<>(dataFolder().resolve("tasks"), Task.class, threads);
  }

  void close(@Disposes JournaledStore<Task> tasks) {
    tasks.close();
  }

  @Produces
  @ApplicationScoped
  RecordStore<Runner> runners() {
    return new JsonFileStore<>(dataFolder().resolve("runners"), Runner.class);
  }

  /** Runners an administrator drained, in {@code <data-dir>/drained}. */
  @Produces
  @ApplicationScoped
  RecordStore<DrainMark> drainMarks() {
    return new JsonFileStore<>(dataFolder().resolve("drained"), DrainMark.class);
  }

  /** The append-only log at {@code <data-dir>/<name>}, created with {@code header}. */
  public AppendLog appendLog(String name, String header) {
    return new AppendLog(dataFolder().resolve(name), header);
  }
}
