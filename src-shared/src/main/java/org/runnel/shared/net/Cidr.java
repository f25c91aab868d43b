package org.runnel.shared.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address range written {@code 10.0.0.0/8} or {@code fd00::/8} (a bare literal is a range of
 * one). Only literals are parsed: a name never reaches DNS here.
 */
public record Cidr(byte[] network, int bits) {

  /**
   * Parses a range.
   *
   * @throws IllegalArgumentException when {@code text} is not an IP literal with an optional prefix
   */
  public static Cidr parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    byte[] bytes = literal(address);
    if (bytes == null) {
      throw new IllegalArgumentException("not an IP address or range: " + text);
    }
    int bits;
    try {
      bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad prefix length: " + text);
    }
    if (bits < 0 || bits > bytes.length * 8) {
      throw new IllegalArgumentException("bad prefix length: " + text);
    }
    return new Cidr(bytes, bits);
  }

  /** The bytes of a canonical IPv4 or an IPv6 literal (brackets allowed), else null. */
  static byte[] literal(String text) {
    String t =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (!(HostForms.canonicalIpv4(t) || (t.contains(":") && t.matches("[0-9A-Fa-f:.]+")))) {
      return null;
    }
    try {
      return InetAddress.getByName(t).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether an address (4 or 16 bytes, of the same family) lies in the range. */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.bits == bits && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + bits;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + bits;
    } catch (UnknownHostException e) {
      return Arrays.toString(network) + "/" + bits;
    }
  }
}
