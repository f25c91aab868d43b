package org.runnel.manager.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.runnel.shared.protocol.FieldLimits;

/**
 * Makes the configured {@link FieldLimits} of task requests injectable: keys {@code
 * runnel.manager.max-url-chars}, {@code max-name-chars}, {@code max-parameter-keys} and {@code
 * max-parameters-chars}, each defaulting to {@link FieldLimits#DEFAULTS}.
 */
@ApplicationScoped
public class FieldLimitsProducer {

  @Inject Config config;

  @Produces
  FieldLimits limits() {
    FieldLimits d = FieldLimits.DEFAULTS;
    return new FieldLimits(
        value("max-url-chars", d.maxUrlChars()),
        value("max-name-chars", d.maxNameChars()),
        value("max-parameter-keys", d.maxParameterKeys()),
        value("max-parameters-chars", d.maxParametersChars()));
  }

  private int value(String key, int fallback) {
    return config.getOptionalValue("runnel.manager." + key, Integer.class).orElse(fallback);
  }
}
