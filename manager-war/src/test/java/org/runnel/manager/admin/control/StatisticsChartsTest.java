package org.runnel.manager.admin.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.runnel.manager.statistics.entity.StatisticsRow;
import org.runnel.shared.json.Json;

class StatisticsChartsTest {

  static StatisticsRow row(String date, String type, String status, String etab) {
    return new StatisticsRow("t", LocalDate.parse(date), type, status, "pod", "4", etab);
  }

  final StatisticsCharts charts =
      new StatisticsCharts(
          List.of(
              row("2026-01-05", "encoding", "completed", "UM"),
              row("2026-01-20", "encoding", "failed", "UM"),
              row("2026-03-02", "transcription", "completed", "Lille"),
              row("2026-03-03", "encoding", "completed", null)));

  @Test
  void stacksMonthsByOutcomeWithZeroesForMissingMonths() {
    Map<?, ?> config = Json.jsonb().fromJson(charts.perMonth(), Map.class);
    assertEquals("bar", config.get("type"));
    Map<?, ?> data = (Map<?, ?>) config.get("data");
    assertEquals(List.of("2026-01", "2026-03"), data.get("labels"));
    List<?> datasets = (List<?>) data.get("datasets");
    Map<?, ?> completed = (Map<?, ?>) datasets.get(0);
    Map<?, ?> failed = (Map<?, ?>) datasets.get(1);
    assertEquals("completed", completed.get("label"));
    assertEquals(List.of(1, 2), ints(completed.get("data")));
    assertEquals(List.of(1, 0), ints(failed.get("data")));
  }

  @Test
  void countsByTypeEstablishmentAndOutcome() {
    assertEquals(Map.of("encoding", 3, "transcription", 1), charts.count(StatisticsRow::taskType));
    assertEquals(Map.of("UM", 2, "Lille", 1, "(none)", 1), charts.count(StatisticsRow::etabName));
    assertTrue(charts.byOutcome().contains("\"doughnut\""));
    assertTrue(charts.byEtab().contains("\"Lille\""));
    assertEquals(4, charts.size());
  }

  private static List<Integer> ints(Object list) {
    return ((List<?>) list).stream().map(n -> ((Number) n).intValue()).toList();
  }
}
