package org.runnel.manager.admin.control;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Administrator passwords as configuration holds them: {@code pbkdf2-sha256$<iterations>$<salt>$
 * <hash>} (salt and hash in Base64), so that a leaked configuration file does not hand out the
 * passwords and the same password never gives the same text twice. The format has no {@code ,} or
 * {@code :}, so hashes fit in {@code runnel.manager.admin-users} ({@code user:hash,user:hash}).
 *
 * <p>Run {@link #main} to hash a password for the configuration: {@code payara-config/admin-hash}.
 */
public final class PasswordHash {

  static final String SCHEME = "pbkdf2-sha256";
  static final int ITERATIONS = 210_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  /** A fresh salted hash of {@code password}. */
  public static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder();
    return SCHEME
        + "$"
        + ITERATIONS
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(derive(password, salt, ITERATIONS));
  }

  /**
   * Whether {@code password} matches {@code stored}, compared in constant time; false for a stored
   * text that is not a hash of this format.
   */
  public static boolean matches(String password, String stored) {
    if (password == null || stored == null) {
      return false;
    }
    String[] parts = stored.strip().split("\\$");
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      if (iterations < 1 || salt.length == 0 || expected.length == 0) {
        return false;
      }
      return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    } finally {
      spec.clearPassword();
    }
  }

  /**
   * Prints the hash of the password given as argument, or read from standard input (which keeps it
   * out of the shell history).
   */
  public static void main(String[] args) throws java.io.IOException {
    String password;
    if (args.length > 0) {
      password = args[0];
    } else if (System.console() != null) {
      password = new String(System.console().readPassword("Password: "));
    } else {
      password = new String(System.in.readAllBytes()).strip();
    }
    if (password.isEmpty()) {
      System.err.println("Empty password refused");
      System.exit(2);
    }
    System.out.println(hash(password));
  }
}
