package org.runnel.manager.admin.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.runnel.manager.admin.entity.RunnerFacts;
import org.runnel.manager.runners.control.RunnerClient;
import org.runnel.manager.runners.entity.Runner;

/**
 * Disk usage and GPU facts of the runners for the runners page, asked from each runner ({@code GET
 * /runner/status}, a few seconds at most) when the page is rendered and kept for {@link #FRESH}, so
 * that the page's poll and several administrators watching it do not call a runner more often.
 */
@ApplicationScoped
public class RunnerReports {

  static final Duration FRESH = Duration.ofSeconds(10);

  private record Seen(Instant at, RunnerFacts facts) {}

  @Inject RunnerClient client;

  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  /** The runner's facts, asked again when older than {@link #FRESH}. */
  public RunnerFacts of(Runner runner, Instant now) {
    Seen s = seen.get(runner.id());
    if (s == null || s.at().plus(FRESH).isBefore(now)) {
      s = new Seen(now, RunnerFacts.of(client.runnerStatus(runner)));
      seen.put(runner.id(), s);
    }
    return s.facts();
  }
}
