package org.runnel.manager.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.shared.protocol.FieldLimits;

/**
 * Makes the configured {@link FieldLimits} of task requests injectable (keys {@code
 * runnel.manager.max-url-chars}, {@code max-name-chars}, {@code max-parameter-keys}, {@code
 * max-parameters-chars}).
 */
@ApplicationScoped
public class FieldLimitsProducer {

  @Inject
  @ConfigProperty(name = "runnel.manager.max-url-chars", defaultValue = "8192")
  int maxUrlChars;

  @Inject
  @ConfigProperty(name = "runnel.manager.max-name-chars", defaultValue = "256")
  int maxNameChars;

  @Inject
  @ConfigProperty(name = "runnel.manager.max-parameter-keys", defaultValue = "64")
  int maxParameterKeys;

  @Inject
  @ConfigProperty(name = "runnel.manager.max-parameters-chars", defaultValue = "65536")
  int maxParametersChars;

  @Produces
  FieldLimits limits() {
    return new FieldLimits(maxUrlChars, maxNameChars, maxParameterKeys, maxParametersChars);
  }
}
