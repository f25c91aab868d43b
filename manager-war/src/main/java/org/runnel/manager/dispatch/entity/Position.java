package org.runnel.manager.dispatch.entity;

/**
 * Where a pending task stands in the queue, as {@code GET /task/status/{id}} shows it.
 *
 * @param rank 1 for the next task to get a runner
 * @param total how many tasks are pending
 * @param etaSeconds estimated wait before a runner takes it, or null when no runner serving its
 *     type is online
 */
public record Position(int rank, int total, Long etaSeconds) {}
