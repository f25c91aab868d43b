package org.runnel.manager.admin.entity;

import java.io.Serializable;

/**
 * Something an administrator should look at: an offline runner, a task that failed or whose
 * callback did not arrive, a running task that stopped making progress.
 *
 * @param kind short label (runner offline, task failed, callback uncertain, no progress...)
 * @param subject the runner or task id
 * @param taskId the task to open, null for a runner
 */
public record Attention(String kind, String subject, String detail, String taskId)
    implements Serializable {}
