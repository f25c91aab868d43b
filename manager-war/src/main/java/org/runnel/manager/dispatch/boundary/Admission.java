package org.runnel.manager.dispatch.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.dispatch.control.AdmissionRules;
import org.runnel.manager.dispatch.control.DomainPolicy;
import org.runnel.manager.dispatch.control.RunTimes;
import org.runnel.manager.runners.control.RunnerRegistry;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.protocol.ExecuteRequest;
import org.runnel.shared.rest.ApiError;

/**
 * Decides whether a new task joins the queue ({@link AdmissionRules}), from the runners online and
 * the tasks active now. Called under the task registry's lock, so that two submissions cannot both
 * take the last place. A refusal carries {@code Retry-After}.
 */
@ApplicationScoped
public class Admission {

  @Inject TaskRegistry tasks;
  @Inject RunnerRegistry runners;
  @Inject Queue queue;
  @Inject RunTimes runTimes;

  @Inject
  @ConfigProperty(name = "runnel.manager.admission")
  String mode;

  @Inject
  @ConfigProperty(name = "runnel.manager.queue-max")
  long queueMax;

  @Inject
  @ConfigProperty(name = "runnel.manager.queue-max-wait-seconds")
  long maxWaitSeconds;

  @Inject
  @ConfigProperty(name = "runnel.manager.queue-full-status")
  int fullStatus;

  private AdmissionRules rules;

  @PostConstruct
  void init() {
    rules =
        new AdmissionRules(
            AdmissionRules.Mode.of(mode), queueMax, maxWaitSeconds, fullStatus, queue.domains());
  }

  /**
   * Refuses the task when the rules say so.
   *
   * @throws WebApplicationException 503 (or 429) naming the reason, with {@code Retry-After}
   */
  public void admit(ExecuteRequest request, Instant now) {
    String type = request.taskType();
    List<RunnerRegistry.Presence> presences = runners.all(now);
    Collection<Task> running = tasks.running();
    Map<String, Long> runningOn =
        running.stream()
            .filter(t -> t.runnerId() != null)
            .collect(Collectors.groupingBy(Task::runnerId, Collectors.counting()));
    long freeSlots =
        presences.stream()
            .filter(RunnerRegistry.Presence::available)
            .map(RunnerRegistry.Presence::runner)
            .filter(r -> r.serves(type))
            .mapToLong(r -> Math.max(0, r.capacity() - runningOn.getOrDefault(r.id(), 0L)))
            .sum();
    long pendingOfType = tasks.pendingCount(type);
    DomainPolicy domains = queue.domains();
    long runningOther = running.stream().filter(t -> !domains.priority(t.notifyUrl())).count();
    AdmissionRules.Load load =
        new AdmissionRules.Load(
            (int) presences.stream().filter(RunnerRegistry.Presence::online).count(),
            freeSlots - pendingOfType,
            tasks.pendingCount(),
            runningOther,
            queue.estimate(now).waitSeconds(type, pendingOfType + 1),
            runTimes.averageSeconds(type));
    rules
        .check(request.notifyUrl(), load)
        .ifPresent(
            refusal -> {
              Response r =
                  Response.fromResponse(ApiError.response(refusal.status(), refusal.detail()))
                      .header("Retry-After", refusal.retryAfterSeconds())
                      .build();
              throw new WebApplicationException(refusal.detail(), r);
            });
  }
}
