package org.runnel.manager.notify.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.notify.control.CallbackBody;
import org.runnel.manager.notify.control.CallbackOutcome;
import org.runnel.manager.security.control.Credentials;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.manager.tasks.entity.CallbackStatus;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.manager.tasks.entity.TaskFinished;
import org.runnel.shared.http.Http;
import org.runnel.shared.json.Json;

/**
 * Delivers the completion callback to the client's notify_url, signed with the token the client
 * submitted the task with, from a managed scheduled executor of its own ({@value #EXECUTOR}), so
 * that neither a request thread nor dispatch waits for a client that takes minutes to answer.
 *
 * <p>The task keeps only a reference to the client's credential; the token is looked up when each
 * attempt is sent ({@link Credentials}). A credential revoked (or removed from the configuration)
 * since the submission signs nothing any more: the callback is not sent and ends {@code failed}
 * with {@value #REVOKED} (a completed task turns {@code warning}, the administrator is told); once
 * the client has a valid credential again it fetches the result itself, or an administrator resends
 * the callback after restoring the credential.
 *
 * <p>Each attempt is recorded durably before it is sent, and an attempt runs only while the task's
 * callback is pending and that attempt number has not been recorded yet: one completion therefore
 * produces at most one callback that the client processes. Retries (at most {@value #MAX_ATTEMPTS}
 * tries, waiting 2, 8, 32, 128 and 512 s: about 11 minutes, long enough for a client to restart)
 * happen only where {@link CallbackOutcome} says the client surely did not process the call. A
 * callback that ends failed or uncertain is reported to the administrator ({@link AdminMail}), who
 * can send it again.
 */
@ManagedScheduledExecutorDefinition(name = Notifier.EXECUTOR, maxAsync = 32)
@ApplicationScoped
public class Notifier {

  private static final Logger LOG = Logger.getLogger(Notifier.class.getName());
  static final int MAX_ATTEMPTS = 6;
  static final String EXECUTOR = "java:app/concurrent/runnel-callbacks";
  static final String REVOKED =
      "not sent: the client credential the task was submitted with was revoked or is no longer"
          + " configured";

  @Inject TaskRegistry tasks;
  @Inject AdminMail mail;
  @Inject Credentials credentials;

  @Resource(lookup = EXECUTOR)
  ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "runnel.manager.callback-connect-timeout-seconds")
  long connectTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "runnel.manager.callback-read-timeout-seconds")
  long readTimeoutSeconds;

  private Http http;

  @PostConstruct
  void init() {
    http = new Http(Duration.ofSeconds(connectTimeoutSeconds));
  }

  void onFinished(@Observes TaskFinished event) {
    deliver(event.task());
  }

  /** Starts delivery of a task's callback if it is armed. */
  public void deliver(Task task) {
    if (task.callbackStatus() == CallbackStatus.PENDING && task.callbackAttempts() == 0) {
      schedule(task.taskId(), 1, 0);
    }
  }

  /**
   * After a restart: callbacks never tried are sent; one whose attempt was under way when the
   * manager stopped may have reached the client, so it is marked uncertain instead of resent.
   */
  public void resume() {
    for (Task t : tasks.all()) {
      if (t.callbackStatus() == CallbackStatus.PENDING) {
        if (t.callbackAttempts() == 0) {
          deliver(t);
        } else {
          end(t.taskId(), CallbackStatus.UNCERTAIN, "manager restarted during delivery");
        }
      }
    }
  }

  private void schedule(String taskId, int attempt, long delaySeconds) {
    scheduler.schedule(() -> attempt(taskId, attempt), delaySeconds, TimeUnit.SECONDS);
  }

  private void attempt(String taskId, int n) {
    Task task;
    try {
      task =
          tasks.update(
              taskId,
              t ->
                  t.callbackStatus() == CallbackStatus.PENDING && t.callbackAttempts() == n - 1
                      ? t.callbackAttempted(n, Instant.now())
                      : t);
    } catch (WebApplicationException deleted) {
      return;
    }
    if (task.callbackStatus() != CallbackStatus.PENDING || task.callbackAttempts() != n) {
      return;
    }
    Optional<String> token = credentials.clientToken(task.clientCredential());
    if (token.isEmpty()) {
      end(taskId, CallbackStatus.FAILED, REVOKED);
      return;
    }
    CallbackOutcome.Kind kind;
    String problem;
    try {
      int status =
          http.postJson(
                  task.notifyUrl(),
                  token.get(),
                  Json.write(CallbackBody.of(task)),
                  Duration.ofSeconds(readTimeoutSeconds))
              .statusCode();
      kind = CallbackOutcome.ofStatus(status);
      problem = "HTTP " + status;
    } catch (IOException e) {
      kind = CallbackOutcome.ofException(e);
      problem = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kind = CallbackOutcome.Kind.UNCERTAIN;
      problem = "interrupted";
    } catch (RuntimeException e) {
      kind = CallbackOutcome.Kind.FAILED;
      problem = e.toString();
    }
    switch (kind) {
      case DELIVERED -> end(taskId, CallbackStatus.DELIVERED, null);
      case RETRY -> {
        if (n < MAX_ATTEMPTS) {
          schedule(taskId, n + 1, retryDelaySeconds(n));
        } else {
          end(taskId, CallbackStatus.FAILED, problem + " (after " + n + " tries)");
        }
      }
      case FAILED -> end(taskId, CallbackStatus.FAILED, problem);
      case UNCERTAIN -> end(taskId, CallbackStatus.UNCERTAIN, problem);
    }
  }

  /** The wait after the {@code n}-th try: 2 s, then four times longer each time. */
  static long retryDelaySeconds(int n) {
    return 2L << (2 * (n - 1));
  }

  private void end(String taskId, CallbackStatus outcome, String problem) {
    Task t;
    try {
      t = tasks.update(taskId, current -> current.callbackEnded(outcome, problem, Instant.now()));
    } catch (WebApplicationException deleted) {
      return;
    }
    if (outcome == CallbackStatus.FAILED || outcome == CallbackStatus.UNCERTAIN) {
      mail.callbackFailed(t, outcome, problem);
    }
    LOG.info(
        () ->
            "Callback of task "
                + taskId
                + ": "
                + outcome.wire()
                + (problem == null ? "" : " (" + problem + ")"));
  }
}
