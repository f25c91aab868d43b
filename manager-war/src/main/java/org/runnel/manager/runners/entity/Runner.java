package org.runnel.manager.runners.entity;

import java.time.Instant;
import java.util.List;

/**
 * A registered runner as the manager persists it. Only the hash of the token it registered with is
 * stored: incoming runner calls are compared with it, and it is also the reference of the runner's
 * credential, from which the manager finds the token to present when it calls the runner (protocol:
 * "Bearer = the token the runner registered with"; see {@code security.control.Credentials}).
 * {@code token} is the clear token only on the way from the registration request to the registry,
 * which stores the record {@link #withoutToken}, and in records written by older versions (made
 * current when loaded). {@link #toString} leaves both out so that logging a runner never leaks
 * them.
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

  /** The record as stored: without the clear token. */
  public Runner withoutToken() {
    return token == null
        ? this
        : new Runner(
            id, url, taskTypes, capacity, version, registeredAt, lastHeartbeat, tokenHash, null);
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
