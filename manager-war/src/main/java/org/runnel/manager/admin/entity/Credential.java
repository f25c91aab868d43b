package org.runnel.manager.admin.entity;

import java.io.Serializable;
import java.time.Instant;
import org.runnel.manager.security.entity.Tenant;

/**
 * A client or runner token issued from the admin pages: only its SHA-256 hash is kept (the token is
 * shown once, when created, and can be derived again only with the manager's credential key), with
 * a label saying whose it is and, for a client token, the tenant whose tasks it sees. A revoked
 * credential stays listed, with when and by whom, but no longer authenticates anyone, and the
 * manager no longer presents its token (a pending callback signed with it is not sent).
 *
 * @param kind {@value #CLIENT} or {@value #RUNNER}
 * @param tenant the tenant of a client token; null in records written before tenants existed, read
 *     as {@link Tenant#DEFAULT}
 */
public record Credential(
    String id,
    String kind,
    String label,
    String tokenHash,
    String createdAt,
    String createdBy,
    String revokedAt,
    String revokedBy,
    String tenant)
    implements Serializable {

  public static final String CLIENT = "client";
  public static final String RUNNER = "runner";

  public boolean active() {
    return revokedAt == null;
  }

  /** The tenant, {@link Tenant#DEFAULT} when none was recorded. */
  public String tenantName() {
    return Tenant.orDefault(tenant);
  }

  public Credential revoked(Instant now, String admin) {
    return new Credential(
        id, kind, label, tokenHash, createdAt, createdBy, now.toString(), admin, tenant);
  }

  @Override
  public String toString() {
    return "Credential[" + id + ", " + kind + ", " + label + "]";
  }
}
