package org.runnel.manager.admin.boundary;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Jakarta Security for the admin pages: a form login on {@code /admin/login.xhtml} ({@link
 * AdminLoginMechanism}), whose bean calls {@code SecurityContext.authenticate} (so the page is an
 * ordinary PrimeFaces form with its own messages), and a redirect there from any protected page
 * requested without a session; after login the browser goes back to the page it asked for. The
 * session then carries the login (see {@link AdminSessions} for its timeout and cookie). A forged
 * or expired session cookie is just an unknown session: the next request goes to the login page.
 */
@DeclareRoles(AdminIdentityStore.ROLE)
@ApplicationScoped
public class AdminSecurity {

  public static final String LOGIN_PAGE = "/admin/login.xhtml";
  public static final String HOME_PAGE = "/admin/index.xhtml";
}
