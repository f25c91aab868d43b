package org.runnel.manager.runners.entity;

import java.time.Instant;
import java.util.List;

/**
 * A registered runner as the manager persists it. The token it registered with is kept in clear
 * because the manager must present it when it calls the runner (protocol: "Bearer = the token the
 * runner registered with"); its hash is what incoming runner calls are compared with. {@link
 * #toString} leaves both out so that logging a runner never leaks them.
 *
 * <p>{@code lastHeartbeat} here is the registration time: heartbeats are kept in memory only (see
 * the runner registry), so that a heartbeat every 15 s from every runner costs no disk write.
 */
public record Runner(
    String id,
    String url,
    List<String> taskTypes,
    int capacity,
    String version,
    String registeredAt,
    String lastHeartbeat,
    String tokenHash,
    String token) {

  public Runner {
    taskTypes = taskTypes == null ? List.of() : List.copyOf(taskTypes);
    capacity = Math.max(1, capacity);
  }

  public boolean serves(String taskType) {
    return taskTypes.contains(taskType);
  }

  public Instant registered() {
    return Instant.parse(registeredAt);
  }

  @Override
  public String toString() {
    return "Runner[" + id + ", " + url + ", " + taskTypes + ", capacity " + capacity + "]";
  }
}
