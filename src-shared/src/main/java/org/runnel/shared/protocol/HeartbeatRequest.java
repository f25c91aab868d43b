package org.runnel.shared.protocol;

import java.util.List;

/**
 * Body of {@code POST /runner/heartbeat/{id}}. {@code running_tasks} is Runnel's addition: the ids
 * the runner is working on, used by the manager to reconcile.
 */
public record HeartbeatRequest(String availability, List<String> runningTasks) {}
