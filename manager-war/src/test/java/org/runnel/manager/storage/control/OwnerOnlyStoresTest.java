package org.runnel.manager.storage.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.manager.runners.entity.DrainMark;

/** The manager's journal, record files and append log are the service account's only. */
class OwnerOnlyStoresTest {

  @TempDir Path tmp;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void journalsRecordsAndTheirFoldersAreOwnerOnly() throws Exception {
    Path dir = tmp.resolve("data/tasks");
    JournaledStore<DrainMark> store = new JournaledStore<>(dir, DrainMark.class, Thread::new);
    store.put("r1", new DrainMark("r1", "2025-01-01T00:00:00Z", "alice"));
    assertEquals("rw-------", mode(dir.resolve("journal-1.log")));
    store.close();
    assertEquals("rw-------", mode(dir.resolve("r1.json")));
    assertEquals("rwx------", mode(dir));
    assertEquals("rwx------", mode(tmp.resolve("data")));
  }

  @Test
  void theAppendLogAndItsFolderAreOwnerOnly() throws Exception {
    Path file = tmp.resolve("statistics/task_stats.csv");
    try (AppendLog log = new AppendLog(file, "a,b")) {
      log.append("1,2");
    }
    assertEquals("rw-------", mode(file));
    assertEquals("rwx------", mode(file.getParent()));
  }
}
