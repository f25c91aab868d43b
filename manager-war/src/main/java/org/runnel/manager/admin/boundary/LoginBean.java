package org.runnel.manager.admin.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;

/**
 * The login form and the logout button. Login goes through Jakarta Security ({@link
 * SecurityContext#authenticate}); the session id changes before, so a session id planted before
 * login is worth nothing after it. The password field is cleared whatever happens. A throttled
 * attempt ({@link AdminLoginMechanism}) answers 429 with how long to wait.
 */
@Named
@RequestScoped
public class LoginBean {

  @Inject SecurityContext security;

  private String username;
  private String password;

  public String login() throws IOException {
    FacesContext faces = FacesContext.getCurrentInstance();
    ExternalContext ec = faces.getExternalContext();
    HttpServletRequest request = (HttpServletRequest) ec.getRequest();
    request.getSession(true);
    request.changeSessionId();
    AuthenticationStatus status =
        security.authenticate(
            request,
            (HttpServletResponse) ec.getResponse(),
            AuthenticationParameters.withParams()
                .credential(
                    new UsernamePasswordCredential(
                        username == null ? "" : username.strip(),
                        new Password(password == null ? "" : password)))
                .newAuthentication(true));
    password = null;
    switch (status) {
      case SEND_CONTINUE -> {
        faces.responseComplete();
        return null;
      }
      case SUCCESS -> {
        String back = returnTo(request);
        if (back == null) {
          return AdminSecurity.HOME_PAGE + "?faces-redirect=true";
        }
        ec.redirect(back);
        faces.responseComplete();
        return null;
      }
      default -> {
        if (request.getAttribute(AdminLoginMechanism.THROTTLED) instanceof Duration wait) {
          ec.setResponseStatus(429);
          Pages.error(
              "Too many failed logins for this user name or from this address: try again in "
                  + Math.max(1, (wait.toMillis() + 999) / 1000)
                  + " s.");
        } else {
          Pages.error("Unknown user name or wrong password");
        }
        return null;
      }
    }
  }

  /**
   * The admin page remembered when the login was asked for ({@link AdminLoginMechanism}), once;
   * null for none or for anything that is not an admin page of this application.
   */
  private static String returnTo(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    Object back = session.getAttribute(AdminLoginMechanism.RETURN_TO);
    session.removeAttribute(AdminLoginMechanism.RETURN_TO);
    String admin = request.getContextPath() + "/admin/";
    if (back instanceof String path
        && path.startsWith(admin)
        && !path.contains("//")
        && !path.contains("\\")
        && !path.startsWith(request.getContextPath() + AdminSecurity.LOGIN_PAGE)) {
      return path;
    }
    return null;
  }

  /**
   * An Ajax request of an admin page (a poll, a button) whose session is gone was redirected here
   * by the login check: answer it with a Faces redirect, so that the whole page goes to the login
   * instead of the page silently receiving the login form as its update.
   */
  public void leaveAjax() throws IOException {
    FacesContext faces = FacesContext.getCurrentInstance();
    if (faces.getPartialViewContext().isAjaxRequest()) {
      ExternalContext ec = faces.getExternalContext();
      ec.redirect(ec.getRequestContextPath() + AdminSecurity.LOGIN_PAGE);
      faces.responseComplete();
    }
  }

  public String logout() throws ServletException {
    ExternalContext ec = FacesContext.getCurrentInstance().getExternalContext();
    ((HttpServletRequest) ec.getRequest()).logout();
    HttpSession session = (HttpSession) ec.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    return AdminSecurity.LOGIN_PAGE + "?faces-redirect=true";
  }

  public String getUser() {
    return Pages.admin();
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }
}
