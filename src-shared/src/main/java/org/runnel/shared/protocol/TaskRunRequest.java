package org.runnel.shared.protocol;

import java.util.Map;

/**
 * Body of {@code POST /task/run} (manager → runner): the client's request fields plus the task id,
 * the URL the runner reports completion to, and Runnel's attempt fence {@code run_id}, which an
 * esup-runner runner ignores.
 */
public record TaskRunRequest(
    String taskId,
    String etabName,
    String appName,
    String appVersion,
    String taskType,
    String sourceUrl,
    String notifyUrl,
    String affiliation,
    Map<String, Object> parameters,
    String completionCallback,
    String runId) {}
