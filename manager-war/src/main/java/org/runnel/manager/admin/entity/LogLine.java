package org.runnel.manager.admin.entity;

import java.time.Instant;

/** One log record as the admin log view shows it. */
public record LogLine(Instant at, String level, String source, String message) {

  /** The logger's simple name (class name without package). */
  public String shortSource() {
    int dot = source.lastIndexOf('.');
    return dot < 0 ? source : source.substring(dot + 1);
  }
}
