package org.runnel.manager.security.entity;

import java.util.regex.Pattern;

/**
 * The institution or application a client credential belongs to (an establishment's Pod, say).
 * Tasks belong to the tenant of the credential that submitted them: a client sees and acts on its
 * own tenant's tasks only, and another tenant's task is answered exactly like a missing one.
 *
 * <p>In {@code runnel.manager.client-tokens} an entry is {@code tenant:token}; an entry without a
 * valid tenant name before its first {@code :} is a token of the tenant {@value #DEFAULT}, so a
 * configuration written before tenants existed keeps working, all its clients in one tenant.
 */
public final class Tenant {

  /** The tenant of tokens configured without one and of tasks stored before tenants existed. */
  public static final String DEFAULT = "default";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private Tenant() {}

  /** Whether {@code name} is a tenant name: letters, digits, {@code . _ -}, at most 64. */
  public static boolean valid(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** {@code name} stripped, or {@value #DEFAULT} when blank. */
  public static String orDefault(String name) {
    return name == null || name.isBlank() ? DEFAULT : name.strip();
  }

  /**
   * One configured client entry.
   *
   * @param tenant the tenant it belongs to
   * @param token the token itself
   */
  public record Entry(String tenant, String token) {

    /** Reads {@code tenant:token}, or a bare token of the {@value #DEFAULT} tenant. */
    public static Entry parse(String entry) {
      int colon = entry.indexOf(':');
      if (colon > 0 && colon < entry.length() - 1 && valid(entry.substring(0, colon))) {
        return new Entry(entry.substring(0, colon), entry.substring(colon + 1).strip());
      }
      return new Entry(DEFAULT, entry);
    }
  }
}
