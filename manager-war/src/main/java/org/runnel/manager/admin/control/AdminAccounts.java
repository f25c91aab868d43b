package org.runnel.manager.admin.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The administrator accounts, from configuration: {@code runnel.manager.admin-users} ({@code
 * user:hash,...}) and, for the first administrator, {@code runnel.manager.admin-password-hash}
 * (user {@code admin}). Only hashes are configured ({@link PasswordHash}). The accounts are read
 * again by {@link #reload}, so that an account added to the configuration file or environment of a
 * running manager works without a restart where the config source re-reads it.
 */
@ApplicationScoped
public class AdminAccounts {

  private static final Logger LOG = Logger.getLogger(AdminAccounts.class.getName());
  public static final String FIRST_ADMIN = "admin";

  private volatile Map<String, String> hashes;

  /** Whether {@code user} is an administrator and {@code password} is theirs. */
  public boolean verify(String user, String password) {
    String stored = user == null ? null : accounts().get(user.strip());
    // hash something all the same, so that timing does not tell which user names exist
    boolean ok = PasswordHash.matches(password, stored == null ? DUMMY : stored);
    return stored != null && ok;
  }

  private static final String DUMMY = PasswordHash.hash("not a password");

  /** The administrator user names, sorted. */
  public List<String> users() {
    return accounts().keySet().stream().sorted().toList();
  }

  /** Reads the accounts from configuration again; returns how many there are. */
  public int reload() {
    hashes = read(ConfigProvider.getConfig());
    LOG.info(() -> "Administrator accounts loaded: " + hashes.size());
    return hashes.size();
  }

  private Map<String, String> accounts() {
    Map<String, String> h = hashes;
    if (h == null) {
      reload();
      h = hashes;
    }
    return h;
  }

  static Map<String, String> read(Config config) {
    return parse(
        config.getOptionalValue("runnel.manager.admin-users", String.class),
        config.getOptionalValue("runnel.manager.admin-password-hash", String.class));
  }

  /** Parses {@code user:hash,...} plus the first administrator's hash; skips malformed entries. */
  static Map<String, String> parse(Optional<String> users, Optional<String> firstAdminHash) {
    Map<String, String> out = new LinkedHashMap<>();
    firstAdminHash
        .map(String::strip)
        .filter(h -> !h.isEmpty())
        .ifPresent(h -> out.put(FIRST_ADMIN, h));
    List<String> bad = new ArrayList<>();
    for (String entry : users.orElse("").split(",")) {
      String e = entry.strip();
      int colon = e.indexOf(':');
      if (e.isEmpty()) {
        continue;
      }
      if (colon <= 0 || colon == e.length() - 1) {
        bad.add(e);
        continue;
      }
      out.put(e.substring(0, colon).strip(), e.substring(colon + 1).strip());
    }
    if (!bad.isEmpty()) {
      LOG.warning(
          "runnel.manager.admin-users: " + bad.size() + " entries without user:hash ignored");
    }
    return out;
  }
}
