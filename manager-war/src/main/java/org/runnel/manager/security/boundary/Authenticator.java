package org.runnel.manager.security.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.stream.Stream;
import org.runnel.manager.admin.control.IssuedTokens;
import org.runnel.manager.admin.entity.Credential;
import org.runnel.manager.security.control.Credentials;
import org.runnel.manager.security.control.ReloadableConfig;
import org.runnel.manager.security.entity.Caller;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.security.Tokens;

/**
 * Decides who is calling: a client application (Pod), a runner or an administrator (REST under
 * {@code /admin-api}), each with its own configured token list. Resources call it first thing, so a
 * request without a valid token never reaches validation or storage. The configured lists come from
 * {@link ReloadableConfig} (read again without a restart). The presented token is compared by its
 * SHA-256 hash with every accepted hash in constant time, so timing tells nothing about which token
 * came close; nothing is ever written with a token in it (records keep hashes, see {@link
 * Credentials}).
 *
 * <p>A resource call is explicit ({@code auth.client(headers)}) rather than a filter with name
 * binding because the resources need who called: a client call yields its {@link Caller} (the
 * tenant whose tasks it sees, and the reference of its credential, which a task keeps to sign its
 * callback), a runner call the presented token (matched to the one the runner registered with).
 */
@ApplicationScoped
public class Authenticator {

  static final String API_TOKEN_HEADER = "X-API-Token";

  @Inject IssuedTokens issued;
  @Inject ReloadableConfig config;
  @Inject Credentials credentials;

  /**
   * Checks a client application's token.
   *
   * @return the client: its tenant and credential reference
   * @throws jakarta.ws.rs.WebApplicationException 401 as the protocol words it
   */
  public Caller client(HttpHeaders headers) {
    String token = check(headers, withIssued(ReloadableConfig.CLIENT_TOKENS, Credential.CLIENT));
    return clientOf(token);
  }

  private Caller clientOf(String token) {
    String hash = Tokens.hash(token);
    credentials.presented(hash, token);
    return new Caller(credentials.tenantOf(hash), hash, false);
  }

  /**
   * Checks a runner's token.
   *
   * @return the presented token
   */
  public String runner(HttpHeaders headers) {
    String token = check(headers, withIssued(ReloadableConfig.RUNNER_TOKENS, Credential.RUNNER));
    credentials.presented(Tokens.hash(token), token);
    return token;
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

  /** Accepts a client application's token or an administrator's (who sees every tenant). */
  public Caller clientOrAdmin(HttpHeaders headers) {
    String token =
        check(
            headers,
            Stream.concat(
                    withIssued(ReloadableConfig.CLIENT_TOKENS, Credential.CLIENT).stream(),
                    adminHashes().stream())
                .toList());
    String hash = Tokens.hash(token);
    for (String h : adminHashes()) {
      if (Tokens.sameHash(h, hash)) {
        return Caller.ADMIN;
      }
    }
    return clientOf(token);
  }

  /**
   * Accepts a client application's token or a runner's: health answers both, since an esup-runner
   * runner checks {@code /api/health} with its runner token before it registers again with a
   * restarted manager.
   */
  public void clientOrRunner(HttpHeaders headers) {
    String token =
        check(
            headers,
            Stream.concat(
                    withIssued(ReloadableConfig.CLIENT_TOKENS, Credential.CLIENT).stream(),
                    withIssued(ReloadableConfig.RUNNER_TOKENS, Credential.RUNNER).stream())
                .toList());
    credentials.presented(Tokens.hash(token), token);
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
