package org.runnel.manager.admin.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.runnel.manager.statistics.entity.StatisticsRow;
import org.runnel.shared.json.Json;

/**
 * Turns statistics rows into the Chart.js configurations that PrimeFaces' {@code p:chart} draws:
 * tasks per month stacked by outcome, and totals by task type, by establishment and by outcome. The
 * configuration is plain JSON built from maps, so the charts need no chart-model library.
 */
public final class StatisticsCharts {

  private static final Map<String, String> COLOURS =
      Map.of(
          "completed", "#22c55e",
          "warning", "#f59e0b",
          "failed", "#ef4444",
          "timeout", "#a855f7");
  private static final String OTHER = "#3b82f6";
  private static final Map<String, Object> WHOLE = Map.of("precision", 0);

  private final List<StatisticsRow> rows;

  public StatisticsCharts(List<StatisticsRow> rows) {
    this.rows = List.copyOf(rows);
  }

  public int size() {
    return rows.size();
  }

  /** Tasks per month (YYYY-MM), one stacked bar segment per outcome. */
  public String perMonth() {
    TreeSet<String> months = new TreeSet<>();
    Map<String, Map<String, Integer>> byStatus = new TreeMap<>();
    for (StatisticsRow r : rows) {
      String month = r.date().toString().substring(0, 7);
      months.add(month);
      byStatus.computeIfAbsent(r.status(), s -> new TreeMap<>()).merge(month, 1, Integer::sum);
    }
    List<Object> datasets = new ArrayList<>();
    byStatus.forEach(
        (status, counts) ->
            datasets.add(
                dataset(
                    status,
                    months.stream().map(m -> counts.getOrDefault(m, 0)).toList(),
                    COLOURS.getOrDefault(status, OTHER))));
    Map<String, Object> y = Map.of("stacked", true, "ticks", WHOLE);
    return config(
        "bar",
        new ArrayList<>(months),
        datasets,
        Map.of("scales", Map.of("x", Map.of("stacked", true), "y", y)));
  }

  public String byType() {
    return totals(StatisticsRow::taskType, "bar", "Tasks by type");
  }

  public String byEtab() {
    return totals(StatisticsRow::etabName, "bar", "Tasks by establishment");
  }

  public String byOutcome() {
    Map<String, Integer> counts = count(StatisticsRow::status);
    List<String> colours =
        counts.keySet().stream().map(s -> COLOURS.getOrDefault(s, OTHER)).toList();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("data", new ArrayList<>(counts.values()));
    data.put("backgroundColor", colours);
    return config("doughnut", new ArrayList<>(counts.keySet()), List.of(data), Map.of());
  }

  /** Counts by {@code key}, sorted by key; a missing key counts as "(none)". */
  Map<String, Integer> count(Function<StatisticsRow, String> key) {
    Map<String, Integer> counts = new TreeMap<>();
    for (StatisticsRow r : rows) {
      String k = key.apply(r);
      counts.merge(k == null || k.isBlank() ? "(none)" : k, 1, Integer::sum);
    }
    return counts;
  }

  private String totals(Function<StatisticsRow, String> key, String type, String label) {
    Map<String, Integer> counts = count(key);
    return config(
        type,
        new ArrayList<>(counts.keySet()),
        List.of(dataset(label, new ArrayList<>(counts.values()), OTHER)),
        Map.of(
            "plugins",
            Map.of("legend", Map.of("display", false)),
            "scales",
            Map.of("y", Map.of("ticks", WHOLE))));
  }

  private static Map<String, Object> dataset(String label, List<Integer> data, String colour) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("label", label);
    d.put("data", data);
    d.put("backgroundColor", colour);
    return d;
  }

  private static String config(
      String type, List<String> labels, List<Object> datasets, Map<String, Object> extra) {
    Map<String, Object> options = new LinkedHashMap<>(extra);
    options.put("responsive", true);
    options.put("maintainAspectRatio", false);
    options.put("animation", false);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("data", Map.of("labels", labels, "datasets", datasets));
    c.put("options", options);
    return Json.write(c);
  }
}
