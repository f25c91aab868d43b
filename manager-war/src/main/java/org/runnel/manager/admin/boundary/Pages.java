package org.runnel.manager.admin.boundary;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Small helpers the admin page beans share: messages and how times and durations read. */
final class Pages {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private Pages() {}

  static void info(String summary) {
    message(FacesMessage.SEVERITY_INFO, summary);
  }

  static void error(String summary) {
    message(FacesMessage.SEVERITY_ERROR, summary);
  }

  private static void message(FacesMessage.Severity severity, String summary) {
    FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, summary, null));
  }

  /** The name of the logged-in administrator. */
  static String admin() {
    var principal = FacesContext.getCurrentInstance().getExternalContext().getUserPrincipal();
    return principal == null ? "?" : principal.getName();
  }

  /** An ISO-8601 instant in the manager's zone, to the second; empty for null. */
  static String time(String isoInstant) {
    return isoInstant == null || isoInstant.isBlank() ? "" : TIME.format(Instant.parse(isoInstant));
  }

  /** "1 h 02 min", "3 min 20 s", "12 s"; empty for null. */
  static String duration(Long seconds) {
    if (seconds == null) {
      return "";
    }
    long s = Math.max(0, seconds);
    if (s >= 3600) {
      return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format("%d min %02d s", s / 60, s % 60);
    }
    return s + " s";
  }
}
