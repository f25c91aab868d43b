package org.runnel.manager.admin.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the admin pages send a browser. A redirect's {@code Location} is never built from the
 * request's {@code Host} header (which the client chooses, and a cache or a link in a mail may
 * keep): it is the configured origin {@code runnel.manager.admin-url} followed by the path, or,
 * without that setting, the path alone (a relative reference, which browsers resolve against the
 * page they asked for). Only the path and query of a target are kept, so a redirect never leaves
 * the manager. The same setting tells whether session cookies must be {@code Secure} ({@link
 * AdminSessions}).
 */
@ApplicationScoped
public class AdminLinks {

  private static final Logger LOG = Logger.getLogger(AdminLinks.class.getName());

  @Inject
  @ConfigProperty(name = "runnel.manager.admin-url")
  Optional<String> adminUrl;

  private volatile String origin;

  /** The configured origin ({@code https://host[:port]}), or "" for relative redirects. */
  String origin() {
    String o = origin;
    if (o == null) {
      o = origin(adminUrl.orElse(""));
      origin = o;
    }
    return o;
  }

  /** {@code scheme://authority} of an http(s) URL without path, query or credentials; else "". */
  static String origin(String url) {
    String u = url.strip();
    if (u.isEmpty()) {
      return "";
    }
    try {
      URI uri = URI.create(u);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      if ((scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && uri.getRawUserInfo() == null
          && (path.isEmpty() || path.equals("/"))
          && uri.getRawQuery() == null) {
        return scheme + "://" + uri.getRawAuthority();
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    LOG.severe(
        "runnel.manager.admin-url must be http(s)://host[:port] without a path; ignored, the admin"
            + " pages redirect with relative paths");
    return "";
  }

  /**
   * The {@code Location} for a redirect to {@code target} (absolute, root-relative or relative to
   * the request): the configured origin, if any, plus the target's path and query.
   */
  String location(HttpServletRequest request, String target) {
    return location(origin(), request.getRequestURI(), target);
  }

  static String location(String origin, String requestUri, String target) {
    URI uri = URI.create(requestUri).resolve(URI.create(target.strip()));
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return origin + path + query;
  }

  /** Answers 302 to {@code target} (see {@link #location}), bypassing the container's rewriting. */
  void redirect(HttpServletRequest request, HttpServletResponse response, String target) {
    response.resetBuffer();
    response.setStatus(HttpServletResponse.SC_FOUND);
    response.setHeader("Location", location(request, target));
  }
}
