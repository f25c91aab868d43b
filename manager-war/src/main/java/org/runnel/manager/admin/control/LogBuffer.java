package org.runnel.manager.admin.control;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.runnel.manager.admin.entity.LogLine;

/**
 * The manager's most recent log lines, kept in memory for the admin pages' log view: a {@link
 * Handler} on the {@code org.runnel} logger holding at most {@code capacity} records, oldest
 * dropped first. It costs a little memory and no disk, and shows what the server log has without
 * shell access to the host.
 */
public final class LogBuffer extends Handler {

  private final int capacity;
  private final Deque<LogLine> lines = new ArrayDeque<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  public LogBuffer(int capacity) {
    this.capacity = Math.max(1, capacity);
    setLevel(Level.ALL);
  }

  @Override
  public void publish(LogRecord r) {
    if (r == null || !isLoggable(r)) {
      return;
    }
    String message = formatter.formatMessage(r);
    if (r.getThrown() != null) {
      message = message + " (" + r.getThrown() + ")";
    }
    String source = r.getLoggerName() == null ? "" : r.getLoggerName();
    LogLine line = new LogLine(r.getInstant(), r.getLevel().getName(), source, message);
    synchronized (lines) {
      if (lines.size() >= capacity) {
        lines.removeFirst();
      }
      lines.addLast(line);
    }
  }

  /**
   * The lines at {@code minimum} or above whose logger or text contains {@code search} (ignoring
   * case; null or blank: all), newest first.
   */
  public List<LogLine> recent(Level minimum, String search) {
    String needle =
        search == null || search.isBlank() ? null : search.strip().toLowerCase(Locale.ROOT);
    List<LogLine> out = new ArrayList<>();
    synchronized (lines) {
      lines.descendingIterator().forEachRemaining(out::add);
    }
    return out.stream()
        .filter(l -> Level.parse(l.level()).intValue() >= minimum.intValue())
        .filter(
            l ->
                needle == null
                    || l.message().toLowerCase(Locale.ROOT).contains(needle)
                    || l.source().toLowerCase(Locale.ROOT).contains(needle))
        .toList();
  }

  /** When the oldest line kept was logged, if any. */
  public Instant oldest() {
    synchronized (lines) {
      return lines.isEmpty() ? null : lines.getFirst().at();
    }
  }

  @Override
  public void flush() {
    // nothing buffered outside memory
  }

  @Override
  public void close() {
    synchronized (lines) {
      lines.clear();
    }
  }
}
