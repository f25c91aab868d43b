package org.runnel.manager.admin.entity;

import java.io.Serializable;

/**
 * What a bulk action did to one task: done, or skipped with the reason the service gave (e.g. "Task
 * is running: stop it first").
 */
public record BulkOutcome(String taskId, boolean done, String message) implements Serializable {}
