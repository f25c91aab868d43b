package org.runnel.manager.security.boundary;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;
import org.runnel.shared.rest.StrictBody;

/**
 * The manager's strict body reading ({@link StrictBody}) with its size bound: bodies larger than
 * {@code runnel.manager.max-body-bytes} are refused with 413 before they are read into memory.
 * Every request the manager accepts is small JSON; a large one is a mistake or an attack. A JAX-RS
 * provider rather than a CDI bean, so it reads its configuration itself.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimit extends StrictBody {

  private final long maxBytes =
      ConfigProvider.getConfig().getValue("runnel.manager.max-body-bytes", Long.class);

  @Override
  protected long maxBytes() {
    return maxBytes;
  }
}
