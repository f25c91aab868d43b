package org.runnel.manager.runners.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.manager.runners.entity.DrainMark;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.shared.store.JsonFileStore;

/**
 * An administrator's drain outlives a manager restart and the runner's re-registration (the 404 for
 * an unknown runner is checked through the admin API in ManagerIT).
 */
class RunnerDrainTest {

  @TempDir Path data;

  private RunnerRegistry open() {
    return registryIn(data);
  }

  /** A registry over the runner and drain stores in {@code data}, as the container wires it. */
  static RunnerRegistry registryIn(Path data) {
    RunnerRegistry r = new RunnerRegistry();
    r.store = new JsonFileStore<>(data.resolve("runners"), Runner.class);
    r.drainMarks = new JsonFileStore<>(data.resolve("drained"), DrainMark.class);
    r.heartbeatTimeoutSeconds = 60;
    return r;
  }

  private static Runner runner(String id) {
    String now = Instant.now().toString();
    return new Runner(
        id, "http://127.0.0.1:1/" + id, List.of("encoding"), 1, "1.7.1", now, now, "hash", "token");
  }

  @Test
  void aDrainedRunnerStaysDrainedAcrossARestartAndARegistration() {
    RunnerRegistry before = open();
    before.register(runner("r1"), true, Instant.now());
    before.register(runner("r2"), true, Instant.now());
    before.drain("r1", true, "alice");
    assertEquals(List.of("r2"), ids(before));

    RunnerRegistry after = open();
    assertTrue(after.drained("r1"), "the drain is on disk");
    after.register(runner("r1"), true, Instant.now());
    after.register(runner("r2"), true, Instant.now());
    assertEquals(List.of("r2"), ids(after), "re-registering does not enable it");

    after.drain("r1", false, "bob");
    assertFalse(open().drained("r1"));
    assertEquals(List.of("r1", "r2"), ids(after));
  }

  private static List<String> ids(RunnerRegistry r) {
    return r.available(Instant.now()).stream().map(Runner::id).toList();
  }
}
