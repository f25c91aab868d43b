package org.runnel.manager.admin.boundary;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Gives every session the idle timeout of {@code runnel.manager.admin-session-minutes} (default
 * 30), so that it is configuration like every other setting instead of a fixed web.xml value. Only
 * the admin pages create sessions: the REST API is stateless.
 *
 * <p>The session cookie is {@code HttpOnly} (no script reads it), {@code SameSite=Strict} (no other
 * site's page makes the browser send it, which closes cross-site request forgery on the admin
 * forms; set in {@code glassfish-web.xml}, Payara's place for it) and {@code Secure} when {@code
 * runnel.manager.secure-cookies} is true or, unset, when {@code runnel.manager.admin-url} is an
 * https URL: the way to say so behind a proxy that ends TLS, where the manager itself only sees
 * plain HTTP. (A request that reaches Payara over HTTPS gets a {@code Secure} cookie anyway.)
 */
@WebListener
public class AdminSessions implements HttpSessionListener, ServletContextListener {

  @Override
  public void contextInitialized(ServletContextEvent event) {
    Config config = ConfigProvider.getConfig();
    String origin =
        AdminLinks.origin(
            config.getOptionalValue("runnel.manager.admin-url", String.class).orElse(""));
    boolean secure =
        config
            .getOptionalValue("runnel.manager.secure-cookies", Boolean.class)
            .orElse(origin.startsWith("https:"));
    SessionCookieConfig cookie = event.getServletContext().getSessionCookieConfig();
    cookie.setHttpOnly(true);
    if (secure) {
      cookie.setSecure(true);
    }
  }

  @Override
  public void sessionCreated(HttpSessionEvent event) {
    int minutes =
        ConfigProvider.getConfig()
            .getOptionalValue("runnel.manager.admin-session-minutes", Integer.class)
            .orElse(30);
    event.getSession().setMaxInactiveInterval(Math.max(1, minutes) * 60);
  }
}
