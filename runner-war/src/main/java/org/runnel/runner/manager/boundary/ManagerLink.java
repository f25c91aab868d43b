package org.runnel.runner.manager.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.runnel.runner.configuration.boundary.RunnerConfig;
import org.runnel.runner.manager.control.Backoff;
import org.runnel.runner.manager.control.CompletionReporter;
import org.runnel.runner.manager.control.ManagerCalls;
import org.runnel.runner.tasks.control.TaskRunner;
import org.runnel.shared.http.Http;
import org.runnel.shared.protocol.HeartbeatRequest;
import org.runnel.shared.protocol.RegisterRequest;

/**
 * This runner's link to its manager. At deployment it fails the attempts a restart interrupted,
 * then registers in the background (retrying with backoff up to every minute, so deployment never
 * waits for the manager), sends a heartbeat every {@code runnel.runner.heartbeat-seconds}, and
 * registers again when the manager has forgotten the runner (heartbeat answered by the manager's
 * JSON 404). A 404 that is not JSON comes from the server while the manager is still deploying: the
 * runner keeps its registration and tries the next heartbeat. Every registration lists the attempts
 * still running here ({@code running_tasks}), so that the manager keeps them; after each one the
 * completions still pending are sent again. Everything stops at undeploy.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ManagerLink {

  private static final Logger LOG = Logger.getLogger(ManagerLink.class.getName());
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LAST_RETRY = Duration.ofSeconds(60);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  @Inject RunnerConfig config;
  @Inject TaskRunner tasks;
  @Inject CompletionReporter completions;

  @Resource ManagedScheduledExecutorService scheduler;

  private ManagerCalls calls;
  private final AtomicBoolean registering = new AtomicBoolean();
  private volatile boolean registered;
  private volatile boolean stopped;
  private volatile Instant lastContact;
  private volatile String problem = "Not registered yet";
  private ScheduledFuture<?> heartbeats;

  @PostConstruct
  void start() {
    calls = new ManagerCalls(config.token().orElse(null));
    tasks.recoverInterrupted();
    if (config.token().isEmpty()) {
      problem = "runnel.runner.token is not set: the runner does not register";
      LOG.severe(problem);
      return;
    }
    registerAfter(Duration.ZERO);
    long period = config.heartbeat().toMillis();
    heartbeats =
        scheduler.scheduleWithFixedDelay(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    stopped = true;
    if (heartbeats != null) {
      heartbeats.cancel(false);
    }
  }

  /** Whether the manager has accepted this runner (and not forgotten it since). */
  public boolean registered() {
    return registered;
  }

  /** When the manager last answered a registration or heartbeat; null before the first. */
  public Instant lastContact() {
    return lastContact;
  }

  /** Why the link is not up, or null when it is. */
  public String problem() {
    return problem;
  }

  private void registerAfter(Duration delay) {
    if (registering.compareAndSet(false, true)) {
      schedule(delay);
    }
  }

  private void schedule(Duration delay) {
    scheduler.schedule(() -> register(delay), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void register(Duration lastDelay) {
    if (stopped) {
      return;
    }
    Duration next = Backoff.next(lastDelay, FIRST_RETRY, LAST_RETRY);
    try {
      RegisterRequest body =
          new RegisterRequest(
              config.id(),
              config.publicUrl(),
              tasks.taskTypes(),
              availability(),
              config.capacity(),
              tasks.runningTasks());
      if (post("/runner/register", body).ok()) {
        registered = true;
        contact();
        registering.set(false);
        LOG.info(
            () -> "Registered as " + config.id() + " with the manager at " + config.managerUrl());
        completions.resendPending();
        return;
      }
      LOG.warning(
          () -> "Registration failed: " + problem + "; retrying in " + next.toSeconds() + " s");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Registration failed; retrying", e);
    }
    schedule(next);
  }

  private void heartbeat() {
    if (!registered || stopped) {
      return;
    }
    try {
      String path = "/runner/heartbeat/" + URLEncoder.encode(config.id(), StandardCharsets.UTF_8);
      ManagerCalls.Reply reply =
          post(path, new HeartbeatRequest(availability(), tasks.runningTaskIds()));
      if (reply.ok()) {
        contact();
      } else if (reply.unknownRunner()) {
        registered = false;
        LOG.warning("The manager no longer knows this runner: registering again");
        registerAfter(Duration.ZERO);
      } else if (reply.status() == 404) {
        LOG.warning(() -> "The manager is not ready (404 not from the manager); retrying");
      } else {
        LOG.warning(() -> "Heartbeat failed: " + problem);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Heartbeat failed", e);
    }
  }

  private String availability() {
    return tasks.available() ? "available" : "busy";
  }

  private void contact() {
    lastContact = Instant.now();
    problem = null;
  }

  private ManagerCalls.Reply post(String path, Object body) {
    ManagerCalls.Reply reply = calls.post(Http.join(config.managerUrl(), path), body, CALL_TIMEOUT);
    if (!reply.ok()) {
      problem =
          (reply.status() < 0 ? "the manager at " : "the manager answered ") + reply.problem();
    }
    return reply;
  }
}
