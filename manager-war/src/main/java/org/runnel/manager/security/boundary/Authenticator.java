package org.runnel.manager.security.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.admin.control.IssuedTokens;
import org.runnel.manager.admin.entity.Credential;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.security.Tokens;

/**
 * Decides who is calling: a client application (Pod), a runner or an administrator (REST under
 * {@code /admin-api}), each with its own configured token list. Resources call it first thing, so a
 * request without a valid token never reaches validation or storage. Only SHA-256 hashes of the
 * configured tokens stay in memory, and the comparison runs over every hash in constant time, so
 * timing tells nothing about which token came close.
 *
 * <p>A resource call is explicit ({@code auth.client(headers)}) rather than a filter with name
 * binding because the resources need the presented token itself: the callback is signed with the
 * client's token, and a runner's calls are matched to the token it registered with.
 */
@ApplicationScoped
public class Authenticator {

  private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());
  static final String API_TOKEN_HEADER = "X-API-Token";

  @Inject
  @ConfigProperty(name = "runnel.manager.client-tokens")
  Optional<String[]> clientTokens;

  @Inject
  @ConfigProperty(name = "runnel.manager.runner-tokens")
  Optional<String[]> runnerTokens;

  @Inject
  @ConfigProperty(name = "runnel.manager.admin-tokens")
  Optional<String[]> adminTokens;

  @Inject IssuedTokens issued;

  private List<String> clientHashes;
  private List<String> runnerHashes;
  private List<String> adminHashes;

  @PostConstruct
  void init() {
    clientHashes = hashes(clientTokens);
    runnerHashes = hashes(runnerTokens);
    adminHashes = hashes(adminTokens);
    if (clientHashes.isEmpty()) {
      LOG.warning("runnel.manager.client-tokens is empty: every client call will be refused");
    }
    if (runnerHashes.isEmpty()) {
      LOG.warning("runnel.manager.runner-tokens is empty: no runner can register");
    }
  }

  private static List<String> hashes(Optional<String[]> tokens) {
    return Arrays.stream(tokens.orElse(new String[0]))
        .map(String::trim)
        .filter(t -> !t.isEmpty())
        .map(Tokens::hash)
        .toList();
  }

  /**
   * Checks a client application's token.
   *
   * @return the presented token (needed to sign the task's callback)
   * @throws jakarta.ws.rs.WebApplicationException 401 as the protocol words it
   */
  public String client(HttpHeaders headers) {
    return check(headers, withIssued(clientHashes, Credential.CLIENT));
  }

  /**
   * Checks a runner's token.
   *
   * @return the presented token
   */
  public String runner(HttpHeaders headers) {
    return check(headers, withIssued(runnerHashes, Credential.RUNNER));
  }

  /** The configured hashes plus those of the tokens issued from the admin pages. */
  private List<String> withIssued(List<String> configured, String kind) {
    return Stream.concat(configured.stream(), issued.hashes(kind).stream()).toList();
  }

  /** Checks an administrator's token ({@code runnel.manager.admin-tokens}). */
  public String admin(HttpHeaders headers) {
    return check(headers, adminHashes);
  }

  /** Accepts a client application's token or an administrator's. */
  public String clientOrAdmin(HttpHeaders headers) {
    return check(
        headers,
        Stream.concat(withIssued(clientHashes, Credential.CLIENT).stream(), adminHashes.stream())
            .toList());
  }

  private static String check(HttpHeaders headers, List<String> accepted) {
    String token =
        Tokens.presented(
            headers.getHeaderString(API_TOKEN_HEADER),
            headers.getHeaderString(HttpHeaders.AUTHORIZATION));
    if (token == null) {
      throw ApiError.unauthorized(ApiError.MISSING_TOKEN);
    }
    String hash = Tokens.hash(token);
    boolean known = false;
    for (String h : accepted) {
      known |= Tokens.sameHash(h, hash);
    }
    if (!known) {
      throw ApiError.unauthorized(ApiError.INVALID_TOKEN);
    }
    return token;
  }
}
