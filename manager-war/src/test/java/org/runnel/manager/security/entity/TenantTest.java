package org.runnel.manager.security.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TenantTest {

  @Test
  void anEntryNamesItsTenantBeforeTheFirstColonElseItIsTheDefaultTenants() {
    assertEquals(new Tenant.Entry("univ-lille", "tok:en"), Tenant.Entry.parse("univ-lille:tok:en"));
    assertEquals(new Tenant.Entry("default", "plain-token"), Tenant.Entry.parse("plain-token"));
    assertEquals(new Tenant.Entry("default", "a b:c"), Tenant.Entry.parse("a b:c"), "not a name");
    assertEquals(new Tenant.Entry("default", ":abc"), Tenant.Entry.parse(":abc"));
    assertEquals(new Tenant.Entry("default", "abc:"), Tenant.Entry.parse("abc:"), "no token");
  }

  @Test
  void namesAreShortAndPlain() {
    assertTrue(Tenant.valid("um.fr_2-b"));
    assertFalse(Tenant.valid("-um"));
    assertFalse(Tenant.valid("u/m"));
    assertFalse(Tenant.valid("x".repeat(65)));
    assertEquals("default", Tenant.orDefault(null));
    assertEquals("default", Tenant.orDefault(" "));
  }

  @Test
  void aClientSeesItsTenantOnlyAnAdministratorEveryTenant() {
    Caller lille = new Caller("lille", "h", false);
    assertTrue(lille.sees("lille"));
    assertFalse(lille.sees("lyon"));
    assertFalse(lille.sees(null), "a task of an older version is the default tenant's");
    assertTrue(new Caller("default", "h", false).sees(null));
    assertTrue(Caller.ADMIN.sees("lyon"));
  }
}
