package org.runnel.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.shared.store.JsonFileStore;

class JsonFileStoreTest {

  public static class Rec {
    public String name;
    public int count;

    public Rec() {}

    Rec(String name, int count) {
      this.name = name;
      this.count = count;
    }
  }

  @TempDir Path dir;

  @Test
  void putIsOnDiskAndReloads() throws Exception {
    JsonFileStore<Rec> store = new JsonFileStore<>(dir, Rec.class);
    store.put("a-1", new Rec("first", 1));
    store.put("a-1", new Rec("second", 2));
    store.put("b.2", new Rec("other", 3));
    assertTrue(Files.readString(dir.resolve("a-1.json")).contains("\"second\""));
    try (var s = Files.list(dir)) {
      assertEquals(
          List.of("a-1.json", "b.2.json"),
          s.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temp files are left behind");
    }
    JsonFileStore<Rec> again = new JsonFileStore<>(dir, Rec.class);
    assertEquals(2, again.size());
    assertEquals(2, again.get("a-1").orElseThrow().count);
  }

  @Test
  void corruptFileIsQuarantinedAndTheRestLoads() throws Exception {
    JsonFileStore<Rec> store = new JsonFileStore<>(dir, Rec.class);
    store.put("good", new Rec("ok", 1));
    Files.writeString(dir.resolve("bad.json"), "{\"name\": \"trunc");
    JsonFileStore<Rec> again = new JsonFileStore<>(dir, Rec.class);
    assertEquals(1, again.size());
    assertEquals(List.of("bad.json"), again.quarantined());
    assertFalse(Files.exists(dir.resolve("bad.json")));
    try (var s = Files.list(dir.resolve("quarantine"))) {
      assertEquals(1, s.count());
    }
  }

  @Test
  void removeDeletesTheFile() {
    JsonFileStore<Rec> store = new JsonFileStore<>(dir, Rec.class);
    store.put("x", new Rec("x", 0));
    assertTrue(store.remove("x"));
    assertFalse(Files.exists(dir.resolve("x.json")));
    assertFalse(store.remove("x"));
  }

  @Test
  void idsThatWouldLeaveTheFolderAreRefused() {
    JsonFileStore<Rec> store = new JsonFileStore<>(dir, Rec.class);
    assertThrows(IllegalArgumentException.class, () -> store.put("../evil", new Rec("e", 0)));
    assertThrows(IllegalArgumentException.class, () -> store.put(".hidden", new Rec("e", 0)));
    assertThrows(IllegalArgumentException.class, () -> store.put("a/b", new Rec("e", 0)));
  }
}
