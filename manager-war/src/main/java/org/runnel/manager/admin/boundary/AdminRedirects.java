package org.runnel.manager.admin.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Makes every redirect of the admin pages (Faces navigation with {@code faces-redirect}, {@code
 * ExternalContext.redirect}, the downloads) go through {@link AdminLinks}: the container's {@code
 * sendRedirect} would turn a path into an absolute URL built from the request's {@code Host}.
 */
@WebFilter(urlPatterns = {"/admin/*", "*.xhtml"})
public class AdminRedirects extends HttpFilter {

  @Inject AdminLinks links;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(
        request,
        new HttpServletResponseWrapper(response) {
          @Override
          public void sendRedirect(String location) {
            if (isCommitted()) {
              throw new IllegalStateException("response already committed");
            }
            links.redirect(request, response, location);
          }
        });
  }
}
