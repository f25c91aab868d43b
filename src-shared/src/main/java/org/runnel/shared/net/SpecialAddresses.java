package org.runnel.shared.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Which addresses point inside a machine or a private network, or nowhere a media server can be:
 * the address side of {@link UrlPolicy}. IPv4 is checked against the special-purpose ranges of the
 * IANA registry; IPv6 is accepted only inside global unicast ({@code 2000::/3}) minus its special
 * blocks, and the forms that carry an IPv4 address (IPv4-mapped, NAT64 {@code 64:ff9b::/96}, 6to4
 * {@code 2002::/16}) are judged by the IPv4 address they carry, since a gateway turns them into it.
 */
public final class SpecialAddresses {

  /** IPv4 ranges that are not public unicast: this network, private, shared, loopback, ... */
  private static final List<Cidr> IPV4 =
      List.of(
              "0.0.0.0/8", // "this network": 0.0.0.0 reaches the machine itself
              "10.0.0.0/8",
              "100.64.0.0/10", // carrier-grade NAT
              "127.0.0.0/8",
              "169.254.0.0/16", // link-local, cloud metadata services
              "172.16.0.0/12",
              "192.0.0.0/24", // IETF protocol assignments
              "192.0.2.0/24", // documentation
              "192.88.99.0/24", // 6to4 relay anycast
              "192.168.0.0/16",
              "198.18.0.0/15", // benchmarking
              "198.51.100.0/24", // documentation
              "203.0.113.0/24", // documentation
              "224.0.0.0/4", // multicast
              "240.0.0.0/4") // reserved, and the broadcast 255.255.255.255
          .stream()
          .map(Cidr::parse)
          .toList();

  private SpecialAddresses() {}

  /** Whether {@code a} is loopback, private, link-local, shared, unique-local or special. */
  public static boolean special(InetAddress a) {
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      return special4(b, 0);
    }
    if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return special4(b, 12); // ::ffff:a.b.c.d
    }
    if ((b[0] & 0xff) == 0x00
        && (b[1] & 0xff) == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && zeros(b, 4, 12)) {
      return special4(b, 12); // NAT64 64:ff9b::a.b.c.d
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      return special4(b, 2); // 6to4 2002:aabb:ccdd::
    }
    if ((b[0] & 0xe0) != 0x20) {
      // outside global unicast: ::, ::1, ::a.b.c.d, 100::/64, fc00::/7, fe80::/10, ff00::/8, ...
      return true;
    }
    int first16 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    int second16 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (first16 == 0x2001 && second16 < 0x0200) {
      return true; // 2001::/23 IETF protocol assignments, Teredo 2001::/32 included
    }
    if (first16 == 0x2001 && second16 == 0x0db8) {
      return true; // documentation
    }
    return first16 == 0x3fff && second16 < 0x1000; // documentation 3fff::/20
  }

  private static boolean special4(byte[] b, int from) {
    byte[] v4 = {b[from], b[from + 1], b[from + 2], b[from + 3]};
    for (Cidr range : IPV4) {
      if (range.contains(v4)) {
        return true;
      }
    }
    return false;
  }

  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
