package org.runnel.manager.dispatch.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.dispatch.control.RunnerChoice;
import org.runnel.manager.runners.control.RunnerClient;
import org.runnel.manager.runners.control.RunnerRegistry;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.http.Http;
import org.runnel.shared.task.TaskStatus;

/**
 * Hands pending tasks to runners with free capacity, in queue order ({@link Queue}). A pass runs
 * when something may have freed or created work (a task accepted, a runner registered, a
 * completion, an {@code available} heartbeat) and on the periodic sweep. Passes run one at a time
 * on a thread of their own (from the managed thread factory), woken by {@link #trigger}, which
 * coalesces requests so that a burst of events costs one or two passes, never a pass per event; a
 * pass only orders the pending tasks some free runner could take.
 *
 * <p>A hand-over is decided and persisted under the task registry's lock (new run_id, attempt + 1,
 * status running, runner set) and only then sent, outside the lock, on a managed executor. When the
 * runner refuses or cannot be reached, the attempt goes back to pending (its run_id is now stale),
 * the runner gets no more work until it says it is available, and another pass runs.
 */
@ApplicationScoped
public class Dispatcher {

  private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

  /** One decided hand-over, sent after the lock is released. */
  record HandOver(Task task, Runner runner) {}

  @Inject TaskRegistry tasks;
  @Inject RunnerRegistry runners;
  @Inject RunnerClient client;
  @Inject Queue queue;

  @Inject
  @ConfigProperty(name = "runnel.manager.public-url")
  String publicUrl;

  @Resource ManagedExecutorService executor;
  @Resource ManagedThreadFactory threads;

  private final AtomicBoolean requested = new AtomicBoolean();
  private final Semaphore wake = new Semaphore(0);
  private final AtomicReference<Instant> lastPass = new AtomicReference<>(Instant.now());
  private volatile boolean stopped;
  private Thread loop;

  @PostConstruct
  void start() {
    loop = threads.newThread(this::loop);
    loop.setName("runnel-dispatch");
    loop.setDaemon(true);
    loop.start();
  }

  @PreDestroy
  void stop() {
    stopped = true;
    loop.interrupt();
  }

  /** Asks for a dispatch pass soon; returns at once. */
  public void trigger() {
    requested.set(true);
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  /** When the last pass ran, for the liveness check. */
  public Instant lastPass() {
    return lastPass.get();
  }

  private void loop() {
    while (!stopped) {
      try {
        wake.tryAcquire(1, TimeUnit.SECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        continue;
      }
      while (!stopped && requested.getAndSet(false)) {
        pass();
      }
    }
  }

  private void pass() {
    try {
      for (HandOver h : decide(Instant.now())) {
        try {
          executor.execute(() -> send(h));
        } catch (RejectedExecutionException e) {
          send(h);
        }
      }
      lastPass.set(Instant.now());
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Dispatch pass failed", e);
    }
  }

  List<HandOver> decide(Instant now) {
    return tasks.exclusively(
        () -> {
          Collection<Task> running = tasks.running();
          Map<String, Long> perRunner =
              running.stream()
                  .filter(t -> t.runnerId() != null)
                  .collect(Collectors.groupingBy(Task::runnerId, Collectors.counting()));
          RunnerChoice choice = new RunnerChoice(runners.available(now), perRunner);
          List<HandOver> out = new ArrayList<>();
          List<Task> servable = new ArrayList<>();
          choice.servedTypes().forEach(type -> servable.addAll(tasks.pending(type)));
          if (servable.isEmpty()) {
            return out;
          }
          String callback = Http.join(publicUrl, "/task/completion");
          for (Task t : queue.order(servable, running, now)) {
            if (choice.full()) {
              break;
            }
            choice
                .take(t.taskType())
                .ifPresent(
                    r -> {
                      String runId = UUID.randomUUID().toString();
                      Task handed = tasks.save(t.handedOver(r.id(), runId, callback, now));
                      out.add(new HandOver(handed, r));
                    });
          }
          return out;
        });
  }

  private void send(HandOver h) {
    String problem;
    try {
      HttpResponse<String> r = client.run(h.runner(), h.task().runRequest());
      if (r.statusCode() / 100 == 2) {
        LOG.info(() -> "Task " + h.task().taskId() + " handed to runner " + h.runner().id());
        return;
      }
      problem = "HTTP " + r.statusCode() + " " + r.body();
    } catch (IOException e) {
      problem = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
    } catch (RuntimeException e) {
      problem = e.toString();
    }
    String why = problem;
    LOG.warning(
        () -> "Runner " + h.runner().id() + " did not take task " + h.task().taskId() + ": " + why);
    runners.markUnavailable(h.runner().id());
    tasks.update(
        h.task().taskId(),
        t ->
            t.status() == TaskStatus.RUNNING && h.task().runId().equals(t.runId())
                ? t.requeued(Instant.now())
                : t);
    trigger();
  }
}
