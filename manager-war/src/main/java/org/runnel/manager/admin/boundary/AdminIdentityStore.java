package org.runnel.manager.admin.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;
import java.util.logging.Logger;
import org.runnel.manager.admin.control.AdminAccounts;

/**
 * Checks an administrator's user name and password against the configured accounts ({@link
 * AdminAccounts}); every administrator gets the one role, {@value #ROLE}, that the {@code /admin/*}
 * security constraint asks for. Failed logins are logged with the user name, never the password.
 */
@ApplicationScoped
public class AdminIdentityStore implements IdentityStore {

  public static final String ROLE = "admin";
  private static final Logger LOG = Logger.getLogger(AdminIdentityStore.class.getName());

  @Inject AdminAccounts accounts;

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential c)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    if (accounts.verify(c.getCaller(), c.getPasswordAsString())) {
      LOG.info(() -> "Administrator " + c.getCaller() + " logged in");
      return new CredentialValidationResult(c.getCaller(), Set.of(ROLE));
    }
    LOG.warning(() -> "Failed administrator login for user name '" + c.getCaller() + "'");
    return CredentialValidationResult.INVALID_RESULT;
  }
}
