package org.runnel.manager.admin.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.admin.control.AttentionRules;
import org.runnel.manager.admin.control.RunnerReports;
import org.runnel.manager.admin.entity.Attention;
import org.runnel.manager.admin.entity.BulkOutcome;
import org.runnel.manager.admin.entity.RunnerFacts;
import org.runnel.manager.admin.entity.RunnerRow;
import org.runnel.manager.admin.entity.Summary;
import org.runnel.manager.admin.entity.TaskFilter;
import org.runnel.manager.runners.control.RunnerClient;
import org.runnel.manager.runners.control.RunnerRegistry;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.manager.security.entity.Caller;
import org.runnel.manager.statistics.control.StatisticsLog;
import org.runnel.manager.statistics.entity.StatisticsRow;
import org.runnel.manager.tasks.boundary.TaskAdministration;
import org.runnel.manager.tasks.boundary.TaskService;
import org.runnel.manager.tasks.boundary.TaskView;
import org.runnel.manager.tasks.boundary.TaskViews;
import org.runnel.manager.tasks.control.ProgressBoard;
import org.runnel.manager.tasks.control.ResultPaths;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.manager.tasks.entity.Progress;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.task.TaskStatus;

/**
 * The one entry of the admin pages into the manager: the JSF beans ask it, it asks the same
 * services the REST API uses (task registry and views, task administration, runner registry,
 * statistics log) and answers with views and DTOs, so that a page never touches storage and an
 * operation from a page obeys exactly the rules it obeys over REST.
 */
@ApplicationScoped
public class AdminConsole {

  private static final Logger LOG = Logger.getLogger(AdminConsole.class.getName());

  /** What a bulk action does to one task. */
  public enum Action {
    RESTART,
    STOP,
    DELETE
  }

  @Inject TaskRegistry tasks;
  @Inject TaskViews views;
  @Inject TaskService service;
  @Inject TaskAdministration administration;
  @Inject RunnerRegistry runners;
  @Inject ProgressBoard board;
  @Inject StatisticsLog statistics;
  @Inject RunnerClient runnerClient;
  @Inject RunnerReports reports;

  @Inject
  @ConfigProperty(name = "runnel.manager.admin-stalled-minutes", defaultValue = "10")
  long stalledMinutes;

  @Inject
  @ConfigProperty(name = "runnel.manager.admin-attention-hours", defaultValue = "24")
  long attentionHours;

  private final ZoneId zone = ZoneId.systemDefault();

  public ZoneId zone() {
    return zone;
  }

  public Summary summary() {
    Instant now = Instant.now();
    List<RunnerRegistry.Presence> presences = runners.all(now);
    long online = presences.stream().filter(RunnerRegistry.Presence::online).count();
    LocalDate today = LocalDate.now(zone);
    long pending = 0;
    long running = 0;
    long completed = 0;
    long failed = 0;
    long month = 0;
    for (Task t : tasks.all()) {
      TaskStatus s = t.status();
      pending += s == TaskStatus.PENDING ? 1 : 0;
      running += s == TaskStatus.RUNNING ? 1 : 0;
      boolean endedToday = t.ended() != null && LocalDate.ofInstant(t.ended(), zone).equals(today);
      completed += endedToday && (s == TaskStatus.COMPLETED || s == TaskStatus.WARNING) ? 1 : 0;
      failed += endedToday && (s == TaskStatus.FAILED || s == TaskStatus.TIMEOUT) ? 1 : 0;
      LocalDate created = LocalDate.ofInstant(t.created(), zone);
      month +=
          created.getYear() == today.getYear() && created.getMonth() == today.getMonth() ? 1 : 0;
    }
    return new Summary(
        online, presences.size() - online, pending, running, completed, failed, month);
  }

  public List<Attention> attention() {
    AttentionRules rules =
        new AttentionRules(Duration.ofHours(attentionHours), Duration.ofMinutes(stalledMinutes));
    Instant now = Instant.now();
    return rules.of(runners.all(now), tasks.all(), this::lastSign, now);
  }

  private Instant lastSign(Task t) {
    return board.of(t).map(Progress::at).orElse(t.started());
  }

  public List<RunnerRow> runners() {
    Instant now = Instant.now();
    List<RunnerRow> out = new ArrayList<>();
    for (RunnerRegistry.Presence p : runners.all(now)) {
      var r = p.runner();
      out.add(
          new RunnerRow(
              r.id(),
              r.url(),
              r.version(),
              r.taskTypes(),
              r.capacity(),
              tasks.runningOn(r.id()).size(),
              p.online(),
              p.available(),
              runners.drained(r.id()),
              p.ageSeconds(now),
              r.registeredAt(),
              tasks.runningOn(r.id()).stream().map(Task::taskId).sorted().toList()));
    }
    return out;
  }

