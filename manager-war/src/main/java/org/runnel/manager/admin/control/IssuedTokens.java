package org.runnel.manager.admin.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.runnel.manager.admin.entity.Credential;
import org.runnel.manager.storage.control.Stores;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.security.Tokens;
import org.runnel.shared.store.JsonFileStore;
import org.runnel.shared.store.RecordStore;

/**
 * Client and runner tokens issued by administrators, next to the configured lists ({@code
 * runnel.manager.client-tokens}, {@code runner-tokens}): kept in {@code <data-dir>/credentials} as
 * hashes with labels, so they can be created and revoked without a restart or a configuration
 * change. The authenticator asks {@link #hashes} on every call; that list is rebuilt on each
 * change, so a revoked token stops working at once.
 */
@ApplicationScoped
public class IssuedTokens {

  private static final Logger LOG = Logger.getLogger(IssuedTokens.class.getName());

  /** A new credential and its token, which exists nowhere else: show it once. */
  public record Issued(Credential credential, String token) {}

  @Inject Stores stores;

  private RecordStore<Credential> store;
  private volatile Map<String, List<String>> active = Map.of();

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
  }

  /**
   * Hashes of the active tokens of a kind ({@link Credential#CLIENT} or {@link Credential#RUNNER}).
   */
  public List<String> hashes(String kind) {
    return active.getOrDefault(kind, List.of());
  }

  public synchronized Issued create(String kind, String label, String admin) {
    if (!Credential.CLIENT.equals(kind) && !Credential.RUNNER.equals(kind)) {
      throw ApiError.of(400, "Kind must be client or runner");
    }
    if (label == null || label.isBlank()) {
      throw ApiError.of(400, "A label is required: say whose token it is");
    }
    String token = Tokens.generate();
    Credential c =
        new Credential(
            UUID.randomUUID().toString(),
            kind,
            label.strip(),
            Tokens.hash(token),
            Instant.now().toString(),
            admin,
            null,
            null);
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
