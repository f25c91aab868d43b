package org.runnel.manager.admin.entity;

import java.io.Serializable;
import java.util.List;

/** A runner as the admin pages list it: registration, liveness, load and drain state. */
public record RunnerRow(
    String id,
    String url,
    String version,
    List<String> taskTypes,
    int capacity,
    long running,
    boolean online,
    boolean available,
    boolean drained,
    double heartbeatAgeSeconds,
    String registeredAt,
    List<String> runningTasks)
    implements Serializable {

  /** The task types, comma-separated. */
  public String types() {
    return String.join(", ", taskTypes);
  }

  /** online, offline, busy or draining. */
  public String state() {
    if (!online) {
      return "offline";
    }
    if (drained) {
      return "draining";
    }
    return available ? "online" : "busy";
  }
}
