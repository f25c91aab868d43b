package org.runnel.manager.statistics.entity;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.runnel.manager.tasks.entity.Task;

/**
 * One line of the statistics CSV, in esup-runner's columns ({@value #HEADER}): one row each time a
 * task reaches an outcome, dated with the manager's local date of that outcome. Fields are quoted
 * as RFC 4180 says when they hold a comma or a quote; line breaks in client-given text become
 * spaces, so that every row is one line.
 */
public record StatisticsRow(
    String taskId,
    LocalDate date,
    String taskType,
    String status,
    String appName,
    String appVersion,
    String etabName) {

  public static final String HEADER =
      "task_id,date,task_type,status,app_name,app_version,etab_name";

  /** The row of a task's current outcome. */
  public static StatisticsRow of(Task t, ZoneId zone) {
    return new StatisticsRow(
        t.taskId(),
        LocalDate.ofInstant(t.ended(), zone),
        t.taskType(),
        t.status().wire(),
        t.appName(),
        t.appVersion(),
        t.etabName());
  }

  /** What identifies the row of one outcome when checking whether it was written. */
  public String key() {
    return taskId + "," + date + "," + status;
  }

  public String csv() {
    List<String> fields =
        List.of(
            text(taskId),
            date.toString(),
            text(taskType),
            text(status),
            text(appName),
            text(appVersion),
            text(etabName));
    StringBuilder line = new StringBuilder();
    for (String f : fields) {
      if (line.length() > 0) {
        line.append(',');
      }
      line.append(quote(f));
    }
    return line.toString();
  }

  /** Client-given text, on one line. */
  private static String text(String s) {
    return s == null ? "" : s.replace('\r', ' ').replace('\n', ' ');
  }

  private static String quote(String field) {
    if (field.contains(",") || field.contains("\"")) {
      return '"' + field.replace("\"", "\"\"") + '"';
    }
    return field;
  }

  /**
   * Parses a line written by {@link #csv}.
   *
   * @throws IllegalArgumentException when it is not a row (the header, or a damaged line)
   */
  public static StatisticsRow parse(String line) {
    List<String> f = split(line);
    if (f.size() != 7) {
      throw new IllegalArgumentException("not a statistics row: " + line);
    }
    try {
      return new StatisticsRow(
          f.get(0), LocalDate.parse(f.get(1)), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a statistics row: " + line, e);
    }
  }

  private static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
