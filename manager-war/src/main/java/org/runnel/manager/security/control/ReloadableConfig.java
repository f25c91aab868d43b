package org.runnel.manager.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.runnel.manager.security.entity.Tenant;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.security.Tokens;

/**
 * The settings an operator changes on a running manager: client, runner and admin tokens and the
 * administrator accounts. They are read at start and again on {@link #reload} (admin pages, {@code
 * POST /admin-api/config/reload}) from MicroProfile Config, with {@code runnel.manager.config-file}
 * on top: system properties and environment variables cannot change once the JVM runs, a properties
 * file can. A key present in that file wins over every other source; a key it lacks keeps its value
 * from the other sources. Client tokens are written {@code tenant:token} (a bare token belongs to
 * {@link Tenant#DEFAULT}, see {@link Tenant.Entry#parse}).
 */
@ApplicationScoped
public class ReloadableConfig {

  private static final Logger LOG = Logger.getLogger(ReloadableConfig.class.getName());

  public static final String CONFIG_FILE = "runnel.manager.config-file";
  public static final String CLIENT_TOKENS = "runnel.manager.client-tokens";
  public static final String RUNNER_TOKENS = "runnel.manager.runner-tokens";
  public static final String ADMIN_TOKENS = "runnel.manager.admin-tokens";
  public static final String ADMIN_USERS = "runnel.manager.admin-users";
  public static final String ADMIN_PASSWORD_HASH = "runnel.manager.admin-password-hash";
  static final List<String> KEYS =
      List.of(CLIENT_TOKENS, RUNNER_TOKENS, ADMIN_TOKENS, ADMIN_USERS, ADMIN_PASSWORD_HASH);
  private static final List<String> TOKEN_KEYS =
      List.of(CLIENT_TOKENS, RUNNER_TOKENS, ADMIN_TOKENS);

  /**
   * One reading of the keys ({@code file}: the config file read, or empty), with the SHA-256 hashes
   * of each token list; a new instance on each reload, so users can tell a reload happened.
   *
   * @param tokens per token list key, each configured token by its hash (for client tokens without
   *     the {@code tenant:} prefix): the manager presents a client's token in its callback and a
   *     runner's in its calls, and finds it here from the hash the records keep
   * @param tenants the tenant of each configured client token, by hash
   */
  public record Values(
      Map<String, String> values,
      Map<String, List<String>> hashes,
      Map<String, Map<String, String>> tokens,
      Map<String, String> tenants,
      String file) {

    static Values of(Map<String, String> values, String file) {
      Map<String, List<String>> hashes = new LinkedHashMap<>();
      Map<String, Map<String, String>> tokens = new LinkedHashMap<>();
      Map<String, String> tenants = new LinkedHashMap<>();
      for (String key : TOKEN_KEYS) {
        Map<String, String> byHash = new LinkedHashMap<>();
        for (String entry : list(values.get(key))) {
          Tenant.Entry e =
              CLIENT_TOKENS.equals(key) ? Tenant.Entry.parse(entry) : new Tenant.Entry(null, entry);
          String hash = Tokens.hash(e.token());
          byHash.putIfAbsent(hash, e.token());
          if (e.tenant() != null) {
            tenants.putIfAbsent(hash, e.tenant());
          }
        }
        hashes.put(key, List.copyOf(byHash.keySet()));
        tokens.put(key, Map.copyOf(byHash));
      }
      return new Values(
          Map.copyOf(values), Map.copyOf(hashes), Map.copyOf(tokens), Map.copyOf(tenants), file);
    }

    /** The value of a key, empty when unset or blank. */
    public Optional<String> get(String key) {
      return Optional.ofNullable(values.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** Hashes of the tokens of a token list key ({@link #CLIENT_TOKENS}, ...). */
    public List<String> hashes(String key) {
      return hashes.getOrDefault(key, List.of());
    }

    /** The configured token of a token list key whose hash is {@code hash}. */
    public Optional<String> token(String key, String hash) {
      return Optional.ofNullable(tokens.getOrDefault(key, Map.of()).get(hash));
    }

    /** The tenant of a configured client token, by its hash. */
    public Optional<String> tenant(String hash) {
      return Optional.ofNullable(tenants.get(hash));
    }

    private static List<String> list(String value) {
      return Arrays.stream(value == null ? new String[0] : value.split(","))
          .map(String::strip)
          .filter(t -> !t.isEmpty())
          .toList();
    }
  }

  private volatile Values current;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    current();
  }

  /** The values of the last (re)load. */
  public Values current() {
    Values v = current;
    if (v == null) {
      synchronized (this) {
        if (current == null) {
          try {
            load();
          } catch (IOException e) {
            LOG.severe(CONFIG_FILE + " unreadable, ignored until a reload: " + e.getMessage());
            current = Values.of(fromConfig(ReloadableConfig::mpConfig), "");
          }
        }
        v = current;
      }
    }
    return v;
  }

  /**
   * Reads the keys again; when the config file cannot be read the values stay as they were.
   *
   * @throws jakarta.ws.rs.WebApplicationException 500 naming the unreadable file
   */
  public synchronized Values reload() {
    try {
      return load();
    } catch (IOException e) {
      throw ApiError.of(500, "Configuration not reloaded: " + CONFIG_FILE + ": " + e.getMessage());
    }
  }

  private Values load() throws IOException {
    Values v = read(ReloadableConfig::mpConfig);
    current = v;
    LOG.info(
        () ->
            "Tokens loaded"
                + (v.file().isEmpty() ? "" : " (with " + v.file() + ")")
                + ": client "
                + v.hashes(CLIENT_TOKENS).size()
                + ", runner "
                + v.hashes(RUNNER_TOKENS).size()
                + ", admin "
                + v.hashes(ADMIN_TOKENS).size());
    if (v.hashes(CLIENT_TOKENS).isEmpty()) {
      LOG.warning(CLIENT_TOKENS + " is empty: only tokens issued on the admin pages work");
    }
    if (v.hashes(RUNNER_TOKENS).isEmpty()) {
      LOG.warning(RUNNER_TOKENS + " is empty: only runner tokens issued on the admin pages work");
    }
    return v;
  }

  /** The keys from {@code config}, overridden by the config file it names. */
  static Values read(Function<String, Optional<String>> config) throws IOException {
    Map<String, String> values = fromConfig(config);
    String file = config.apply(CONFIG_FILE).map(String::strip).orElse("");
    if (!file.isEmpty()) {
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        p.load(in);
      }
      for (String key : KEYS) {
        if (p.getProperty(key) != null) {
          values.put(key, p.getProperty(key));
        }
      }
    }
    return Values.of(values, file);
  }

  private static Optional<String> mpConfig(String key) {
    return ConfigProvider.getConfig().getOptionalValue(key, String.class);
  }

  private static Map<String, String> fromConfig(Function<String, Optional<String>> config) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : KEYS) {
      config.apply(key).ifPresent(v -> values.put(key, v));
    }
    return values;
  }
}
