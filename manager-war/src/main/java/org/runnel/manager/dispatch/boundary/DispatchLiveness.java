package org.runnel.manager.dispatch.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while dispatch passes keep running. The sweep asks for one every few seconds, so a long
 * silence means the timer or the executor is stuck and only a restart helps. The bound is generous
 * (five sweep periods, at least a minute) so that a loaded machine is not restarted for being slow.
 */
@Liveness
@ApplicationScoped
public class DispatchLiveness implements HealthCheck {

  @Inject Dispatcher dispatcher;

  @Inject
  @ConfigProperty(name = "runnel.manager.dispatch-sweep-seconds")
  long sweepSeconds;

  @Override
  public HealthCheckResponse call() {
    Instant last = dispatcher.lastPass();
    Duration bound = Duration.ofSeconds(Math.max(60, 5 * sweepSeconds));
    boolean alive = last.plus(bound).isAfter(Instant.now());
    return HealthCheckResponse.named("dispatch")
        .status(alive)
        .withData("last_pass", last.toString())
        .build();
  }
}
