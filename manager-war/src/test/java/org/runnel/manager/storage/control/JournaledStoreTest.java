package org.runnel.manager.storage.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournaledStoreTest {

  /** A record as the stores keep them. */
  public record Item(String name, int n) {}

  @TempDir Path dir;

  private JournaledStore<Item> open(int checkpointEntries) {
    return new JournaledStore<>(dir, Item.class, Thread::new, checkpointEntries);
  }

  private long journals() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("journal-")).count();
    }
  }

  @Test
  void whatWasDurableSurvivesACrashThroughTheJournal() throws Exception {
    JournaledStore<Item> first = open(1000);
    first.put("a", new Item("a", 1));
    first.put("b", new Item("b", 1));
    first.put("a", new Item("a", 2));
    first.remove("b");
    long unflushed = first.stage("c", new Item("c", 1));
    assertEquals(Optional.of(new Item("c", 1)), first.get("c"), "visible before it is durable");
    assertFalse(Files.exists(dir.resolve("a.json")), "record files wait for a checkpoint");

    JournaledStore<Item> afterCrash = open(1000);
    assertEquals(Optional.of(new Item("a", 2)), afterCrash.get("a"));
    assertEquals(Optional.empty(), afterCrash.get("b"));
    assertEquals(Optional.empty(), afterCrash.get("c"), "never flushed, never acknowledged");
    assertTrue(unflushed > 0);
    assertTrue(Files.exists(dir.resolve("a.json")), "the replay wrote the record files");
    assertEquals(1, journals(), "old journals deleted, a fresh one open");
    afterCrash.close();
  }

  @Test
  void aTornLastLineIsSkipped() throws Exception {
    JournaledStore<Item> first = open(1000);
    first.put("a", new Item("a", 1));
    Path journal;
    try (Stream<Path> files = Files.list(dir)) {
      journal =
          files
              .filter(p -> p.getFileName().toString().startsWith("journal-"))
              .findFirst()
              .orElseThrow();
    }
    Files.writeString(
        journal, "{\"seq\":9,\"id\":\"b\",\"va", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    JournaledStore<Item> again = open(1000);
    assertEquals(Optional.of(new Item("a", 1)), again.get("a"));
    assertEquals(Optional.empty(), again.get("b"));
  }

  @Test
  void checkpointsWriteRecordFilesAndDropTheJournal() throws Exception {
    JournaledStore<Item> store = open(10);
    for (int i = 0; i < 25; i++) {
      store.put("r" + i, new Item("r" + i, i));
    }
    store.close();
    assertEquals(0, journals(), "a clean close leaves no journal");
    for (int i = 0; i < 25; i++) {
      assertTrue(Files.exists(dir.resolve("r" + i + ".json")));
    }
    JournaledStore<Item> again = open(10);
    assertEquals(25, again.size());
    assertEquals(Optional.of(new Item("r24", 24)), again.get("r24"));
  }

  @Test
  void concurrentWritersAllBecomeDurable() throws Exception {
    JournaledStore<Item> store = open(1000);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 50; i++) {
                  store.put("t" + thread + "-" + i, new Item("x", i));
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    JournaledStore<Item> afterCrash = open(1000);
    assertEquals(400, afterCrash.size());
  }

  @Test
  void refusesIdsThatAreNotFileNames() {
    JournaledStore<Item> store = open(10);
    assertThrows(IllegalArgumentException.class, () -> store.put("../x", new Item("x", 1)));
  }
}
