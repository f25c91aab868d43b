package org.runnel.manager.storage.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.store.RecordStore;

/**
 * Reports what the stores loaded and which files were quarantined because they did not parse. It
 * stays UP when files were quarantined: the rest of the records loaded and the manager works, and a
 * DOWN readiness would take the whole manager out of service (and its clients' tasks with it) for
 * one bad file an operator can inspect at leisure. The quarantined names are in the check's data
 * for monitoring to alert on.
 */
@Readiness
@ApplicationScoped
public class StoresCheck implements HealthCheck {

  @Inject RecordStore<Task> tasks;
  @Inject RecordStore<Runner> runners;

  @Override
  public HealthCheckResponse call() {
    List<String> quarantined =
        Stream.concat(
                tasks.quarantined().stream().map(f -> "tasks/" + f),
                runners.quarantined().stream().map(f -> "runners/" + f))
            .toList();
    return HealthCheckResponse.named("stores loaded")
        .up()
        .withData("tasks", tasks.size())
        .withData("runners", runners.size())
        .withData("quarantined", quarantined.isEmpty() ? "none" : String.join(", ", quarantined))
        .build();
  }
}
