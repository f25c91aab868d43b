package org.runnel.runner.tasks.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.runnel.runner.configuration.boundary.RunnerConfig;
import org.runnel.runner.tasks.control.TaskStore;
import org.runnel.shared.store.OwnerOnly;

/**
 * Ready only when the data folder takes writes (a probe file is created and deleted): without it no
 * task can store its source, its results or its record.
 */
@Readiness
@ApplicationScoped
public class DataDirReadiness implements HealthCheck {

  @Inject RunnerConfig config;
  @Inject TaskStore store;

  @Override
  public HealthCheckResponse call() {
    Path dir = config.dataDir();
    String problem = null;
    try {
      OwnerOnly.folders(dir);
      Path probe = Files.createTempFile(dir, ".ready-", ".probe");
      Files.delete(probe);
    } catch (IOException | RuntimeException e) {
      problem = "cannot write in " + dir + ": " + e.getMessage();
    }
    var b =
        HealthCheckResponse.named("data-dir")
            .status(problem == null)
            .withData("path", dir.toString())
            .withData("quarantined_records", store.quarantined().size());
    return (problem == null ? b : b.withData("problem", problem)).build();
  }
}
