package org.runnel.manager.admin.entity;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import org.runnel.manager.tasks.entity.Task;

/**
 * What the administrator looks for in the task table: exact status, type, runner and establishment
 * (null or blank: any), a creation date range (inclusive, in the manager's zone) and a free text
 * that matches the task id, source URL, establishment, application, or any parameter value (Pod's
 * video id, slug and title travel there).
 */
public record TaskFilter(
    String status,
    String taskType,
    String runnerId,
    String etabName,
    LocalDate from,
    LocalDate to,
    String text)
    implements Serializable {

  public static final TaskFilter ALL = new TaskFilter(null, null, null, null, null, null, null);

  public boolean matches(Task t, ZoneId zone) {
    LocalDate created = LocalDate.ofInstant(t.created(), zone);
    return same(status, t.status().wire())
        && same(taskType, t.taskType())
        && same(runnerId, t.runnerId())
        && same(etabName, t.etabName())
        && (from == null || !created.isBefore(from))
        && (to == null || !created.isAfter(to))
        && containsText(t);
  }

  private static boolean same(String wanted, String actual) {
    return wanted == null || wanted.isBlank() || wanted.equals(actual);
  }

  private boolean containsText(Task t) {
    if (text == null || text.isBlank()) {
      return true;
    }
    String needle = text.strip().toLowerCase(Locale.ROOT);
    return contains(t.taskId(), needle)
        || contains(t.sourceUrl(), needle)
        || contains(t.etabName(), needle)
        || contains(t.appName(), needle)
        || t.parameters().values().stream()
            .filter(Objects::nonNull)
            .anyMatch(v -> contains(String.valueOf(v), needle));
  }

  private static boolean contains(String haystack, String needle) {
    return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
  }
}
