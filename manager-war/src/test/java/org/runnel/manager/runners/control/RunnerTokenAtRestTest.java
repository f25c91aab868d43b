package org.runnel.manager.runners.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.shared.json.Json;
import org.runnel.shared.security.Tokens;

/** A runner record holds the hash of the runner's token, never the token. */
class RunnerTokenAtRestTest {

  @TempDir Path data;

  private RunnerRegistry open() {
    RunnerRegistry r = RunnerDrainTest.registryIn(data);
    r.migrate();
    return r;
  }

  private static Runner registration(String token) {
    String now = Instant.now().toString();
    return new Runner(
        "r1",
        "http://127.0.0.1:1",
        List.of("encoding"),
        1,
        "1.7.1",
        now,
        now,
        Tokens.hash(token),
        token);
  }

  @Test
  void aRegistrationIsStoredWithTheTokensHashOnly() throws Exception {
    RunnerRegistry r = open();
    r.register(registration("runner-secret-1"), true, Instant.now());
    String stored = Files.readString(data.resolve("runners/r1.json"));
    assertFalse(stored.contains("runner-secret-1"), stored);
    assertTrue(stored.contains(Tokens.hash("runner-secret-1")), stored);
    assertNull(r.find("r1").orElseThrow().token());
    RunnerRegistry.requireOwnToken(r.find("r1").orElseThrow(), "runner-secret-1", "403");
  }

  @Test
  void aRecordOfAnOlderVersionLoadsAndLosesItsToken() throws Exception {
    Files.createDirectories(data.resolve("runners"));
    Files.writeString(data.resolve("runners/r1.json"), Json.write(registration("old-secret")));
    assertTrue(Files.readString(data.resolve("runners/r1.json")).contains("old-secret"));

    RunnerRegistry r = open();
    Runner loaded = r.find("r1").orElseThrow();
    assertEquals(Tokens.hash("old-secret"), loaded.tokenHash());
    assertNull(loaded.token());
    assertFalse(Files.readString(data.resolve("runners/r1.json")).contains("old-secret"));
  }
}
