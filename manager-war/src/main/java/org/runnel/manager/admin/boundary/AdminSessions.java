package org.runnel.manager.admin.boundary;

import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Gives every session the idle timeout of {@code runnel.manager.admin-session-minutes} (default
 * 30), so that it is configuration like every other setting instead of a fixed web.xml value. Only
 * the admin pages create sessions: the REST API is stateless.
 */
@WebListener
public class AdminSessions implements HttpSessionListener {

  @Override
  public void sessionCreated(HttpSessionEvent event) {
    int minutes =
        ConfigProvider.getConfig()
            .getOptionalValue("runnel.manager.admin-session-minutes", Integer.class)
            .orElse(30);
    event.getSession().setMaxInactiveInterval(Math.max(1, minutes) * 60);
  }
}
