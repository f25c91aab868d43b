package org.runnel.shared.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.runnel.shared.net.UrlPolicy.Problem;
import org.runnel.shared.net.UrlPolicy.Scope;

class UrlPolicyTest {

  /** Literal addresses parse without DNS; names resolve as the test says. */
  static InetAddress[] resolve(String host) throws UnknownHostException {
    return switch (host) {
      case "intranet.example" -> addresses("10.1.2.3");
      case "pod.example" -> addresses("93.184.216.34");
      case "mixed.example" -> addresses("93.184.216.34", "127.0.0.1");
      case "six.example" -> addresses("2606:4700::1111", "::1");
      case "media.lan" -> addresses("192.168.10.20");
      default -> {
        if (host.matches("[0-9.]+") || host.contains(":")) {
          yield InetAddress.getAllByName(host);
        }
        throw new UnknownHostException(host);
      }
    };
  }

  private static InetAddress[] addresses(String... literals) throws UnknownHostException {
    InetAddress[] out = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) {
      out[i] = InetAddress.getByName(literals[i]);
    }
    return out;
  }

  private static UrlPolicy policy(Scope client, Scope runner) {
    return new UrlPolicy(client, runner, UrlPolicyTest::resolve);
  }

  private final UrlPolicy strict = policy(Scope.PUBLIC, Scope.PUBLIC);
  private final UrlPolicy lenient = policy(Scope.ANY, Scope.ANY);

  @Test
  void wordsProblemsAsTheProtocol() {
    assertEquals("notify_url must use http or https", Problem.SCHEME.describe("notify_url"));
    assertEquals("notify_url must include a host", Problem.HOST.describe("notify_url"));
    assertEquals(
        "notify_url must not contain credentials", Problem.CREDENTIALS.describe("notify_url"));
    assertEquals("notify_url host not allowed", Problem.PRIVATE_HOST.describe("notify_url"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://pod.example/video/cb?x=1",
        "http://93.184.216.34:8080/cb",
        "https://unresolvable.example/v.mp4",
        "HTTPS://POD.EXAMPLE./v.mp4",
        "http://172.15.255.255/",
        "http://172.32.0.1/",
        "http://11.0.0.1/",
        "http://100.128.0.1/",
        "http://1.1.1.1/",
        "http://[2606:4700::1111]/v.mp4",
        "http://[2002:5db8:d822::1]/v.mp4", // 6to4 of a public address
        "http://[64:ff9b::5db8:d822]/v.mp4", // NAT64 of a public address
        "http://1.2.3.4.nip.example/v.mp4"
      })
  void publicHostsPass(String url) {
    assertEquals(Optional.empty(), strict.check(url), url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://pod.example/cb",
        "file:///etc/passwd",
        "gopher://pod.example:70/_x",
        "ldap://pod.example/dc=x",
        "dict://pod.example:11211/stat",
        "ws://pod.example/x",
        "pod.example/cb",
        "//pod.example/cb",
        "",
        "::"
      })
  void refusesOtherSchemes(String url) {
    assertEquals(Optional.of(Problem.SCHEME), strict.check(url), url);
    assertEquals(Optional.of(Problem.SCHEME), lenient.check(url), url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jar:http://pod.example/a.jar!/x",
        "http:cb",
        "https:///cb",
        "http://pod.example:0/v.mp4",
        "http://pod.example:70000/v.mp4",
        "http://under_score.example/v.mp4"
      })
  void refusesUrlsWithoutAUsableHost(String url) {
    Optional<Problem> p = lenient.check(url);
    assertTrue(p.equals(Optional.of(Problem.HOST)) || p.equals(Optional.of(Problem.SCHEME)), url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://u:p@pod.example/cb",
        "https://user@127.0.0.1/cb",
        "https://@pod.example/cb",
        "http://pod.example%40evil.example/cb"
      })
  void refusesUserInfo(String url) {
    Optional<Problem> p = lenient.check(url);
    assertTrue(
        p.equals(Optional.of(Problem.CREDENTIALS)) || p.equals(Optional.of(Problem.HOST)), url);
    assertFalse(strict.check(url).isEmpty(), url);
  }

  /** Spellings a C resolver reads as another address: refused even where private hosts pass. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://0x7f000001/",
        "http://0X7F.0.0.1/",
        "http://017700000001/",
        "http://0177.0.0.1/",
        "http://010.8.8.8/",
        "http://2130706433/",
        "http://127.1/",
        "http://127.0.1/",
        "http://1.2.3.04/",
        "http://256.1.1.1/",
        "http://[::1%25lo]/",
        "http://[fe80::1%25eth0]/",
        "http://[fe80::1%eth0]/"
      })
  void refusesAmbiguousHostForms(String url) {
    Optional<Problem> p = lenient.check(url);
    assertTrue(p.isPresent(), url);
    assertFalse(strict.check(url).isEmpty(), url);
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
        "http://0.1.2.3/cb",
        "http://100.64.0.1/cb",
        "http://100.127.255.254/cb",
        "http://192.0.0.8/cb",
        "http://192.0.2.1/cb",
        "http://198.18.0.1/cb",
        "http://198.51.100.7/cb",
        "http://203.0.113.9/cb",
        "http://224.0.0.1/cb",
        "http://239.255.255.250/cb",
        "http://240.0.0.1/cb",
        "http://255.255.255.255/cb",
        "http://[::1]/cb",
        "http://[::]/cb",
        "http://[::127.0.0.1]/cb",
        "http://[::ffff:127.0.0.1]/cb",
        "http://[::ffff:10.0.0.1]/cb",
        "http://[::ffff:7f00:1]/cb",
        "http://[64:ff9b::7f00:1]/cb",
        "http://[64:ff9b::10.0.0.1]/cb",
        "http://[64:ff9b:1::1]/cb",
        "http://[2002:7f00:1::]/cb",
        "http://[2002:a00:1::1]/cb",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/cb",
        "http://[2001:db8::1]/cb",
        "http://[3fff::1]/cb",
        "http://[100::1]/cb",
        "http://[fc00::1]/cb",
        "http://[fd12:3456::1]/cb",
        "http://[fe80::1]/cb",
        "http://[fec0::1]/cb",
        "http://[ff02::1]/cb",
        "http://localhost:8000/cb",
        "http://LOCALHOST/cb",
        "http://localhost./cb",
        "http://api.localhost/cb",
        "http://ip6-localhost/cb",
        "http://ip6-loopback:8080/cb",
        "http://localhost.localdomain/cb",
        "http://intranet.example/cb",
        "http://mixed.example/cb",
        "http://six.example/cb"
      })
  void refusesPrivateAndSpecialHostsUnlessAllowed(String url) {
    assertEquals(Optional.of(Problem.PRIVATE_HOST), strict.check(url), url);
    assertEquals(Optional.empty(), lenient.check(url), url);
  }

  @Test
  void clientAndRunnerUrlsHaveTheirOwnSwitch() {
    UrlPolicy lanRunners = policy(Scope.PUBLIC, Scope.ANY);
    assertEquals(Optional.empty(), lanRunners.checkBase("http://192.168.0.5:8082"));
    assertEquals(
        Optional.of(Problem.PRIVATE_HOST), lanRunners.check("http://192.168.0.5:8082/v.mp4"));
    UrlPolicy privateClients = policy(Scope.ANY, Scope.PUBLIC);
    assertEquals(Optional.empty(), privateClients.check("http://192.168.0.5:8082/v.mp4"));
    assertEquals(
        Optional.of(Problem.PRIVATE_HOST), privateClients.checkBase("http://192.168.0.5:8082"));
  }

  @Test
  void allowListsLetNamedHostsAndRangesThrough() {
    UrlPolicy p =
        policy(
            Scope.of(false, List.of("media.lan", " 10.1.0.0/16", "*.intranet.example", "")),
            Scope.of(false, List.of("fd00::/8", "192.168.7.7")));
    assertEquals(Optional.empty(), p.check("http://media.lan/v.mp4"));
    assertEquals(Optional.empty(), p.check("http://MEDIA.LAN./v.mp4"));
    assertEquals(Optional.empty(), p.check("http://10.1.200.3/v.mp4"));
    assertEquals(Optional.empty(), p.check("http://intranet.example/v.mp4"), "resolves in range");
    assertEquals(Optional.of(Problem.PRIVATE_HOST), p.check("http://10.2.0.1/v.mp4"));
    assertEquals(Optional.of(Problem.PRIVATE_HOST), p.check("http://127.0.0.1/v.mp4"));
    assertEquals(Optional.of(Problem.PRIVATE_HOST), p.check("http://0x0a010001/v.mp4"));
    assertEquals(Optional.empty(), p.checkBase("http://[fd00::5]:8082"));
    assertEquals(Optional.empty(), p.checkBase("http://192.168.7.7:8082/runner"));
    assertEquals(Optional.of(Problem.PRIVATE_HOST), p.checkBase("http://192.168.7.8:8082"));
    assertEquals(Optional.of(Problem.PRIVATE_HOST), p.checkBase("http://media.lan:8082"));
    assertThrows(IllegalArgumentException.class, () -> HostAllowList.of(List.of("10.0.0.0/33")));
    assertThrows(IllegalArgumentException.class, () -> HostAllowList.of(List.of("a b")));
    assertThrows(IllegalArgumentException.class, () -> HostAllowList.of(List.of("0x7f000001")));
  }

  @Test
  void runnerBaseUrlsMayHaveAContextPathButNoQuery() {
    assertEquals(Optional.empty(), lenient.checkBase("http://127.0.0.1:8082"));
    assertEquals(Optional.empty(), lenient.checkBase("http://127.0.0.1:8082/"));
    assertEquals(Optional.empty(), lenient.checkBase("http://127.0.0.1:8080/runner"));
    assertEquals(Optional.empty(), lenient.checkBase("http://127.0.0.1:8080/runner/"));
    assertEquals(Optional.of(Problem.QUERY), lenient.checkBase("http://127.0.0.1:8082/?a=b"));
    assertEquals(Optional.of(Problem.QUERY), lenient.checkBase("http://127.0.0.1:8082/r#x"));
    assertEquals(Optional.of(Problem.SCHEME), lenient.checkBase("tcp://127.0.0.1:8082"));
    assertEquals(Optional.of(Problem.CREDENTIALS), lenient.checkBase("http://a:b@127.0.0.1:8082"));
    assertEquals(Optional.of(Problem.PRIVATE_HOST), strict.checkBase("http://192.168.0.5:8082"));
    assertEquals(Optional.of(Problem.PRIVATE_HOST), lenient.checkBase("http://0177.0.0.1:8082"));
  }

  @Test
  void aTargetCarriesEveryCheckedAddressAndRefusesAnUnknownHost() throws Exception {
    UrlPolicy.Target t = strict.target("https://pod.example/v.mp4");
    assertEquals("pod.example", t.host());
    assertEquals(443, t.port());
    assertTrue(t.https());
    assertEquals(List.of(InetAddress.getByName("93.184.216.34")), t.addresses());
    UrlPolicy.Target v6 = lenient.target("http://[::1]:8080/v.mp4");
    assertEquals("::1", v6.host());
    assertEquals(8080, v6.port());
    assertEquals(
        Problem.PRIVATE_HOST,
        assertThrows(UrlPolicy.Refused.class, () -> strict.target("http://mixed.example/"))
            .problem());
    assertThrows(UnknownHostException.class, () -> strict.target("http://unresolvable.example/"));
  }

  @Test
  void classifiesAddresses() throws UnknownHostException {
    assertTrue(SpecialAddresses.special(InetAddress.getByName("172.20.1.1")));
    assertFalse(SpecialAddresses.special(InetAddress.getByName("8.8.8.8")));
    assertFalse(SpecialAddresses.special(InetAddress.getByName("2a00:1450:4007::1")));
    assertTrue(
        SpecialAddresses.special(
            InetAddress.getByAddress(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 0, 0, 1})));
  }
}
