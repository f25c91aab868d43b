package org.runnel.manager.security.entity;

/**
 * Who made a client-facing call, as the authenticator established it.
 *
 * @param tenant the tenant of the client's credential; null for an administrator
 * @param credential the reference of the client's credential (its token's SHA-256): what a task
 *     keeps to sign its callback, instead of the token; null for an administrator
 * @param admin an administrator's token (admin API): sees every tenant's tasks
 */
public record Caller(String tenant, String credential, boolean admin) {

  /** An administrator (admin API or console). */
  public static final Caller ADMIN = new Caller(null, null, true);

  /** Whether this caller may see (and act on) a task of {@code taskTenant}. */
  public boolean sees(String taskTenant) {
    return admin || tenant.equals(Tenant.orDefault(taskTenant));
  }
}
