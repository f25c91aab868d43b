package org.runnel.manager.tasks.control;

import java.nio.file.Path;
import org.runnel.manager.storage.control.JournaledStore;
import org.runnel.manager.tasks.entity.Task;

/** A task registry over a test folder, for tests outside this package too. */
public final class Registries {

  private Registries() {}

  /** Opens (or re-opens, as after a restart) the registry stored in {@code dir}. */
  public static TaskRegistry open(Path dir) {
    TaskRegistry r = new TaskRegistry();
    r.store = new JournaledStore<>(dir, Task.class, Thread::new);
    r.index();
    return r;
  }
}
