package org.runnel.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.runnel.shared.security.Tokens;

class TokensTest {

  @Test
  void xApiTokenWinsOverBearer() {
    assertEquals("a", Tokens.presented("a", "Bearer b"));
    assertEquals("b", Tokens.presented(null, "Bearer b"));
    assertEquals("b", Tokens.presented("", "bearer  b "));
    assertNull(Tokens.presented(null, "Basic xyz"));
    assertNull(Tokens.presented(null, "Bearer "));
    assertNull(Tokens.presented(null, null));
  }

  @Test
  void hashesCompare() {
    String h = Tokens.hash("secret");
    assertEquals(64, h.length());
    assertTrue(Tokens.sameHash(h, Tokens.hash("secret")));
    assertFalse(Tokens.sameHash(h, Tokens.hash("secreT")));
    assertFalse(Tokens.sameHash(h, null));
  }

  @Test
  void generatedTokensDiffer() {
    assertNotEquals(Tokens.generate(), Tokens.generate());
    assertTrue(Tokens.generate().length() >= 43);
  }
}
