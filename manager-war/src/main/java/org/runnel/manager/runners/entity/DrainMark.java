package org.runnel.manager.runners.entity;

/**
 * An administrator's decision that a runner gets no new task, kept on disk so that it outlives a
 * manager restart and the runner's own re-registration (a runner restarted during maintenance must
 * not start taking work again by itself).
 *
 * @param at when it was drained (ISO-8601)
 * @param by the administrator, as the console or the admin API names them
 */
public record DrainMark(String runnerId, String at, String by) {}
