package org.runnel.manager.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.runnel.manager.security.control.UrlPolicy.Problem;

class UrlPolicyTest {

  /** Literal addresses parse without DNS; names resolve as the test says. */
  private static InetAddress[] resolve(String host) throws UnknownHostException {
    return switch (host) {
      case "intranet.example" -> new InetAddress[] {InetAddress.getByName("10.1.2.3")};
      case "pod.example" -> new InetAddress[] {InetAddress.getByName("93.184.216.34")};
      default -> {
        if (host.matches("[0-9.]+") || host.contains(":")) {
          yield InetAddress.getAllByName(host);
        }
        throw new UnknownHostException(host);
      }
    };
  }

  private final UrlPolicy strict = new UrlPolicy(false, UrlPolicyTest::resolve);
  private final UrlPolicy lenient = new UrlPolicy(true, UrlPolicyTest::resolve);

  @Test
  void wordsProblemsAsTheProtocol() {
    assertEquals("notify_url must use http or https", Problem.SCHEME.describe("notify_url"));
    assertEquals("notify_url must include a host", Problem.HOST.describe("notify_url"));
    assertEquals(
        "notify_url must not contain credentials", Problem.CREDENTIALS.describe("notify_url"));
    assertEquals("notify_url host not allowed", Problem.PRIVATE_HOST.describe("notify_url"));
  }

  @Test
  void acceptsPublicHttpAndHttpsUrlsWithPathAndQuery() {
    assertEquals(Optional.empty(), strict.check("https://pod.example/video/cb?x=1"));
    assertEquals(Optional.empty(), strict.check("http://93.184.216.34:8080/cb"));
    assertEquals(Optional.empty(), strict.check("https://unresolvable.example/v.mp4"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://pod.example/cb", "file:///etc/passwd", "pod.example/cb", "", "::"})
  void refusesOtherSchemes(String url) {
    assertEquals(Optional.of(Problem.SCHEME), strict.check(url));
  }

  @Test
  void refusesMissingHostAndCredentials() {
    assertEquals(Optional.of(Problem.HOST), strict.check("https:///cb"));
    assertEquals(Optional.of(Problem.HOST), strict.check("http:cb"));
    assertEquals(Optional.of(Problem.CREDENTIALS), strict.check("https://u:p@pod.example/cb"));
    assertEquals(Optional.of(Problem.CREDENTIALS), lenient.check("https://user@127.0.0.1/cb"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://10.0.0.1/cb",
        "http://10.255.255.255/cb",
        "http://172.16.0.1/cb",
        "http://172.31.255.254/cb",
        "http://192.168.1.10/cb",
        "http://127.0.0.1:8000/cb",
        "http://127.8.9.10/cb",
        "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0/cb",
        "http://100.64.0.1/cb",
        "http://[::1]/cb",
        "http://[fc00::1]/cb",
        "http://[fd12:3456::1]/cb",
        "http://[fe80::1]/cb",
        "http://[::ffff:10.0.0.1]/cb",
        "http://localhost:8000/cb",
        "http://LOCALHOST/cb",
        "http://api.localhost/cb",
        "http://intranet.example/cb"
      })
  void refusesPrivateHostsUnlessAllowed(String url) {
    assertEquals(Optional.of(Problem.PRIVATE_HOST), strict.check(url), url);
    assertEquals(Optional.empty(), lenient.check(url), url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://172.15.255.255/",
        "http://172.32.0.1/",
        "http://11.0.0.1/",
        "http://[2001:db8::1]/"
      })
  void publicNeighboursOfPrivateRangesPass(String url) {
    assertEquals(Optional.empty(), strict.check(url), url);
  }

  @Test
  void runnerBaseUrlsHaveAtMostAContextPath() {
    assertEquals(Optional.empty(), lenient.checkBase("http://127.0.0.1:8082"));
    assertEquals(Optional.empty(), lenient.checkBase("http://127.0.0.1:8082/"));
    assertEquals(Optional.empty(), lenient.checkBase("http://127.0.0.1:8082/runnel-runner"));
    assertEquals(Optional.empty(), lenient.checkBase("http://127.0.0.1:8082/a/runner.v2/"));
    assertEquals(Optional.of(Problem.PATH), lenient.checkBase("http://127.0.0.1:8082/a/../b"));
    assertEquals(Optional.of(Problem.PATH), lenient.checkBase("http://127.0.0.1:8082/./b"));
    assertEquals(Optional.of(Problem.PATH), lenient.checkBase("http://127.0.0.1:8082/a%2Fb"));
    assertEquals(Optional.of(Problem.PATH), lenient.checkBase("http://127.0.0.1:8082/a//b"));
    assertEquals(Optional.of(Problem.PATH), lenient.checkBase("http://127.0.0.1:8082/a#f"));
    assertEquals(Optional.of(Problem.PATH), lenient.checkBase("http://127.0.0.1:8082/?a=b"));
    assertEquals(Optional.of(Problem.SCHEME), lenient.checkBase("tcp://127.0.0.1:8082"));
    assertEquals(Optional.of(Problem.CREDENTIALS), lenient.checkBase("http://a:b@127.0.0.1:8082"));
    assertEquals(Optional.of(Problem.PRIVATE_HOST), strict.checkBase("http://192.168.0.5:8082"));
  }

  @Test
  void classifiesAddresses() throws UnknownHostException {
    assertTrue(UrlPolicy.privateAddress(InetAddress.getByName("172.20.1.1")));
    assertFalse(UrlPolicy.privateAddress(InetAddress.getByName("8.8.8.8")));
    assertFalse(UrlPolicy.privateAddress(InetAddress.getByName("100.128.0.1")));
  }
}
