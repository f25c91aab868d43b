package org.runnel.manager.admin.entity;

import java.io.Serializable;
import java.time.Instant;

/**
 * A client or runner token issued from the admin pages: only its SHA-256 hash is kept (the token is
 * shown once, when created), with a label saying whose it is. A revoked credential stays listed,
 * with when and by whom, but no longer authenticates anyone.
 *
 * @param kind {@value #CLIENT} or {@value #RUNNER}
 */
public record Credential(
    String id,
    String kind,
    String label,
    String tokenHash,
    String createdAt,
    String createdBy,
    String revokedAt,
    String revokedBy)
    implements Serializable {

  public static final String CLIENT = "client";
  public static final String RUNNER = "runner";

  public boolean active() {
    return revokedAt == null;
  }

  public Credential revoked(Instant now, String admin) {
    return new Credential(id, kind, label, tokenHash, createdAt, createdBy, now.toString(), admin);
  }

  @Override
  public String toString() {
    return "Credential[" + id + ", " + kind + ", " + label + "]";
  }
}
