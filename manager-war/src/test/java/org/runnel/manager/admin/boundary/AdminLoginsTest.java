package org.runnel.manager.admin.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdminLoginsTest {

  private static final List<String> PROXY = List.of("10.0.0.2");

  @Test
  void forwardedForCountsOnlyFromATrustedProxyAndOnlyItsLastEntry() {
    assertEquals("203.0.113.9", AdminLogins.clientAddress("203.0.113.9", "1.2.3.4", PROXY));
    assertEquals("198.51.100.7", AdminLogins.clientAddress("10.0.0.2", "198.51.100.7", PROXY));
    assertEquals(
        "198.51.100.7",
        AdminLogins.clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.7", PROXY),
        "what the client wrote before the proxy's entry is ignored");
    assertEquals("10.0.0.2", AdminLogins.clientAddress("10.0.0.2", null, PROXY));
    assertEquals("10.0.0.2", AdminLogins.clientAddress("10.0.0.2", " , ", PROXY));
    assertEquals("10.0.0.2", AdminLogins.clientAddress("10.0.0.2", "198.51.100.7", List.of()));
  }
}
