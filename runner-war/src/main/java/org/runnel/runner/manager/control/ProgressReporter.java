package org.runnel.runner.manager.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.runnel.runner.configuration.boundary.RunnerConfig;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.shared.protocol.ProgressRequest;

/**
 * Sends the progress of running attempts to the manager ({@code POST /task/progress}, Runnel's
 * addition to protocol 1.7): percentage, the runner's estimate of the seconds left and the tail of
 * the attempt's log, with the {@code run_id}. The address is the task's completion callback with
 * {@code /task/progress} in place of {@code /task/completion}, so progress goes to the manager that
 * handed the task over. A manager that does not know the call (an esup-runner manager answers 404
 * or 405) is not asked again for that attempt; progress is best effort and never fails a task.
 */
@ApplicationScoped
public class ProgressReporter {

  static final int LOG_TAIL_CHARS = 4000;
  private static final Logger LOG = Logger.getLogger(ProgressReporter.class.getName());
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final String COMPLETION = "/task/completion";

  @Inject RunnerConfig config;

  ManagerCalls calls;
  private final Set<String> unsupported = ConcurrentHashMap.newKeySet();
  private final Map<String, String> lastSent = new ConcurrentHashMap<>();

  @PostConstruct
  void init() {
    calls = new ManagerCalls(config.token().orElse(null));
  }

  /** Reports every running attempt whose progress or log changed since the last report. */
  public void report(Collection<Attempt> attempts) {
    for (Attempt attempt : attempts) {
      try {
        report(attempt);
      } catch (RuntimeException e) {
        LOG.fine(() -> "Progress of " + attempt.taskId() + " not sent: " + e);
      }
    }
    lastSent.keySet().retainAll(attempts.stream().map(Attempt::taskId).toList());
  }

  private void report(Attempt attempt) {
    String key = attempt.taskId() + "/" + attempt.request().runId();
    if (unsupported.contains(key)) {
      return;
    }
    String tail = attempt.logTail(LOG_TAIL_CHARS);
    String state = attempt.progress() + "|" + tail.length() + "|" + tail.hashCode();
    if (state.equals(lastSent.get(attempt.taskId()))) {
      return;
    }
    ProgressRequest body =
        new ProgressRequest(
            attempt.taskId(),
            attempt.request().runId(),
            (double) attempt.progress(),
            attempt.eta(),
            tail);
    ManagerCalls.Reply reply = calls.post(url(attempt), body, CALL_TIMEOUT);
    if (reply.ok()) {
      lastSent.put(attempt.taskId(), state);
    } else if (reply.status() == 404 && reply.problem().contains("Task not found")) {
      LOG.fine(() -> "The manager does not know task " + attempt.taskId() + " (yet)");
    } else if (reply.status() == 404 || reply.status() == 405) {
      unsupported.add(key);
      LOG.info(() -> "The manager takes no progress reports: " + reply.problem());
    }
  }

  /** The progress address next to the task's completion callback. */
  String url(Attempt attempt) {
    String callback = attempt.request().completionCallback();
    if (callback != null && callback.endsWith(COMPLETION)) {
      return callback.substring(0, callback.length() - COMPLETION.length()) + "/task/progress";
    }
    return org.runnel.shared.http.Http.join(config.managerUrl(), "/task/progress");
  }
}
