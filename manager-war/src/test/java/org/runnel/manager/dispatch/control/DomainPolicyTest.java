package org.runnel.manager.dispatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DomainPolicyTest {

  @Test
  void thePriorityDomainAndItsSubdomainsArePriority() {
    DomainPolicy p = new DomainPolicy(true, "Univ.FR", 20);
    assertTrue(p.priority("https://univ.fr/notify"));
    assertTrue(p.priority("https://pod.UNIV.fr:8443/notify"));
    assertFalse(p.priority("https://notuniv.fr/notify"), "suffix match on labels only");
    assertFalse(p.priority("https://univ.fr.evil.org/notify"));
    assertFalse(p.priority(""), "no notify_url is not priority");
    assertFalse(p.priority(null));
    assertTrue(DomainPolicy.off().priority(null), "priorities off: everything is equal");
  }

  @Test
  void theQuotaIsAPercentOfRunnersAndAtLeastOne() {
    DomainPolicy p = new DomainPolicy(true, "univ.fr", 20);
    assertEquals(1, p.otherQuota(0));
    assertEquals(1, p.otherQuota(4));
    assertEquals(2, p.otherQuota(10));
    assertEquals(2, p.otherQuota(14));
  }
}
