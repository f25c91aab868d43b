package org.runnel.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.runnel.shared.protocol.ProtocolVersion;
import org.runnel.shared.protocol.ProtocolVersion.Verdict;

class ProtocolVersionTest {

  @Test
  void sameMajorMinorIsCompatibleWhateverThePatch() {
    assertEquals(Verdict.COMPATIBLE, ProtocolVersion.check("1.7.1"));
    assertEquals(Verdict.COMPATIBLE, ProtocolVersion.check("1.7.0"));
    assertEquals(Verdict.COMPATIBLE, ProtocolVersion.check("1.7.42"));
  }

  @Test
  void numbersTooLargeForAnIntAreMalformedNotAnError() {
    assertEquals(Verdict.MALFORMED, ProtocolVersion.check("999999999999999999999.1.1"));
    assertEquals(Verdict.MALFORMED, ProtocolVersion.check("1.7.99999999999"));
  }

  @Test
  void otherMinorOrMajorIsAMismatch() {
    assertEquals(Verdict.MISMATCH, ProtocolVersion.check("1.6.9"));
    assertEquals(Verdict.MISMATCH, ProtocolVersion.check("2.7.1"));
    assertTrue(ProtocolVersion.mismatchMessage("1.6.9").startsWith("Version mismatch: "));
  }

  @Test
  void missingAndMalformedAreTold() {
    assertEquals(Verdict.MISSING, ProtocolVersion.check(null));
    assertEquals(Verdict.MISSING, ProtocolVersion.check(" "));
    assertEquals(Verdict.MALFORMED, ProtocolVersion.check("1.7"));
    assertEquals(Verdict.MALFORMED, ProtocolVersion.check("v1.7.1"));
  }
}
