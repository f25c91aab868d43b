package org.runnel.manager.dispatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.runnel.manager.dispatch.control.AdmissionRules.Load;
import org.runnel.manager.dispatch.control.AdmissionRules.Mode;
import org.runnel.manager.dispatch.control.AdmissionRules.Refusal;

class AdmissionRulesTest {

  static final String PRIO = "https://pod.univ.fr/cb";
  static final String OTHER = "https://pod.example.org/cb";

  static Load load(long freeSlots, long pending, long runningOther, Long wait) {
    return new Load(4, freeSlots, pending, runningOther, wait, 300);
  }

  @Test
  void queueModeQueuesWithinItsBounds() {
    AdmissionRules rules = new AdmissionRules(Mode.QUEUE, 100, 3600, 503, DomainPolicy.off());
    assertEquals(Optional.empty(), rules.check(OTHER, load(0, 99, 0, 3000L)));
    assertEquals(Optional.empty(), rules.check(OTHER, load(0, 5, 0, null)), "no estimate yet");

    Refusal tooLong = rules.check(OTHER, load(0, 5, 0, 3601L)).orElseThrow();
    assertEquals(503, tooLong.status());
    assertEquals("No runners available", tooLong.detail());
    assertEquals(300, tooLong.retryAfterSeconds());

    Refusal full = rules.check(OTHER, load(0, 100, 0, 10L)).orElseThrow();
    assertEquals(503, full.status());
  }

  @Test
  void aFullQueueMayAnswer429() {
    AdmissionRules rules = new AdmissionRules(Mode.QUEUE, 100, 0, 429, DomainPolicy.off());
    Refusal full = rules.check(OTHER, load(0, 100, 0, 999_999L)).orElseThrow();
    assertEquals(429, full.status());
    assertEquals(AdmissionRules.QUEUE_FULL, full.detail());
    assertEquals(Optional.empty(), rules.check(OTHER, load(0, 99, 0, 999_999L)), "no wait bound");
  }

  @Test
  void esupModeRefusesWheneverNoSlotIsFree() {
    AdmissionRules rules = new AdmissionRules(Mode.ESUP, 100, 0, 503, DomainPolicy.off());
    assertEquals(Optional.empty(), rules.check(OTHER, load(1, 0, 0, null)));
    Refusal busy = rules.check(OTHER, load(0, 0, 0, null)).orElseThrow();
    assertEquals(503, busy.status());
    assertEquals("No runners available", busy.detail());
  }

  @Test
  void theDomainQuotaComesFirstAndSparesPriorityTasks() {
    DomainPolicy domains = new DomainPolicy(true, "univ.fr", 50);
    AdmissionRules rules = new AdmissionRules(Mode.QUEUE, 100, 0, 503, domains);
    Refusal quota = rules.check(OTHER, load(3, 0, 2, null)).orElseThrow();
    assertEquals(503, quota.status());
    assertEquals(
        "Non-priority domain rejected: maximum other-domain task quota reached", quota.detail());
    assertEquals(Optional.empty(), rules.check(OTHER, load(3, 0, 1, null)));
    assertTrue(rules.check(PRIO, load(3, 0, 9, null)).isEmpty());
  }
}
