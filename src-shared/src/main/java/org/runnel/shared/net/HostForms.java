package org.runnel.shared.net;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The spellings of a host that programs read differently. {@code 0177.0.0.1} is 127.0.0.1 to curl
 * and to ffmpeg (C's {@code inet_aton} reads a leading zero as octal) but 177.0.0.1 to Java; {@code
 * 0x7f000001}, {@code 2130706433} and {@code 127.1} are 127.0.0.1 to the C library. A policy that
 * classifies one reading while the connection uses another is bypassed, so the only numeric IPv4
 * host accepted is the canonical dotted quad, and IPv6 zone ids ({@code [fe80::1%25eth0]}) are
 * refused: they name an interface of the machine that connects.
 */
final class HostForms {

  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern CANONICAL_IPV4 =
      Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET);

  /** What the last label of a host looks like when a C resolver would read the host as a number. */
  private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

  private HostForms() {}

  static boolean canonicalIpv4(String host) {
    return CANONICAL_IPV4.matcher(host).matches();
  }

  /** The host as it is compared and resolved: lower case, without brackets or a trailing dot. */
  static String normal(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      return h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /**
   * Whether a host (as written in the URL) is spelt in a form the policy refuses whatever it points
   * to: a non-canonical numeric IPv4 (hex, octal, a single number, fewer than four parts) or an
   * IPv6 literal with a zone id.
   */
  static boolean ambiguous(String rawHost) {
    if (rawHost.startsWith("[")) {
      return rawHost.contains("%");
    }
    String h = normal(rawHost);
    if (h.isEmpty() || h.contains("%")) {
      return true;
    }
    String last = h.substring(h.lastIndexOf('.') + 1);
    return NUMERIC_LABEL.matcher(last).matches() && !canonicalIpv4(h);
  }
}
