package org.runnel.runner.tasks.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.runnel.runner.configuration.boundary.RunnerConfig;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.security.Tokens;

/**
 * Lets through only callers presenting the runner's token ({@code X-API-Token} or {@code
 * Authorization: Bearer}), as the manager does. With no token configured nobody gets through. The
 * token is kept as a hash and compared in constant time.
 */
@Provider
@ApplicationScoped
@RunnerTokenRequired
@Priority(Priorities.AUTHENTICATION)
public class RunnerTokenFilter implements ContainerRequestFilter {

  @Inject RunnerConfig config;

  private String expectedHash;

  @PostConstruct
  void init() {
    expectedHash = config.token().map(Tokens::hash).orElse(null);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String presented =
        Tokens.presented(
            request.getHeaderString("X-API-Token"), request.getHeaderString("Authorization"));
    if (presented == null) {
      throw ApiError.unauthorized(ApiError.MISSING_TOKEN);
    }
    if (!Tokens.sameHash(Tokens.hash(presented), expectedHash)) {
      throw ApiError.unauthorized(ApiError.INVALID_TOKEN);
    }
  }
}
