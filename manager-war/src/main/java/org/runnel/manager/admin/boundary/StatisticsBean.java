package org.runnel.manager.admin.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.LocalDate;
import org.runnel.manager.admin.control.StatisticsCharts;
import org.runnel.manager.admin.entity.DateRange;

/**
 * Statistics over a date range (default: the last twelve months): tasks per month by outcome, by
 * type, by establishment, by outcome, and the CSV of the same range.
 */
@Named
@ViewScoped
public class StatisticsBean implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject AdminConsole console;

  private final DateRange range = new DateRange();
  private transient StatisticsCharts charts;

  @PostConstruct
  void init() {
    LocalDate today = LocalDate.now(console.zone());
    range.setTo(today);
    range.setFrom(today.minusMonths(11).withDayOfMonth(1));
    update();
  }

  public void update() {
    if (range.reversed()) {
      Pages.error("The start date is after the end date");
    }
    charts = new StatisticsCharts(console.statistics(range.getFrom(), range.getTo()));
  }

  private StatisticsCharts charts() {
    if (charts == null) {
      update();
    }
    return charts;
  }

  public int getCount() {
    return charts().size();
  }

  public String getPerMonth() {
    return charts().perMonth();
  }

  public String getByType() {
    return charts().byType();
  }

  public String getByEtab() {
    return charts().byEtab();
  }

  public String getByOutcome() {
    return charts().byOutcome();
  }

  /** The CSV download of the range shown. */
  public String getCsvUrl() {
    return "download/statistics.csv?from="
        + (range.getFrom() == null ? "" : range.getFrom())
        + "&to="
        + (range.getTo() == null ? "" : range.getTo());
  }

  public DateRange getRange() {
    return range;
  }
}
