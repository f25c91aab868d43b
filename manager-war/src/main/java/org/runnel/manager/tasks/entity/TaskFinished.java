package org.runnel.manager.tasks.entity;

/**
 * CDI event fired once each time a task reaches an outcome (completed, failed, timeout; a pending
 * task cancelled; an attempt lost for the last time), after the outcome is on disk and outside the
 * task registry's lock. Callbacks, statistics, run-time estimates and the administrator's e-mail
 * hang off it, so that the code deciding outcomes does not know them.
 *
 * @param attemptsExhausted whether the task failed because its runners kept losing it
 */
public record TaskFinished(Task task, boolean attemptsExhausted) {}
