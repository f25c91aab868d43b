package org.runnel.manager.admin.boundary;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.runnel.manager.admin.entity.BulkOutcome;
import org.runnel.manager.admin.entity.DateRange;
import org.runnel.manager.admin.entity.TaskFilter;
import org.runnel.manager.tasks.boundary.TaskView;
import org.runnel.shared.task.TaskStatus;
import org.runnel.shared.task.TaskTypes;

/**
 * The task table: filters and search above a lazy, paginated table (only the page shown is turned
 * into views), and bulk restart, stop and delete of the selected tasks, each confirmed on the page
 * and answered task by task.
 */
@Named
@ViewScoped
public class TasksBean implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject AdminConsole console;

  private String status;
  private String taskType;
  private String runnerId;
  private String etabName;
  private final DateRange created = new DateRange();
  private String text;
  private List<TaskView> selected = new ArrayList<>();
  private List<BulkOutcome> outcomes = List.of();

  private final LazyDataModel<TaskView> model =
      new LazyDataModel<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
          return console.find(filter()).size();
        }

        @Override
        public List<TaskView> load(
            int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> f) {
          var all = console.find(filter());
          setRowCount(all.size());
          int end = Math.min(all.size(), first + pageSize);
          return first >= end ? List.of() : console.views(all.subList(first, end));
        }

        @Override
        public String getRowKey(TaskView t) {
          return t.taskId();
        }

        @Override
        public TaskView getRowData(String key) {
          return console.task(key).orElse(null);
        }
      };

  TaskFilter filter() {
    return new TaskFilter(
        status, taskType, runnerId, etabName, created.getFrom(), created.getTo(), text);
  }

  /** Clears the selection when the filter changes, so no hidden task is acted upon. */
  public void search() {
    selected = new ArrayList<>();
  }

  public void reset() {
    status = null;
    taskType = null;
    runnerId = null;
    etabName = null;
    created.setFrom(null);
    created.setTo(null);
    text = null;
    search();
  }

  public void restart() {
    bulk(AdminConsole.Action.RESTART);
  }

  public void stop() {
    bulk(AdminConsole.Action.STOP);
  }

  public void delete() {
    bulk(AdminConsole.Action.DELETE);
  }

  private void bulk(AdminConsole.Action action) {
    if (selected == null || selected.isEmpty()) {
      Pages.error("Select at least one task");
      return;
    }
    List<String> ids = selected.stream().map(TaskView::taskId).toList();
    outcomes = console.bulk(action, ids, Pages.admin());
    long done = outcomes.stream().filter(BulkOutcome::done).count();
    String summary =
        action.name().toLowerCase()
            + ": "
            + done
            + " done, "
            + (outcomes.size() - done)
            + " skipped";
    if (done == outcomes.size()) {
      Pages.info(summary);
    } else {
      Pages.error(summary);
    }
    selected = new ArrayList<>();
  }

  public List<String> getStatuses() {
    return Arrays.stream(TaskStatus.values()).map(TaskStatus::wire).toList();
  }

  public List<String> getTaskTypes() {
    return TaskTypes.ALL;
  }

  public List<String> getRunnerIds() {
    return console.runners().stream().map(r -> r.id()).toList();
  }

  public String time(String iso) {
    return Pages.time(iso);
  }

  public LazyDataModel<TaskView> getModel() {
    return model;
  }

  public List<BulkOutcome> getOutcomes() {
    return outcomes;
  }

  public List<TaskView> getSelected() {
    return selected;
  }

  public void setSelected(List<TaskView> selected) {
    this.selected = selected;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getTaskType() {
    return taskType;
  }

  public void setTaskType(String taskType) {
    this.taskType = taskType;
  }

  public String getRunnerId() {
    return runnerId;
  }

  public void setRunnerId(String runnerId) {
    this.runnerId = runnerId;
  }

  public String getEtabName() {
    return etabName;
  }

  public void setEtabName(String etabName) {
    this.etabName = etabName;
  }

  public DateRange getCreated() {
    return created;
  }

  public String getText() {
    return text;
  }

  public void setText(String text) {
    this.text = text;
  }
}
