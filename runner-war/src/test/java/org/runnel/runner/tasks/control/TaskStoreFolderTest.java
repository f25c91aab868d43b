package org.runnel.runner.tasks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.configuration.boundary.RunnerConfig;

/** The runner's data folder, task store and task folders are the service account's only. */
class TaskStoreFolderTest {

  @TempDir Path tmp;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void foldersAre0700AndAFreshAttemptFolderReplacesTheOldOne() throws Exception {
    Path data = tmp.resolve("runner-data");
    TaskStore store = new TaskStore();
    store.config =
        new RunnerConfig() {
          @Override
          public Path dataDir() {
            return data;
          }
        };
    store.open();
    assertEquals("rwx------", mode(data));
    assertEquals("rwx------", mode(data.resolve("tasks-db")));
    assertEquals("rwx------", mode(data.resolve("tasks")));

    Path root = store.prepareFolder("t-1").root();
    assertEquals("rwx------", mode(root));
    Files.writeString(root.resolve("old-output"), "x");
    store.prepareFolder("t-1");
    assertFalse(Files.exists(root.resolve("old-output")), "a new attempt starts empty");
    assertEquals("rwx------", mode(root));
  }
}
