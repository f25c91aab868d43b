package org.runnel.manager.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the configured {@link UrlPolicy} injectable where URLs arrive from callers. */
@ApplicationScoped
public class UrlPolicyProducer {

  @Inject
  @ConfigProperty(name = "runnel.manager.allow-private-urls")
  boolean allowPrivate;

  @Produces
  UrlPolicy policy() {
    return new UrlPolicy(allowPrivate);
  }
}
