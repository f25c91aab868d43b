package org.runnel.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.shared.store.JsonFileStore;
import org.runnel.shared.store.OwnerOnly;

/** Records and their folders are readable by the service account only. */
class OwnerOnlyTest {

  @TempDir Path tmp;

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void aStoreCreatesItsFoldersAndRecordsOwnerOnly() throws Exception {
    Path dir = tmp.resolve("data").resolve("tasks");
    JsonFileStore<JsonFileStoreTest.Rec> store =
        new JsonFileStore<>(dir, JsonFileStoreTest.Rec.class);
    store.put("a-1", new JsonFileStoreTest.Rec("first", 1));
    store.put("a-1", new JsonFileStoreTest.Rec("second", 2));
    assertEquals("rwx------", mode(tmp.resolve("data")), "missing parents too");
    assertEquals("rwx------", mode(dir));
    assertEquals("rw-------", mode(dir.resolve("a-1.json")));
  }

  @Test
  void anOlderWorldReadableStoreIsClosedAndItsRecordsRewrittenOwnerOnly() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("old"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("b.json"), "{\"name\":\"old\",\"count\":1}");
    Files.setPosixFilePermissions(
        dir.resolve("b.json"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(dir.resolve(".b.tmp"), "torn");
    Files.setPosixFilePermissions(
        dir.resolve(".b.tmp"), PosixFilePermissions.fromString("rw-rw-rw-"));
    JsonFileStore<JsonFileStoreTest.Rec> store =
        new JsonFileStore<>(dir, JsonFileStoreTest.Rec.class);
    assertEquals("rwx------", mode(dir));
    store.put("b", new JsonFileStoreTest.Rec("new", 2));
    assertEquals("rw-------", mode(dir.resolve("b.json")), "a leftover temp file is not reused");
  }

  @Test
  void openCreatesA0600FileAndFoldersLeavesExistingModes() throws Exception {
    Path existing = Files.createDirectories(tmp.resolve("shared"));
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-x---"));
    OwnerOnly.folders(existing.resolve("x/y"));
    assertEquals("rwxr-x---", mode(existing));
    assertEquals("rwx------", mode(existing.resolve("x")));
    assertEquals("rwx------", mode(existing.resolve("x/y")));
    try (var ch =
        OwnerOnly.open(
            existing.resolve("x/log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
    }
    assertEquals("rw-------", mode(existing.resolve("x/log")));
  }
}
