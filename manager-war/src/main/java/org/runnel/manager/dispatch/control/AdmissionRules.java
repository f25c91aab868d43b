package org.runnel.manager.dispatch.control;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a new task may join the queue (protocol §1 step 3 and §5), in the protocol's order: the
 * domain quota first, then capacity.
 *
 * <ul>
 *   <li>{@code queue} mode (Runnel's default): the task waits as {@code pending} while the queue is
 *       shorter than {@code queueMax} and its estimated wait is under {@code maxWaitSeconds} (0 =
 *       no bound; an unknown estimate, with no runner of its type online, is not refused);
 *   <li>{@code esup} mode reproduces esup-runner: refused unless a runner slot for its type is free
 *       right now (not already promised to a pending task).
 * </ul>
 *
 * A refusal is the protocol's 503 {@code No runners available}, so that a client with several
 * managers overflows to the next one; a full queue may answer 429 instead where operators prefer.
 */
public record AdmissionRules(
    Mode mode, long queueMax, long maxWaitSeconds, int fullStatus, DomainPolicy domains) {

  /** How capacity shortage is handled. */
  public enum Mode {
    QUEUE,
    ESUP;

    public static Mode of(String value) {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
  }

  public static final String NO_RUNNERS = "No runners available";
  public static final String QUEUE_FULL = "Too many tasks waiting: try again later";
  public static final String QUOTA =
      "Non-priority domain rejected: maximum other-domain task quota reached";

  /**
   * What the manager knows at submission time.
   *
   * @param onlineRunners runners with a recent heartbeat
   * @param freeSlots slots of available runners serving the type, minus pending tasks of the type
   * @param pendingTotal tasks waiting
   * @param runningOther non-priority tasks running now
   * @param estimatedWait estimated wait of the new task in seconds, or null when unknown
   * @param averageSeconds average run time of the task's type
   */
  public record Load(
      int onlineRunners,
      long freeSlots,
      long pendingTotal,
      long runningOther,
      Long estimatedWait,
      double averageSeconds) {}

  /** Why a task is refused. */
  public record Refusal(int status, String detail, long retryAfterSeconds) {}

  public Optional<Refusal> check(String notifyUrl, Load load) {
    if (!domains.priority(notifyUrl)
        && load.runningOther() >= domains.otherQuota(load.onlineRunners())) {
      return Optional.of(new Refusal(503, QUOTA, retryAfter(load)));
    }
    boolean refused =
        switch (mode) {
          case ESUP -> load.freeSlots() <= 0;
          case QUEUE ->
              load.pendingTotal() >= queueMax
                  || (maxWaitSeconds > 0
                      && load.estimatedWait() != null
                      && load.estimatedWait() > maxWaitSeconds);
        };
    if (refused) {
      boolean full = mode == Mode.QUEUE && load.pendingTotal() >= queueMax && fullStatus == 429;
      return Optional.of(
          new Refusal(full ? 429 : 503, full ? QUEUE_FULL : NO_RUNNERS, retryAfter(load)));
    }
    return Optional.empty();
  }

  /** A client should try again after about one average run, between 10 s and an hour. */
  private static long retryAfter(Load load) {
    return Math.max(10, Math.min(3600, Math.round(load.averageSeconds())));
  }
}
