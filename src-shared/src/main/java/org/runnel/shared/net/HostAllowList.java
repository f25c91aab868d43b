package org.runnel.shared.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Hosts an operator lets through although they are private: exact names ({@code
 * media.intranet.example}), every subdomain of a name ({@code .intranet.example} or {@code
 * *.intranet.example}), and address ranges ({@code 10.20.0.0/16}, {@code fd00::/8}, or one
 * literal). A name entry trusts whatever the name resolves to (the operator vouches for it); a
 * range entry lets through only the private addresses inside it.
 */
public final class HostAllowList {

  private static final HostAllowList EMPTY = new HostAllowList(List.of(), List.of(), List.of());

  private final List<String> names;
  private final List<String> suffixes;
  private final List<Cidr> ranges;

  private HostAllowList(List<String> names, List<String> suffixes, List<Cidr> ranges) {
    this.names = names;
    this.suffixes = suffixes;
    this.ranges = ranges;
  }

  public static HostAllowList none() {
    return EMPTY;
  }

  /**
   * Reads the entries of a configuration list; blank entries are skipped.
   *
   * @throws IllegalArgumentException for an entry that is neither a name nor an address range
   */
  public static HostAllowList of(Collection<String> entries) {
    List<String> names = new ArrayList<>();
    List<String> suffixes = new ArrayList<>();
    List<Cidr> ranges = new ArrayList<>();
    for (String raw : entries == null ? List.<String>of() : entries) {
      String e = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      if (e.contains("/") || e.contains(":") || HostForms.canonicalIpv4(e)) {
        ranges.add(Cidr.parse(e));
      } else if (e.startsWith("*.") || e.startsWith(".")) {
        suffixes.add(e.substring(e.indexOf('.')));
      } else if (e.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\.?") && !HostForms.ambiguous(e)) {
        names.add(HostForms.normal(e));
      } else {
        throw new IllegalArgumentException("not a host name or address range: " + raw);
      }
    }
    return new HostAllowList(List.copyOf(names), List.copyOf(suffixes), List.copyOf(ranges));
  }

  /** Whether the host name (normalised) is on the list by name. */
  boolean allowsName(String host) {
    return names.contains(host) || suffixes.stream().anyMatch(host::endsWith);
  }

  /** Whether the address lies in one of the listed ranges. */
  boolean allowsAddress(InetAddress a) {
    byte[] b = a.getAddress();
    return ranges.stream().anyMatch(r -> r.contains(b));
  }

  public boolean isEmpty() {
    return names.isEmpty() && suffixes.isEmpty() && ranges.isEmpty();
  }
}
