package org.runnel.manager.statistics.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.runnel.manager.statistics.entity.StatisticsRow;
import org.runnel.manager.storage.control.AppendLog;
import org.runnel.manager.storage.control.Stores;

/**
 * The statistics CSV, {@code <data-dir>/statistics/task_stats.csv}: appended to durably, one row
 * per outcome, and read back whole or for a range of dates. It is never pruned by task retention:
 * statistics outlive the tasks they count.
 */
@ApplicationScoped
public class StatisticsLog {

  static final String FILE = "statistics/task_stats.csv";

  @Inject Stores stores;

  private AppendLog log;

  @PostConstruct
  void open() {
    log = stores.appendLog(FILE, StatisticsRow.HEADER);
  }

  @PreDestroy
  void close() {
    log.close();
  }

  /** Appends a row; returns once it is on disk. */
  public void record(StatisticsRow row) {
    log.append(row.csv());
  }

  /** The {@link StatisticsRow#key keys} of every row written. */
  public Set<String> keys() {
    Set<String> keys = new HashSet<>();
    log.read(
        line -> {
          try {
            keys.add(StatisticsRow.parse(line).key());
          } catch (RuntimeException header) {
            // the header, or a line someone edited badly: not a row
          }
        });
    return keys;
  }

  /**
   * Writes the header and the rows dated from {@code from} to {@code to} (inclusive, either may be
   * null for no bound) as CSV.
   */
  public void export(LocalDate from, LocalDate to, Writer out) {
    try {
      out.write(StatisticsRow.HEADER + "\n");
      log.read(
          line -> {
            if (inRange(line, from, to)) {
              try {
                out.write(line + "\n");
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          });
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean inRange(String line, LocalDate from, LocalDate to) {
    StatisticsRow row;
    try {
      row = StatisticsRow.parse(line);
    } catch (RuntimeException header) {
      return false;
    }
    return (from == null || !row.date().isBefore(from)) && (to == null || !row.date().isAfter(to));
  }
}
