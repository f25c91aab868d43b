package org.runnel.manager.admin.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.runnel.manager.admin.entity.RunnerFacts;
import org.runnel.manager.admin.entity.RunnerRow;

/**
 * The runners with their liveness, load, and the disk usage and GPU facts they report; drain one
 * (no new tasks) or enable it again.
 */
@Named
@ViewScoped
public class RunnersBean implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject AdminConsole console;

  private List<RunnerRow> runners;
  private Map<String, RunnerFacts> facts;

  @PostConstruct
  public void refresh() {
    runners = console.runners();
    facts = console.runnerFacts();
  }

  /** Disk usage and GPU facts the runner reported (cached a few seconds). */
  public RunnerFacts facts(String id) {
    return facts.getOrDefault(id, RunnerFacts.OFFLINE);
  }

  public void drain(String id) {
    console.drain(id, true, Pages.admin());
    Pages.info("Runner " + id + " drained: it gets no new task");
    refresh();
  }

  public void enable(String id) {
    console.drain(id, false, Pages.admin());
    Pages.info("Runner " + id + " enabled");
    refresh();
  }

  public String age(double seconds) {
    return Pages.duration(Math.round(seconds));
  }

  public String time(String iso) {
    return Pages.time(iso);
  }

  public List<RunnerRow> getRunners() {
    return runners;
  }
}
