package org.runnel.manager.admin.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.runnel.manager.security.control.ReloadableConfig;

/**
 * The administrator accounts, from configuration: {@code runnel.manager.admin-users} ({@code
 * user:hash,...}) and, for the first administrator, {@code runnel.manager.admin-password-hash}
 * (user {@code admin}). Only hashes are configured ({@link PasswordHash}). The values come from
 * {@link ReloadableConfig}, so that an account added to {@code runnel.manager.config-file} of a
 * running manager works after a reload, without a restart.
 */
@ApplicationScoped
public class AdminAccounts {

  private static final Logger LOG = Logger.getLogger(AdminAccounts.class.getName());
  public static final String FIRST_ADMIN = "admin";

  /** The accounts parsed from one reading of the configuration. */
  private record Accounts(ReloadableConfig.Values from, Map<String, String> hashes) {}

  @Inject ReloadableConfig config;

  private volatile Accounts accounts;

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

  /**
   * Reads the tokens and accounts from configuration again ({@link ReloadableConfig#reload}).
   *
   * @return how many of each there are now (client_tokens, runner_tokens, admin_tokens,
   *     admin_accounts) and the config file read (config_file, empty for none)
   */
  public Map<String, Object> reload() {
    ReloadableConfig.Values v = config.reload();
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("client_tokens", v.hashes(ReloadableConfig.CLIENT_TOKENS).size());
    counts.put("runner_tokens", v.hashes(ReloadableConfig.RUNNER_TOKENS).size());
    counts.put("admin_tokens", v.hashes(ReloadableConfig.ADMIN_TOKENS).size());
    counts.put("admin_accounts", accounts().size());
    counts.put("config_file", v.file());
    return counts;
  }

  private Map<String, String> accounts() {
    ReloadableConfig.Values v = config.current();
    Accounts a = accounts;
    if (a == null || a.from() != v) {
      a =
          new Accounts(
              v,
              parse(
                  v.get(ReloadableConfig.ADMIN_USERS),
                  v.get(ReloadableConfig.ADMIN_PASSWORD_HASH)));
      accounts = a;
      int n = a.hashes().size();
      LOG.info(() -> "Administrator accounts loaded: " + n);
    }
    return a.hashes();
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
