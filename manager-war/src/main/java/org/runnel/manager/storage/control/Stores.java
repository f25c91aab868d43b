package org.runnel.manager.storage.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.store.JsonFileStore;
import org.runnel.shared.store.RecordStore;

/**
 * The one place that decides where and how the manager's records live: {@code <data-dir>/tasks} and
 * {@code <data-dir>/runners}, one JSON file per record, written durably before a change is
 * acknowledged. Callers inject {@code RecordStore<Task>} or {@code RecordStore<Runner>}, so a
 * clustered store can later replace these producers without touching them.
 */
@ApplicationScoped
public class Stores {

  @Inject
  @ConfigProperty(name = "runnel.manager.data-dir")
  String dataDir;

  /** The configured data folder, made absolute. */
  public Path dataFolder() {
    return Path.of(dataDir).toAbsolutePath().normalize();
  }

  @Produces
  @ApplicationScoped
  RecordStore<Task> tasks() {
    return new JsonFileStore<>(dataFolder().resolve("tasks"), Task.class);
  }

  @Produces
  @ApplicationScoped
  RecordStore<Runner> runners() {
    return new JsonFileStore<>(dataFolder().resolve("runners"), Runner.class);
  }
}
