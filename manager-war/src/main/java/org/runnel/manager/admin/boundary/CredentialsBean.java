package org.runnel.manager.admin.boundary;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.ws.rs.WebApplicationException;
import java.io.Serializable;
import java.util.List;
import org.runnel.manager.admin.control.IssuedTokens;
import org.runnel.manager.admin.entity.Credential;

/**
 * Client and runner tokens: create one with a label, and for a client token the tenant whose tasks
 * it sees (the token is shown in this view only, once; the manager keeps its hash), and revoke one.
 */
@Named
@ViewScoped
public class CredentialsBean implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject IssuedTokens tokens;

  private String kind = Credential.CLIENT;
  private String label;
  private String tenant;
  private String issuedToken;
  private String issuedLabel;

  public void create() {
    try {
      IssuedTokens.Issued issued = tokens.create(kind, label, tenant, Pages.admin());
      issuedToken = issued.token();
      issuedLabel = issued.credential().label();
      label = null;
      Pages.info("Token created: copy it now, it will not be shown again");
    } catch (WebApplicationException e) {
      Pages.error(e.getMessage());
    }
  }

  public void revoke(String id) {
    issuedToken = null;
    try {
      tokens.revoke(id, Pages.admin());
      Pages.info("Token revoked");
    } catch (WebApplicationException e) {
      Pages.error(e.getMessage());
    }
  }

  /** Forgets the token just shown. */
  public void dismiss() {
    issuedToken = null;
  }

  public List<Credential> getCredentials() {
    return tokens.all();
  }

  public String time(String iso) {
    return Pages.time(iso);
  }

  public String getIssuedToken() {
    return issuedToken;
  }

  public String getIssuedLabel() {
    return issuedLabel;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getLabel() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }

  /** The tenant of a new client token (blank: {@code default}). */
  public String getTenant() {
    return tenant;
  }

  public void setTenant(String tenant) {
    this.tenant = tenant;
  }
}
