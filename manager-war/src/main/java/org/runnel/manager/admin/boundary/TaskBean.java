package org.runnel.manager.admin.boundary;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.ws.rs.WebApplicationException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.runnel.manager.admin.entity.BulkOutcome;
import org.runnel.manager.tasks.boundary.TaskView;
import org.runnel.shared.json.Json;

/**
 * One task: who asked for what, its status and attempts, progress with ETA and the live log tail
 * while it runs (polled), the script output and result files after, the callback's delivery with a
 * resend, and restart, stop or delete of this task alone.
 */
@Named
@ViewScoped
public class TaskBean implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject AdminConsole console;

  private String id;
  private TaskView task;
  private String log;
  private List<String> files = List.of();
  private List<String> lostAttempts = List.of();
  private List<BulkOutcome> outcomes = List.of();

  /** Loads the task named by the {@code id} view parameter. */
  public void load() {
    task = console.task(id).orElse(null);
    log = task == null ? null : console.log(id);
    files = task == null || isActive() ? List.of() : console.resultFiles(id);
    lostAttempts = console.lostAttempts(id);
    if (task == null && id != null) {
      Pages.error("Task " + id + " not found");
    }
  }

  public void resend() {
    try {
      console.resendCallback(id, Pages.admin());
      Pages.info("Callback sent again");
    } catch (WebApplicationException e) {
      Pages.error("Callback not resent: " + e.getMessage());
    }
    load();
  }

  public void restart() {
    act(AdminConsole.Action.RESTART);
  }

  public void stop() {
    act(AdminConsole.Action.STOP);
  }

  public String delete() {
    act(AdminConsole.Action.DELETE);
    return outcomes.get(0).done() ? "/admin/tasks.xhtml?faces-redirect=true" : null;
  }

  private void act(AdminConsole.Action action) {
    outcomes = console.bulk(action, List.of(id), Pages.admin());
    BulkOutcome o = outcomes.get(0);
    if (o.done()) {
      Pages.info(o.message());
    } else {
      Pages.error(action.name().toLowerCase() + " refused: " + o.message());
    }
    load();
  }

  /** Whether the page should keep polling: pending or running. */
  public boolean isActive() {
    return task != null && ("pending".equals(task.status()) || "running".equals(task.status()));
  }

  public boolean isFinished() {
    return task != null && !isActive();
  }

  public int getPercent() {
    return task == null || task.progress() == null ? 0 : (int) Math.round(task.progress());
  }

  public String getEta() {
    return task == null ? "" : Pages.duration(task.etaSeconds());
  }

  public String getLastReport() {
    return console.lastReport(id).map(at -> Pages.time(at.toString())).orElse("none yet");
  }

  public String getParameters() {
    if (task == null || task.parameters().isEmpty()) {
      return "{}";
    }
    Map<String, Object> sorted = new TreeMap<>(task.parameters());
    return Json.jsonb()
        .toJson(sorted)
        .replace(",\"", ",\n  \"")
        .replace("{\"", "{\n  \"")
        .replaceAll("}$", "\n}");
  }

  /** Where the result files are listed and downloaded (the client API, with a client token). */
  public String getResultUrl() {
    return "/task/result/" + id;
  }

  public String time(String iso) {
    return Pages.time(iso);
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public TaskView getTask() {
    return task;
  }

  public String getLog() {
    return log;
  }

  public List<String> getLostAttempts() {
    return lostAttempts;
  }

  public List<String> getFiles() {
    return files;
  }

  public List<BulkOutcome> getOutcomes() {
    return outcomes;
  }
}
