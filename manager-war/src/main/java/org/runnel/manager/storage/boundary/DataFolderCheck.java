package org.runnel.manager.storage.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.runnel.manager.storage.control.Stores;
import org.runnel.shared.store.OwnerOnly;

/**
 * Ready only while the data folder accepts writes: every acknowledged change is written there
 * first, so a manager that cannot write must not take work.
 */
@Readiness
@ApplicationScoped
public class DataFolderCheck implements HealthCheck {

  @Inject Stores stores;

  @Override
  public HealthCheckResponse call() {
    Path folder = stores.dataFolder();
    var response =
        HealthCheckResponse.named("data folder writable").withData("path", folder.toString());
    try {
      OwnerOnly.folders(folder);
      Path probe = Files.createTempFile(folder, ".health", ".tmp");
      Files.delete(probe);
      return response.up().build();
    } catch (IOException | RuntimeException e) {
      return response.down().withData("error", e.toString()).build();
    }
  }
}
