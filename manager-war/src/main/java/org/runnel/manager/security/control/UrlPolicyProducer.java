package org.runnel.manager.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.shared.net.UrlPolicy.Scope;

/**
 * Makes the configured {@link UrlPolicy} injectable where URLs arrive from callers. Runner URLs
 * (registration) and client URLs (submissions) have separate switches, since a LAN of runners is
 * normal while a client URL on the LAN is an attack; each switch defaults to the older {@code
 * runnel.manager.allow-private-urls}, which therefore still sets both.
 */
@ApplicationScoped
public class UrlPolicyProducer {

  @Inject
  @ConfigProperty(name = "runnel.manager.allow-private-urls", defaultValue = "false")
  boolean allowPrivate;

  @Inject
  @ConfigProperty(name = "runnel.manager.allow-private-client-urls")
  Optional<Boolean> allowPrivateClient;

  @Inject
  @ConfigProperty(name = "runnel.manager.allow-private-runner-urls")
  Optional<Boolean> allowPrivateRunner;

  @Inject
  @ConfigProperty(name = "runnel.manager.client-url-allowed-hosts")
  Optional<String> clientAllowed;

  @Inject
  @ConfigProperty(name = "runnel.manager.runner-url-allowed-hosts")
  Optional<String> runnerAllowed;

  @Produces
  UrlPolicy policy() {
    return new UrlPolicy(
        Scope.of(allowPrivateClient.orElse(allowPrivate), clientAllowed),
        Scope.of(allowPrivateRunner.orElse(allowPrivate), runnerAllowed));
  }
}
