package org.runnel.manager.admin.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The admin pages' form login (Jakarta Security), written out instead of Soteria's {@code
 * LoginToContinue}, whose redirects are absolute URLs built from the request's {@code Host}:
 *
 * <ul>
 *   <li>a protected page requested without a session is remembered (path and query, GET only) and
 *       the browser is sent to the login page through {@link AdminLinks};
 *   <li>{@link LoginBean} calls {@code SecurityContext.authenticate} with the form's credential:
 *       while the account or the client address is throttled ({@link AdminLogins}) the attempt is
 *       refused before the identity store hashes anything (PBKDF2, 210 000 iterations, is the
 *       expensive part) and {@link #THROTTLED} tells the page how long to wait; otherwise the
 *       outcome is counted;
 *   <li>the session then carries the login ({@code @AutoApplySession}).
 * </ul>
 */
@AutoApplySession
@ApplicationScoped
public class AdminLoginMechanism implements HttpAuthenticationMechanism {

  /** Request attribute: the {@link Duration} a refused (throttled) attempt must wait. */
  public static final String THROTTLED = "runnel.admin.login-wait";

  /** Session attribute: the page to show after login. */
  static final String RETURN_TO = "runnel.admin.return-to";

  private static final Logger LOG = Logger.getLogger(AdminLoginMechanism.class.getName());

  @Inject IdentityStoreHandler identities;
  @Inject AdminLogins logins;
  @Inject AdminLinks links;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    if (context.isAuthenticationRequest()
        && context.getAuthParameters().getCredential() instanceof UsernamePasswordCredential c) {
      String user = c.getCaller();
      Duration wait = logins.waitFor(user, request);
      if (!wait.isZero()) {
        request.setAttribute(THROTTLED, wait);
        LOG.warning(
            () ->
                "Administrator login for user name '"
                    + user
                    + "' from "
                    + logins.address(request)
                    + " refused unchecked: too many failures, "
                    + wait.toSeconds()
                    + " s to wait");
        return AuthenticationStatus.SEND_FAILURE;
      }
      CredentialValidationResult result = identities.validate(c);
      if (result.getStatus() == CredentialValidationResult.Status.VALID) {
        logins.succeeded(user, request);
      } else {
        logins.failed(user, request);
      }
      return context.notifyContainerAboutLogin(result);
    }
    if (context.isProtected()) {
      if ("GET".equals(request.getMethod())) {
        String query = request.getQueryString();
        request
            .getSession(true)
            .setAttribute(RETURN_TO, request.getRequestURI() + (query == null ? "" : "?" + query));
      }
      links.redirect(request, response, request.getContextPath() + AdminSecurity.LOGIN_PAGE);
      return AuthenticationStatus.SEND_CONTINUE;
    }
    return context.doNothing();
  }
}
