package org.runnel.manager.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.runnel.manager.admin.control.IssuedTokens;
import org.runnel.manager.admin.entity.Credential;
import org.runnel.manager.security.entity.Tenant;
import org.runnel.shared.security.Tokens;

/**
 * Finds a credential from the reference that task and runner records keep instead of a token: the
 * SHA-256 hash of its token (what both the configured lists and the issued credentials are known
 * by). The manager needs the token itself twice: the client's callback carries the token the client
 * submitted with, and calls to a runner carry the token it registered with. It is found, in this
 * order, in the configured lists ({@link ReloadableConfig}: clear there by nature), by deriving an
 * issued credential's token ({@link IssuedTokens#token}), or, for a token issued by an older
 * version (random, not derivable), from the last time its owner presented it since the manager
 * started. A credential revoked or no longer configured resolves to nothing, whatever was seen.
 */
@ApplicationScoped
public class Credentials {

  @Inject ReloadableConfig config;
  @Inject IssuedTokens issued;

  /** Tokens presented since start, by hash: only consulted for active, non-derivable ones. */
  private final Map<String, String> presented = new ConcurrentHashMap<>();

  /** The token of a client credential, if it is still configured or active. */
  public Optional<String> clientToken(String hash) {
    return token(ReloadableConfig.CLIENT_TOKENS, Credential.CLIENT, hash);
  }

  /** The token of a runner credential, if it is still configured or active. */
  public Optional<String> runnerToken(String hash) {
    return token(ReloadableConfig.RUNNER_TOKENS, Credential.RUNNER, hash);
  }

  private Optional<String> token(String key, String kind, String hash) {
    if (hash == null) {
      return Optional.empty();
    }
    Optional<String> configured = config.current().token(key, hash);
    if (configured.isPresent()) {
      return configured;
    }
    return issued
        .active(kind, hash)
        .flatMap(c -> issued.token(c).or(() -> Optional.ofNullable(presented.get(hash))));
  }

  /**
   * The tenant of a client credential: as configured ({@code tenant:token}), as issued, else {@link
   * Tenant#DEFAULT} (a credential that no longer exists keeps its tasks in the default tenant,
   * where only administrators and default clients see them).
   */
  public String tenantOf(String hash) {
    return config
        .current()
        .tenant(hash)
        .or(() -> issued.active(Credential.CLIENT, hash).map(Credential::tenantName))
        .orElse(Tenant.DEFAULT);
  }

  /**
   * A token just authenticated (or read from a record of an older version): remembered in memory so
   * that a non-derivable issued token can still be presented.
   */
  public void presented(String hash, String token) {
    issued
        .active(Credential.CLIENT, hash)
        .or(() -> issued.active(Credential.RUNNER, hash))
        .filter(c -> issued.token(c).isEmpty())
        .ifPresent(c -> presented.put(hash, token));
  }

  /** {@link #presented(String, String)} for a token read from an older record. */
  public void presented(String token) {
    presented(Tokens.hash(token), token);
  }
}
