package org.runnel.runner.manager.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.runnel.runner.configuration.boundary.RunnerConfig;

/**
 * Ready only while the manager knows this runner: registered, and the manager answered within the
 * last three heartbeat periods. A runner the manager cannot use should not look ready.
 */
@Readiness
@ApplicationScoped
public class ManagerReadiness implements HealthCheck {

  @Inject ManagerLink link;
  @Inject RunnerConfig config;

  @Override
  public HealthCheckResponse call() {
    Instant last = link.lastContact();
    Duration window = config.heartbeat().multipliedBy(3);
    boolean fresh = last != null && last.plus(window).isAfter(Instant.now());
    HealthCheckResponseBuilder b =
        HealthCheckResponse.named("manager-link")
            .status(link.registered() && fresh)
            .withData("manager_url", config.managerUrl())
            .withData("registered", link.registered());
    if (last != null) {
      b.withData("last_contact", last.toString());
    }
    if (link.problem() != null) {
      b.withData("problem", link.problem());
    }
    return b.build();
  }
}
