package org.runnel.runner.tasks.boundary;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;
import org.runnel.shared.rest.StrictBody;

/**
 * The runner's strict body reading ({@link StrictBody}): the manager's {@code /task/run} body is
 * small JSON, so anything beyond {@code runnel.runner.max-body-bytes} (default 1 MiB) is refused
 * with 413 before it is read into memory.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimit extends StrictBody {

  private final long maxBytes =
      ConfigProvider.getConfig()
          .getOptionalValue("runnel.runner.max-body-bytes", Long.class)
          .orElse(1L << 20);

  @Override
  protected long maxBytes() {
    return maxBytes;
  }
}
