package org.runnel.manager.admin.entity;

import java.io.Serializable;
import java.time.LocalDate;

/** A range of dates a page's form edits (both inclusive, either may be empty for no bound). */
public class DateRange implements Serializable {

  private static final long serialVersionUID = 1L;

  private LocalDate from;
  private LocalDate to;

  public boolean reversed() {
    return from != null && to != null && from.isAfter(to);
  }

  public LocalDate getFrom() {
    return from;
  }

  public void setFrom(LocalDate from) {
    this.from = from;
  }

  public LocalDate getTo() {
    return to;
  }

  public void setTo(LocalDate to) {
    this.to = to;
  }
}
