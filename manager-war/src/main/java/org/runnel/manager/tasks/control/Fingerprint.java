package org.runnel.manager.tasks.control;

import java.util.Map;
import org.runnel.manager.security.entity.Tenant;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.protocol.ExecuteRequest;

/**
 * What makes two submissions "the same task" for the protocol's de-duplication: Pod re-submits its
 * pending tasks periodically, and a re-submission of a task still pending or running must return
 * that task instead of encoding the video twice. An empty notify_url and a missing one are the
 * same; so are missing and empty parameters. The tenant is part of it: a submission never returns
 * another tenant's task.
 */
public record Fingerprint(
    String tenant,
    String taskType,
    String sourceUrl,
    Map<String, Object> parameters,
    String notifyUrl,
    String appName,
    String etabName) {

  public Fingerprint {
    parameters = parameters == null ? Map.of() : parameters;
    notifyUrl = notifyUrl == null || notifyUrl.isBlank() ? null : notifyUrl;
  }

  /** A submission in the default tenant. */
  public static Fingerprint of(ExecuteRequest r) {
    return of(r, Tenant.DEFAULT);
  }

  public static Fingerprint of(ExecuteRequest r, String tenant) {
    return new Fingerprint(
        tenant,
        r.taskType(),
        r.sourceUrl(),
        r.parameters(),
        r.notifyUrl(),
        r.appName(),
        r.etabName());
  }

  public static Fingerprint of(Task t) {
    return new Fingerprint(
        t.tenant(),
        t.taskType(),
        t.sourceUrl(),
        t.parameters(),
        t.notifyUrl(),
        t.appName(),
        t.etabName());
  }
}
