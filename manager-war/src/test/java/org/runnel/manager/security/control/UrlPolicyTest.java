package org.runnel.manager.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.runnel.shared.net.UrlPolicy.Problem;

/**
 * How the manager's keys map onto the shared policy (whose rules are tested in src-shared): the
 * older {@code allow-private-urls} sets both kinds; each newer key overrides it for its kind.
 */
class UrlPolicyTest {

  private static final String LAN_RUNNER = "http://192.168.0.5:8080/runner";
  private static final String LAN_SOURCE = "http://192.168.0.9/v.mp4";

  private static UrlPolicy produce(
      boolean legacy, Boolean client, Boolean runner, String clientHosts) {
    UrlPolicyProducer p = new UrlPolicyProducer();
    p.allowPrivate = legacy;
    p.allowPrivateClient = Optional.ofNullable(client);
    p.allowPrivateRunner = Optional.ofNullable(runner);
    p.clientAllowed = Optional.ofNullable(clientHosts);
    p.runnerAllowed = Optional.empty();
    return p.policy();
  }

  @Test
  void theOlderKeyAloneSetsBothKinds() {
    UrlPolicy off = produce(false, null, null, null);
    assertEquals(Optional.of(Problem.PRIVATE_HOST), off.check(LAN_SOURCE));
    assertEquals(Optional.of(Problem.PRIVATE_HOST), off.checkBase(LAN_RUNNER));
    UrlPolicy on = produce(true, null, null, null);
    assertEquals(Optional.empty(), on.check(LAN_SOURCE));
    assertEquals(Optional.empty(), on.checkBase(LAN_RUNNER));
  }

  @Test
  void runnersOnTheLanWithoutOpeningClientUrls() {
    UrlPolicy p = produce(false, null, true, null);
    assertEquals(Optional.empty(), p.checkBase(LAN_RUNNER));
    assertEquals(Optional.of(Problem.PRIVATE_HOST), p.check(LAN_SOURCE));
    UrlPolicy q = produce(true, false, null, null);
    assertEquals(Optional.empty(), q.checkBase(LAN_RUNNER));
    assertEquals(Optional.of(Problem.PRIVATE_HOST), q.check(LAN_SOURCE));
  }

  @Test
  void aClientAllowListOpensOnlyItsHosts() {
    UrlPolicy p = produce(false, null, null, "192.168.0.9, 10.9.9.9");
    assertEquals(Optional.empty(), p.check(LAN_SOURCE));
    assertEquals(Optional.of(Problem.PRIVATE_HOST), p.check("http://192.168.0.10/v.mp4"));
    assertEquals(Optional.of(Problem.PRIVATE_HOST), p.checkBase("http://192.168.0.9:8082"));
  }
}
