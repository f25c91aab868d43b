package org.runnel.manager.tasks.entity;

import java.time.Instant;

/**
 * The last progress report of a running attempt, as its runner sent it: kept in memory only, since
 * it is stale within seconds and a restarted manager gets the next report soon enough.
 *
 * @param progress percent done, 0–100, or null when the runner did not say
 * @param etaSeconds the runner's estimate of the time left, or null
 * @param logTail the last lines of the attempt's log, or null
 */
public record Progress(
    String runId, Double progress, Long etaSeconds, String logTail, Instant at) {}
