package org.runnel.manager.admin.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.runnel.manager.admin.entity.Credential;
import org.runnel.manager.security.control.CredentialKey;
import org.runnel.manager.security.entity.Tenant;
import org.runnel.manager.storage.control.Stores;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.security.Tokens;
import org.runnel.shared.store.JsonFileStore;
import org.runnel.shared.store.RecordStore;

/**
 * Client and runner tokens issued by administrators, next to the configured lists ({@code
 * runnel.manager.client-tokens}, {@code runner-tokens}): kept in {@code <data-dir>/credentials} as
 * hashes with labels (and a client token's tenant), so they can be created and revoked without a
 * restart or a configuration change. The authenticator asks {@link #hashes} on every call; that
 * list is rebuilt on each change, so a revoked token stops working at once.
 *
 * <p>A token is derived from the credential's id with the manager's {@link CredentialKey}, so the
 * manager can present it again ({@link #token}) without storing it anywhere. Tokens issued before
 * that (random ones) cannot be derived: they are presented only once their owner has shown them
 * since the manager started (see {@link org.runnel.manager.security.control.Credentials}).
 */
@ApplicationScoped
public class IssuedTokens {

  private static final Logger LOG = Logger.getLogger(IssuedTokens.class.getName());

  /** A new credential and its token, which exists nowhere else: show it once. */
  public record Issued(Credential credential, String token) {}

  @Inject Stores stores;
  @Inject CredentialKey key;

  private RecordStore<Credential> store;
  private volatile Map<String, List<String>> active = Map.of();
  private volatile Map<String, Credential> activeByHash = Map.of();

  @PostConstruct
  void open() {
    store = new JsonFileStore<>(stores.dataFolder().resolve("credentials"), Credential.class);
    index();
  }

  private void index() {
    active =
        store.values().stream()
            .filter(Credential::active)
            .collect(
                Collectors.groupingBy(
                    Credential::kind,
                    Collectors.mapping(Credential::tokenHash, Collectors.toList())));
    activeByHash =
        store.values().stream()
            .filter(Credential::active)
            .collect(Collectors.toMap(Credential::tokenHash, c -> c, (a, b) -> a));
  }

  /** The active credential of a kind whose token has this hash. */
  public Optional<Credential> active(String kind, String tokenHash) {
    return Optional.ofNullable(tokenHash == null ? null : activeByHash.get(tokenHash))
        .filter(c -> c.kind().equals(kind));
  }

  /**
   * The token of an active credential, derived again from its id; empty when it was revoked or
   * issued before tokens were derived.
   */
  public Optional<String> token(Credential c) {
    if (!c.active()) {
      return Optional.empty();
    }
    String derived = key.tokenFor(c.id());
    return Tokens.sameHash(Tokens.hash(derived), c.tokenHash())
        ? Optional.of(derived)
        : Optional.empty();
  }

  /**
   * Hashes of the active tokens of a kind ({@link Credential#CLIENT} or {@link Credential#RUNNER}).
   */
  public List<String> hashes(String kind) {
    return active.getOrDefault(kind, List.of());
  }

  /**
   * Issues a token.
   *
   * @param tenant the tenant of a client token (blank: {@link Tenant#DEFAULT}); ignored for a
   *     runner token
   */
  public synchronized Issued create(String kind, String label, String tenant, String admin) {
    if (!Credential.CLIENT.equals(kind) && !Credential.RUNNER.equals(kind)) {
      throw ApiError.of(400, "Kind must be client or runner");
    }
    if (label == null || label.isBlank()) {
      throw ApiError.of(400, "A label is required: say whose token it is");
    }
    String owner = Credential.CLIENT.equals(kind) ? Tenant.orDefault(tenant) : null;
    if (owner != null && !Tenant.valid(owner)) {
      throw ApiError.of(
          400, "Tenant must be letters, digits, dots, dashes or underscores (at most 64)");
    }
    String id = UUID.randomUUID().toString();
    String token = key.tokenFor(id);
    Credential c =
        new Credential(
            id,
            kind,
            label.strip(),
            Tokens.hash(token),
            Instant.now().toString(),
            admin,
            null,
            null,
            owner);
    store.put(c.id(), c);
    index();
    LOG.info(() -> "Administrator " + admin + " issued " + c);
    return new Issued(c, token);
  }

  public synchronized void revoke(String id, String admin) {
    Credential c = store.get(id).orElseThrow(() -> ApiError.of(404, "Credential not found"));
    if (!c.active()) {
      throw ApiError.of(409, "Already revoked");
    }
    store.put(id, c.revoked(Instant.now(), admin));
    index();
    LOG.info(() -> "Administrator " + admin + " revoked " + c);
  }

  /** Every credential, newest first. */
  public List<Credential> all() {
    return store.values().stream()
        .sorted(Comparator.comparing(Credential::createdAt).reversed())
        .toList();
  }
}
