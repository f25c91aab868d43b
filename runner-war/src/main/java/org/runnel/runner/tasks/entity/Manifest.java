package org.runnel.runner.tasks.entity;

import java.util.List;

/**
 * The result manifest of the protocol ({@code GET /task/result/{id}}): the result files, as names
 * relative to the task's output folder. The manifest does not list itself.
 */
public record Manifest(String taskId, List<String> files) {}