  /**
   * Disk usage and GPU facts by runner id, as each online runner reports them (offline ones are not
   * asked).
   */
  public Map<String, RunnerFacts> runnerFacts() {
    Instant now = Instant.now();
    Map<String, RunnerFacts> out = new HashMap<>();
    for (RunnerRegistry.Presence p : runners.all(now)) {
      out.put(p.runner().id(), p.online() ? reports.of(p.runner(), now) : RunnerFacts.OFFLINE);
    }
    return out;
  }

  public void drain(String runnerId, boolean drain, String admin) {
    runners.drain(runnerId, drain, admin);
  }

  /** The tasks matching {@code filter}, newest first. */
  public List<Task> find(TaskFilter filter) {
    return tasks.all().stream()
        .filter(t -> filter.matches(t, zone))
        .sorted(Comparator.comparing(Task::created).reversed().thenComparing(Task::taskId))
        .toList();
  }

  public List<TaskView> views(List<Task> page) {
    return page.stream().map(views::of).toList();
  }

  public Optional<TaskView> task(String taskId) {
    return taskId == null ? Optional.empty() : tasks.find(taskId).map(views::of);
  }

  /** Why each attempt since submission (or the last restart) was lost, oldest first. */
  public List<String> lostAttempts(String taskId) {
    return tasks.find(taskId).map(Task::lostAttempts).orElse(List.of());
  }

  /** The live log tail of a running task, or its script output once it finished. */
  public String log(String taskId) {
    return tasks
        .find(taskId)
        .map(
            t ->
                t.status().terminal()
                    ? t.scriptOutput()
                    : board.of(t).map(Progress::logTail).orElse(null))
        .orElse(null);
  }

  /**
   * The result files of a completed task, as its runner lists them; empty while the task is not
   * completed or when the runner cannot say. Unlike the client API, looking does not count as the
   * client fetching the result.
   */
  public List<String> resultFiles(String taskId) {
    try {
      return producer(taskId)
          .map(r -> runnerClient.manifestFiles(r, taskId).stream().map(String::valueOf).toList())
          .orElse(List.of());
    } catch (WebApplicationException unreachable) {
      return List.of();
    }
  }

  /**
   * One result file streamed from the runner that produced it; the caller closes the body.
   *
   * @throws WebApplicationException 400 for a path outside the task, 404 without a result
   */
  public HttpResponse<InputStream> resultFile(String taskId, String path) {
    if (!ResultPaths.valid(path)) {
      throw ApiError.of(400, "Invalid result file path");
    }
    Runner r = producer(taskId).orElseThrow(() -> ApiError.of(404, "No result for this task"));
    return runnerClient.file(r, taskId, path);
  }

  private Optional<Runner> producer(String taskId) {
    return tasks
        .find(taskId)
        .filter(t -> t.status() == TaskStatus.COMPLETED || t.status() == TaskStatus.WARNING)
        .filter(t -> t.runnerId() != null)
        .flatMap(t -> runners.find(t.runnerId()));
  }

  /** When the runner last reported progress of the task's current attempt. */
  public Optional<Instant> lastReport(String taskId) {
    return tasks.find(taskId).flatMap(board::of).map(Progress::at);
  }

  /** Applies {@code action} to each task, collecting what happened to each. */
  public List<BulkOutcome> bulk(Action action, List<String> taskIds, String admin) {
    List<BulkOutcome> out = new ArrayList<>();
    for (String id : taskIds) {
      try {
        switch (action) {
          case RESTART -> administration.restart(id);
          case STOP -> service.stop(id, Caller.ADMIN);
          case DELETE -> administration.delete(id);
        }
        out.add(new BulkOutcome(id, true, action.name().toLowerCase() + " done"));
      } catch (WebApplicationException e) {
        out.add(new BulkOutcome(id, false, e.getMessage()));
      } catch (RuntimeException e) {
        out.add(new BulkOutcome(id, false, e.toString()));
      }
    }
    long done = out.stream().filter(BulkOutcome::done).count();
    LOG.info(
        () -> action + " by " + admin + ": " + done + " done, " + (out.size() - done) + " skipped");
    return out;
  }

  /**
   * Sends a finished task's callback again.
   *
   * @throws WebApplicationException with the reason when that is refused
   */
  public void resendCallback(String taskId, String admin) {
    administration.resendCallback(taskId);
    LOG.info(() -> "Callback of " + taskId + " resent by " + admin);
  }

  /** The statistics rows dated from {@code from} to {@code to} (inclusive, null: no bound). */
  public List<StatisticsRow> statistics(LocalDate from, LocalDate to) {
    StringWriter csv = new StringWriter();
    statistics.export(from, to, csv);
    List<StatisticsRow> rows = new ArrayList<>();
    csv.toString()
        .lines()
        .skip(1)
        .forEach(
            line -> {
              try {
                rows.add(StatisticsRow.parse(line));
              } catch (IllegalArgumentException damaged) {
                // not a row: the statistics log skips it the same way
              }
            });
    return rows;
  }

  public void exportStatistics(LocalDate from, LocalDate to, Writer out) {
    statistics.export(from, to, out);
  }
}
