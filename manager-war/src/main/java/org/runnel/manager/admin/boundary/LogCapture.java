package org.runnel.manager.admin.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.admin.control.LogBuffer;
import org.runnel.manager.admin.entity.LogLine;

/**
 * Keeps the last {@code runnel.manager.admin-log-lines} log records of the manager's own loggers
 * ({@code org.runnel}) for the admin log page, from the application's start to its stop.
 */
@ApplicationScoped
public class LogCapture {

  static final String LOGGER = "org.runnel";

  @Inject
  @ConfigProperty(name = "runnel.manager.admin-log-lines", defaultValue = "2000")
  int capacity;

  private LogBuffer buffer;
  private Logger logger;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    buffer();
  }

  private synchronized LogBuffer buffer() {
    if (buffer == null) {
      buffer = new LogBuffer(capacity);
      logger = Logger.getLogger(LOGGER);
      logger.addHandler(buffer);
    }
    return buffer;
  }

  @PreDestroy
  synchronized void stop() {
    if (buffer != null) {
      logger.removeHandler(buffer);
      buffer.close();
    }
  }

  /** Lines at {@code minimum} or above containing {@code search}, newest first. */
  public List<LogLine> recent(Level minimum, String search) {
    return buffer().recent(minimum, search);
  }
}
