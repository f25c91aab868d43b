package org.runnel.manager.admin.entity;

import java.io.Serializable;

/**
 * The dashboard's figures at one moment. "Today" and "this month" are the manager's local dates.
 */
public record Summary(
    long runnersOnline,
    long runnersOffline,
    long pending,
    long running,
    long completedToday,
    long failedToday,
    long tasksThisMonth)
    implements Serializable {}
