package org.runnel.manager.admin.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

  @Test
  void matchesOnlyTheRightPasswordAndNeverRepeatsAHash() {
    String h = PasswordHash.hash("s3cret, with: punctuation");
    assertTrue(PasswordHash.matches("s3cret, with: punctuation", h));
    assertFalse(PasswordHash.matches("s3cret", h));
    assertFalse(PasswordHash.matches(null, h));
    assertNotEquals(h, PasswordHash.hash("s3cret, with: punctuation"), "salted");
    assertFalse(h.contains(",") || h.contains(":"), "fits in admin-users");
    assertTrue(h.startsWith("pbkdf2-sha256$210000$"), h);
  }

  @Test
  void refusesWhatIsNotAHash() {
    assertFalse(PasswordHash.matches("x", "x"));
    assertFalse(PasswordHash.matches("x", "pbkdf2-sha256$abc$AAAA$AAAA"));
    assertFalse(PasswordHash.matches("x", "pbkdf2-sha256$1$!!$AAAA"));
    assertFalse(PasswordHash.matches("x", "md5$1$AAAA$AAAA"));
    assertFalse(PasswordHash.matches("x", null));
  }

  @Test
  void readsAccountsFromConfigurationText() {
    String h = PasswordHash.hash("pw");
    Map<String, String> accounts =
        AdminAccounts.parse(Optional.of(" alice:" + h + ", bob ,:x,carol:" + h), Optional.of(h));
    assertEquals(
        java.util.List.of("admin", "alice", "carol"), java.util.List.copyOf(accounts.keySet()));
    assertEquals(h, accounts.get("alice"));
    assertTrue(AdminAccounts.parse(Optional.empty(), Optional.of("  ")).isEmpty());
  }
}
