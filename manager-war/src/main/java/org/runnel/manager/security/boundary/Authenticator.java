package org.runnel.manager.security.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.stream.Stream;
import org.runnel.manager.admin.control.IssuedTokens;
import org.runnel.manager.admin.entity.Credential;
import org.runnel.manager.security.control.ReloadableConfig;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.security.Tokens;

/**
 * Decides who is calling: a client application (Pod), a runner or an administrator (REST under
 * {@code /admin-api}), each with its own configured token list. Resources call it first thing, so a
 * request without a valid token never reaches validation or storage. The configured lists come from
 * {@link ReloadableConfig} (read again without a restart). Only SHA-256 hashes of the configured
 * tokens stay in memory, and the comparison runs over every hash in constant time, so timing tells
 * nothing about which token came close.
 *
 * <p>A resource call is explicit ({@code auth.client(headers)}) rather than a filter with name
 * binding because the resources need the presented token itself: the callback is signed with the
 * client's token, and a runner's calls are matched to the token it registered with.
 */
@ApplicationScoped
public class Authenticator {

  static final String API_TOKEN_HEADER = "X-API-Token";

  @Inject IssuedTokens issued;
  @Inject ReloadableConfig config;

  /**
   * Checks a client application's token.
   *
   * @return the presented token (needed to sign the task's callback)
   * @throws jakarta.ws.rs.WebApplicationException 401 as the protocol words it
   */
  public String client(HttpHeaders headers) {
    return check(headers, withIssued(ReloadableConfig.CLIENT_TOKENS, Credential.CLIENT));
  }

  /**
   * Checks a runner's token.
   *
   * @return the presented token
   */
  public String runner(HttpHeaders headers) {
    return check(headers, withIssued(ReloadableConfig.RUNNER_TOKENS, Credential.RUNNER));
  }

  /** The configured hashes plus those of the tokens issued from the admin pages. */
  private List<String> withIssued(String key, String kind) {
    return Stream.concat(config.current().hashes(key).stream(), issued.hashes(kind).stream())
        .toList();
  }

  /** Checks an administrator's token ({@code runnel.manager.admin-tokens}). */
  public String admin(HttpHeaders headers) {
    return check(headers, adminHashes());
  }

  /** Accepts a client application's token or an administrator's. */
  public String clientOrAdmin(HttpHeaders headers) {
    return check(
        headers,
        Stream.concat(
                withIssued(ReloadableConfig.CLIENT_TOKENS, Credential.CLIENT).stream(),
                adminHashes().stream())
            .toList());
  }

  private List<String> adminHashes() {
    return config.current().hashes(ReloadableConfig.ADMIN_TOKENS);
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
