package org.runnel.manager.security.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialKeyTest {

  @TempDir Path dir;

  @Test
  void theKeyIsMadeOnceOwnerOnlyAndReadAgain() throws Exception {
    Path file = dir.resolve("keys/credential.key");
    byte[] first = CredentialKey.read(file);
    assertEquals(32, first.length);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    assertArrayEquals(first, CredentialKey.read(file), "a restart derives the same tokens");
  }

  @Test
  void tokensAreDerivedPerCredentialAndPerKey() throws Exception {
    SecretKeySpec k1 = new SecretKeySpec(CredentialKey.read(dir.resolve("k1")), "HmacSHA256");
    SecretKeySpec k2 = new SecretKeySpec(CredentialKey.read(dir.resolve("k2")), "HmacSHA256");
    String a = CredentialKey.tokenFor(k1, "id-a");
    assertEquals(a, CredentialKey.tokenFor(k1, "id-a"));
    assertEquals(43, a.length(), "256 bits, URL-safe base64");
    assertNotEquals(a, CredentialKey.tokenFor(k1, "id-b"));
    assertNotEquals(a, CredentialKey.tokenFor(k2, "id-a"));
  }

  @Test
  void aTruncatedKeyIsRefused() throws Exception {
    Path file = dir.resolve("short.key");
    Files.writeString(file, "AAAA");
    assertThrows(IOException.class, () -> CredentialKey.read(file));
  }
}
