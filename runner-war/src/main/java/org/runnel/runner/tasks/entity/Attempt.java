package org.runnel.runner.tasks.entity;

import java.util.ArrayList;
import java.util.List;
import org.runnel.shared.protocol.TaskRunRequest;

/**
 * One attempt running on this runner, in memory only: the request the manager sent, the means to
 * stop it, its progress (0–100) and the lines of its script output, which the completion carries
 * whether the attempt succeeds or fails.
 */
public final class Attempt {

  private final TaskRunRequest request;
  private final TaskFolder folder;
  private final Cancellation cancellation = new Cancellation();
  private final List<String> log = new ArrayList<>();
  private volatile int progress;

  public Attempt(TaskRunRequest request, TaskFolder folder) {
    this.request = request;
    this.folder = folder;
  }

  public TaskRunRequest request() {
    return request;
  }

  public String taskId() {
    return request.taskId();
  }

  public TaskFolder folder() {
    return folder;
  }

  public Cancellation cancellation() {
    return cancellation;
  }

  public int progress() {
    return progress;
  }

  public void progress(int percent) {
    progress = Math.max(0, Math.min(100, percent));
  }

  public synchronized void log(String line) {
    log.add(line);
  }

  /** The script output reported with the completion. */
  public synchronized String scriptOutput() {
    return String.join("\n", log);
  }
}
