package org.runnel.shared.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer tokens: how a caller presents one, how Runnel keeps it (SHA-256, never the clear text in
 * memory longer than the check) and how two are compared (constant time).
 */
public final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /**
   * The token a request presents: {@code X-API-Token} wins over {@code Authorization: Bearer}.
   *
   * @return the token, or null when the request carries none
   */
  public static String presented(String xApiToken, String authorization) {
    if (xApiToken != null && !xApiToken.isBlank()) {
      return xApiToken.trim();
    }
    if (authorization != null) {
      String a = authorization.trim();
      if (a.regionMatches(true, 0, "Bearer ", 0, 7)) {
        String t = a.substring(7).trim();
        return t.isEmpty() ? null : t;
      }
    }
    return null;
  }

  /** SHA-256 of the token, hex encoded. */
  public static String hash(String token) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** Constant-time comparison of two hex hashes. */
  public static boolean sameHash(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  /** A new random token, URL-safe, 256 bits. */
  public static String generate() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
