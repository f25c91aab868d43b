package org.runnel.manager.admin.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.runnel.manager.admin.control.AdminAccounts;

/**
 * The administrator accounts (names only: the configuration holds hashes, the pages never show one)
 * and re-reading them, with the client, runner and admin tokens, from configuration without a
 * restart.
 */
@Named
@RequestScoped
public class AccountsBean {

  @Inject AdminAccounts accounts;

  public List<String> getUsers() {
    return accounts.users();
  }

  /** Reads tokens and accounts from configuration again and says how many there are. */
  public void reload() {
    try {
      Map<String, Object> counts = accounts.reload();
      Pages.info(
          "Configuration reloaded: "
              + counts.entrySet().stream()
                  .filter(e -> !"".equals(e.getValue()))
                  .map(e -> e.getKey().replace('_', ' ') + " " + e.getValue())
                  .collect(Collectors.joining(", ")));
    } catch (WebApplicationException e) {
      Pages.error(e.getMessage());
    }
  }
}
