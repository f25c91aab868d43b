package org.runnel.manager.admin.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.runnel.manager.admin.control.AdminAccounts;

/**
 * The administrator accounts (names only: the configuration holds hashes, the pages never show one)
 * and re-reading them from configuration without a restart.
 */
@Named
@RequestScoped
public class AccountsBean {

  @Inject AdminAccounts accounts;

  public List<String> getUsers() {
    return accounts.users();
  }

  public void reload() {
    int n = accounts.reload();
    Pages.info("Administrator accounts read again from configuration: " + n);
  }
}
