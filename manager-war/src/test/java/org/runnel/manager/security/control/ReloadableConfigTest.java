package org.runnel.manager.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.shared.security.Tokens;

class ReloadableConfigTest {

  @TempDir Path dir;

  private static ReloadableConfig.Values read(Map<String, String> config) throws IOException {
    return ReloadableConfig.read(key -> Optional.ofNullable(config.get(key)));
  }

  @Test
  void theConfigFileWinsForItsKeysAndIsReadAgainOnEachReload() throws IOException {
    Path file = dir.resolve("manager.properties");
    Files.writeString(file, "runnel.manager.client-tokens=from-file-1, from-file-2\n");
    Map<String, String> config = new HashMap<>();
    config.put(ReloadableConfig.CONFIG_FILE, file.toString());
    config.put(ReloadableConfig.CLIENT_TOKENS, "from-env");
    config.put(ReloadableConfig.RUNNER_TOKENS, "runner-env");
    config.put(ReloadableConfig.ADMIN_USERS, "ops:hash");

    ReloadableConfig.Values first = read(config);
    assertEquals(
        List.of(Tokens.hash("from-file-1"), Tokens.hash("from-file-2")),
        first.hashes(ReloadableConfig.CLIENT_TOKENS));
    assertEquals(List.of(Tokens.hash("runner-env")), first.hashes(ReloadableConfig.RUNNER_TOKENS));
    assertEquals(Optional.of("ops:hash"), first.get(ReloadableConfig.ADMIN_USERS));
    assertTrue(first.hashes(ReloadableConfig.ADMIN_TOKENS).isEmpty());
    assertEquals(file.toString(), first.file());

    Files.writeString(
        file,
        "runnel.manager.runner-tokens=runner-new\n"
            + "runnel.manager.admin-tokens=admin-new\n"
            + "runnel.manager.admin-users=\n");
    ReloadableConfig.Values second = read(config);
    assertEquals(List.of(Tokens.hash("from-env")), second.hashes(ReloadableConfig.CLIENT_TOKENS));
    assertEquals(List.of(Tokens.hash("runner-new")), second.hashes(ReloadableConfig.RUNNER_TOKENS));
    assertEquals(List.of(Tokens.hash("admin-new")), second.hashes(ReloadableConfig.ADMIN_TOKENS));
    assertEquals(Optional.empty(), second.get(ReloadableConfig.ADMIN_USERS), "blank in file wins");
  }

  @Test
  void withoutAFileTheOtherSourcesAnswerAndAMissingFileIsAnError() throws IOException {
    ReloadableConfig.Values v = read(Map.of(ReloadableConfig.CLIENT_TOKENS, " a ,, b "));
    assertEquals(
        List.of(Tokens.hash("a"), Tokens.hash("b")), v.hashes(ReloadableConfig.CLIENT_TOKENS));
    assertEquals("", v.file());
    assertThrows(
        IOException.class,
        () -> read(Map.of(ReloadableConfig.CONFIG_FILE, dir.resolve("absent").toString())));
  }

  @Test
  void clientTokensNameTheirTenantAndTheTokensAreFoundByHash() throws IOException {
    ReloadableConfig.Values v =
        read(
            Map.of(
                ReloadableConfig.CLIENT_TOKENS, "lille:tok-lille, plain, lyon:tok:lyon",
                ReloadableConfig.RUNNER_TOKENS, "run:ner"));
    assertEquals(
        List.of(Tokens.hash("tok-lille"), Tokens.hash("plain"), Tokens.hash("tok:lyon")),
        v.hashes(ReloadableConfig.CLIENT_TOKENS));
    assertEquals(Optional.of("lille"), v.tenant(Tokens.hash("tok-lille")));
    assertEquals(Optional.of("default"), v.tenant(Tokens.hash("plain")));
    assertEquals(Optional.of("lyon"), v.tenant(Tokens.hash("tok:lyon")));
    assertEquals(
        Optional.of("tok-lille"),
        v.token(ReloadableConfig.CLIENT_TOKENS, Tokens.hash("tok-lille")));
    assertEquals(
        Optional.of("run:ner"),
        v.token(ReloadableConfig.RUNNER_TOKENS, Tokens.hash("run:ner")),
        "runner tokens have no tenant");
    assertEquals(Optional.empty(), v.token(ReloadableConfig.RUNNER_TOKENS, Tokens.hash("plain")));
    assertEquals(Optional.empty(), v.tenant(Tokens.hash("run:ner")));
  }
}
