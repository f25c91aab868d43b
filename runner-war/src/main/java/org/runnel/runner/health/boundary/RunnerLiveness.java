package org.runnel.runner.health.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.runnel.runner.configuration.boundary.RunnerConfig;

/** Live as long as the application answers: nothing inside the runner needs a restart to heal. */
@Liveness
@ApplicationScoped
public class RunnerLiveness implements HealthCheck {

  @Inject RunnerConfig config;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("runner").up().withData("runner_id", config.id()).build();
  }
}
