package org.runnel.manager.security.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.runnel.shared.rest.ApiError;

/**
 * Refuses request bodies larger than {@code runnel.manager.max-body-bytes} with 413 before they are
 * read into memory: at once when {@code Content-Length} says so, while reading when the body comes
 * chunked. Every request the manager accepts is small JSON; a large one is a mistake or an attack.
 * A JAX-RS provider rather than a CDI bean, so it reads its configuration itself.
 */
@Provider
@PreMatching
public class BodyLimit implements ContainerRequestFilter {

  private final long maxBytes =
      ConfigProvider.getConfig().getValue("runnel.manager.max-body-bytes", Long.class);

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getLength() > maxBytes) {
      throw tooLarge();
    }
    if (request.hasEntity()) {
      request.setEntityStream(new Bounded(request.getEntityStream()));
    }
  }

  private jakarta.ws.rs.WebApplicationException tooLarge() {
    return ApiError.of(413, "Request body too large: at most " + maxBytes + " bytes");
  }

  /** Counts what is read and fails past the limit. */
  private final class Bounded extends FilterInputStream {
    private long count;

    Bounded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      count += n;
      if (count > maxBytes) {
        throw tooLarge();
      }
    }
  }
}
