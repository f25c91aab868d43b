package org.runnel.manager.runners.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.runners.entity.DrainMark;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.security.Tokens;
import org.runnel.shared.store.RecordStore;

/**
 * The runners the manager knows and whether each can take work now. Registrations are persisted (a
 * restarted manager still knows where its runners are and which token to present to them);
 * heartbeats are kept in memory only, because writing a file every 15 s per runner buys nothing: a
 * restarted manager shows its runners offline until their next heartbeat, which comes within
 * seconds.
 *
 * <p>A runner takes work when its last heartbeat is younger than {@code
 * runnel.manager.heartbeat-timeout-seconds} and it is not known to be busy: it said so in a
 * heartbeat, or it just refused or failed a hand-over. It becomes available again with its next
 * {@code available} heartbeat or when it reports a completion.
 */
@ApplicationScoped
public class RunnerRegistry {

  private static final Logger LOG = Logger.getLogger(RunnerRegistry.class.getName());

  /**
   * What the manager knows about a runner right now.
   *
   * @param online heard from within the heartbeat timeout: it may be given work
   * @param silent not heard from for longer than the heartbeat timeout counted from the later of
   *     its last heartbeat and the manager's start: its attempts are lost. A restarted manager thus
   *     gives every runner one timeout to show up before taking its work away.
   * @param runningTasks the task ids its last heartbeat listed, or null when it sends none
   */
  public record Presence(
      Runner runner,
      Instant lastHeartbeat,
      boolean online,
      boolean available,
      boolean silent,
      List<String> runningTasks) {
    public double ageSeconds(Instant now) {
      return Math.max(0, Duration.between(lastHeartbeat, now).toMillis()) / 1000.0;
    }
  }

  private record Beat(Instant at, boolean available, List<String> runningTasks) {}

  @Inject RecordStore<Runner> store;
  @Inject RecordStore<DrainMark> drainMarks;

  @Inject
  @ConfigProperty(name = "runnel.manager.heartbeat-timeout-seconds")
  long heartbeatTimeoutSeconds;

  private final Map<String, Beat> beats = new ConcurrentHashMap<>();
  private final Instant booted = Instant.now();

  /** A registration without a list of running attempts (esup-runner runners). */
  public Optional<Runner> register(Runner runner, boolean available, Instant now) {
    return register(runner, available, null, now);
  }

  /**
   * Records of older versions hold the runner's token in clear: stored again without it. The runner
   * presents its token again with its next heartbeat, which is where a token that cannot be looked
   * up otherwise (issued by an older version) is learnt again.
   */
  @PostConstruct
  void migrate() {
    for (Runner r : store.values()) {
      if (r.token() != null) {
        store.put(r.id(), r.withoutToken());
      }
    }
  }

  /**
   * Records (or replaces) a runner's registration durably; it counts as just heard from.
   *
   * @param available false when the runner registered as {@code busy}
   * @param runningTasks the task ids the runner says it still runs (Runnel runners), or null
   * @return the registration it replaces, if the runner was known
   */
  public Optional<Runner> register(
      Runner runner, boolean available, List<String> runningTasks, Instant now) {
    Optional<Runner> previous = store.get(runner.id());
    previous
        .filter(old -> !Tokens.sameHash(old.tokenHash(), runner.tokenHash()))
        .ifPresent(
            old -> LOG.warning("Runner " + runner.id() + " re-registered with another token"));
    store.put(runner.id(), runner.withoutToken());
    beats.put(
        runner.id(),
        new Beat(now, available, runningTasks == null ? null : List.copyOf(runningTasks)));
    LOG.info(() -> "Registered " + runner);
    return previous;
  }

  /**
   * Records a heartbeat.
   *
   * @param availability {@code available}, {@code busy}, or null to keep what is known
   * @param runningTasks the ids the runner works on (Runnel runners), or null
   * @return whether the runner is now available for work
   * @throws jakarta.ws.rs.WebApplicationException 404 for an unknown runner (it re-registers), 403
   *     when the token is not the one the runner registered with
   */
  public boolean heartbeat(
      String id, String token, String availability, List<String> runningTasks, Instant now) {
    Runner runner = find(id).orElseThrow(() -> ApiError.of(404, "Runner not found"));
    requireOwnToken(runner, token, "Token does not match this runner");
    Beat beat =
        beats.compute(
            id,
            (k, old) ->
                new Beat(
                    now,
                    availability == null
                        ? old == null || old.available()
                        : !"busy".equalsIgnoreCase(availability),
                    runningTasks == null ? null : List.copyOf(runningTasks)));
    return beat.available();
  }

  /**
   * Throws 403 with {@code detail} unless {@code token} is the one {@code runner} registered with.
   */
  public static void requireOwnToken(Runner runner, String token, String detail) {
    if (runner == null
        || token == null
        || !Tokens.sameHash(runner.tokenHash(), Tokens.hash(token))) {
      throw ApiError.of(403, detail);
    }
  }

  public Optional<Runner> find(String id) {
    return store.get(id);
  }

  /** A hand-over to the runner failed: give it no more work until it says it is available. */
  public void markUnavailable(String id) {
    beats.computeIfPresent(id, (k, b) -> new Beat(b.at(), false, b.runningTasks()));
  }

  /** The runner finished an attempt, so it has a free slot whatever its last heartbeat said. */
  public void markAvailable(String id) {
    beats.computeIfPresent(id, (k, b) -> new Beat(b.at(), true, b.runningTasks()));
  }

  /**
   * An administrator drains a runner (it keeps its running attempts but gets no new task) or
   * enables it again. The decision is durable: it outlives a manager restart and the runner's
   * re-registration.
   *
   * @param by who decided, for the record
   * @throws jakarta.ws.rs.WebApplicationException 404 for an unknown runner
   */
  public void drain(String id, boolean drain, String by) {
    if (find(id).isEmpty()) {
      throw ApiError.of(404, "Runner not found: " + id);
    }
    if (drain) {
      drainMarks.put(id, new DrainMark(id, Instant.now().toString(), by));
    } else {
      drainMarks.remove(id);
    }
    LOG.info(() -> "Runner " + id + (drain ? " drained" : " enabled") + " by " + by);
  }

  public boolean drained(String id) {
    return drainMarks.get(id).isPresent();
  }

  /** Every known runner with its liveness, by id. */
  public List<Presence> all(Instant now) {
    Duration timeout = Duration.ofSeconds(heartbeatTimeoutSeconds);
    return store.values().stream()
        .sorted(Comparator.comparing(Runner::id))
        .map(
            r -> {
              Beat b = beats.get(r.id());
              if (b == null) {
                b = new Beat(Instant.parse(r.lastHeartbeat()), true, null);
              }
              boolean online = !b.at().plus(timeout).isBefore(now);
              Instant heard = b.at().isAfter(booted) ? b.at() : booted;
              boolean silent = heard.plus(timeout).isBefore(now);
              boolean takesWork = online && b.available() && !drained(r.id());
              return new Presence(r, b.at(), online, takesWork, silent, b.runningTasks());
            })
        .toList();
  }

  /** Runners that may be given work now. */
  public List<Runner> available(Instant now) {
    return all(now).stream().filter(Presence::available).map(Presence::runner).toList();
  }

  public long onlineCount(Instant now) {
    return all(now).stream().filter(Presence::online).count();
  }

  /** The heartbeat timeout, as configured. */
  public Duration heartbeatTimeout() {
    return Duration.ofSeconds(heartbeatTimeoutSeconds);
  }
}
