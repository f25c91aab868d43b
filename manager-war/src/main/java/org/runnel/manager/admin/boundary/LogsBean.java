package org.runnel.manager.admin.boundary;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.logging.Level;
import org.runnel.manager.admin.entity.LogLine;

/** The manager's recent log lines, newest first, by minimum level and search text. */
@Named
@ViewScoped
public class LogsBean implements Serializable {

  private static final long serialVersionUID = 1L;
  static final List<String> LEVELS = List.of("FINE", "INFO", "WARNING", "SEVERE");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
          .withZone(java.time.ZoneId.systemDefault());

  @Inject LogCapture capture;

  private String level = "INFO";
  private String search;

  public List<LogLine> getLines() {
    return capture.recent(Level.parse(LEVELS.contains(level) ? level : "INFO"), search);
  }

  public String time(LogLine line) {
    return TIME.format(line.at());
  }

  public List<String> getLevels() {
    return LEVELS;
  }

  public String getLevel() {
    return level;
  }

  public void setLevel(String level) {
    this.level = level;
  }

  public String getSearch() {
    return search;
  }

  public void setSearch(String search) {
    this.search = search;
  }
}
