package org.runnel.manager.admin.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.runnel.manager.admin.entity.Attention;
import org.runnel.manager.admin.entity.RunnerRow;
import org.runnel.manager.admin.entity.Summary;
import org.runnel.manager.admin.entity.TaskFilter;
import org.runnel.manager.tasks.boundary.TaskView;

/** The dashboard: figures, runners, what needs attention and the latest tasks, polled. */
@Named
@ViewScoped
public class DashboardBean implements Serializable {

  private static final long serialVersionUID = 1L;
  static final int LATEST = 10;

  @Inject AdminConsole console;

  private Summary summary;
  private List<Attention> attention;
  private List<RunnerRow> runners;
  private List<TaskView> latest;

  @PostConstruct
  public void refresh() {
    summary = console.summary();
    attention = console.attention();
    runners = console.runners();
    latest = console.views(console.find(TaskFilter.ALL).stream().limit(LATEST).toList());
  }

  public String age(double seconds) {
    return Pages.duration(Math.round(seconds));
  }

  public String time(String iso) {
    return Pages.time(iso);
  }

  public Summary getSummary() {
    return summary;
  }

  public List<Attention> getAttention() {
    return attention;
  }

  public List<RunnerRow> getRunners() {
    return runners;
  }

  public List<TaskView> getLatest() {
    return latest;
  }
}
