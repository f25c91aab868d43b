package org.runnel.shared.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rules every URL must pass before the manager or a runner connects to it, in both WARs, so
 * that a client token cannot make Runnel call internal services (server-side request forgery).
 *
 * <p>There are two kinds of URL, each with its own {@link Scope}: <em>client URLs</em> ({@code
 * source_url}, {@code notify_url}, the dressing and studio URLs a runner fetches, and every
 * redirect on the way), which come from whoever holds a client token; and <em>runner URLs</em>, the
 * base URL a runner registers with, which comes from a runner token and is normally on the site's
 * LAN.
 *
 * <p>A URL passes when it is {@code http} or {@code https}, has a host and a valid port, carries no
 * user info, spells its host unambiguously ({@link HostForms}) and, unless its scope allows private
 * hosts, neither names {@code localhost} nor is or resolves to a {@linkplain SpecialAddresses
 * special address} outside the scope's {@link HostAllowList}. Every address a name resolves to is
 * checked, not only the first.
 *
 * <p>{@link #check} is the admission check: a name that does not resolve is let through there (the
 * connection fails later anyway; refusing would turn a passing DNS failure into a client error).
 * {@link #target} is the connection check: it resolves once and returns the addresses it checked,
 * so that the caller connects to those very addresses and DNS rebinding has no window.
 */
public class UrlPolicy {

  /** What is wrong with a URL; the caller words it for its own field. */
  public enum Problem {
    SCHEME("must use http or https"),
    HOST("must include a host"),
    CREDENTIALS("must not contain credentials"),
    QUERY("must not contain a query or fragment"),
    PRIVATE_HOST("host not allowed");

    private final String text;

    Problem(String text) {
      this.text = text;
    }

    /** The protocol's text, e.g. {@code notify_url must use http or https}. */
    public String describe(String subject) {
      return subject + " " + text;
    }
  }

  /** A refused URL, for callers that connect. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    Refused(Problem problem) {
      super(problem.describe("URL"), null, false, false);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /**
   * The switches of one kind of URL.
   *
   * @param allowPrivate whether loopback, private and other special hosts pass
   * @param allowed private hosts that pass even when {@code allowPrivate} is false
   */
  public record Scope(boolean allowPrivate, HostAllowList allowed) {
    /** Public hosts only. */
    public static final Scope PUBLIC = new Scope(false, HostAllowList.none());

    /** Every host (a development or test setup on one machine). */
    public static final Scope ANY = new Scope(true, HostAllowList.none());

    public static Scope of(boolean allowPrivate, List<String> allowedHosts) {
      return new Scope(allowPrivate, HostAllowList.of(allowedHosts));
    }

    /** A scope from configuration: the allowed hosts as one comma-separated value, maybe absent. */
    public static Scope of(boolean allowPrivate, Optional<String> allowedHosts) {
      return of(allowPrivate, allowedHosts.map(v -> List.of(v.split(","))).orElse(List.of()));
    }
  }

  /**
   * Where a checked URL connects.
   *
   * @param host the host as written (without brackets), for {@code Host}, SNI and certificates
   * @param addresses every address the host resolved to, all of them checked
   */
  public record Target(
      URI uri, boolean https, String host, int port, List<InetAddress> addresses) {}

  /** Name resolution, replaceable so that tests need no DNS. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Scope client;
  private final Scope runner;
  private final Resolver resolver;

  public UrlPolicy(Scope client, Scope runner, Resolver resolver) {
    this.client = client;
    this.runner = runner;
    this.resolver = resolver;
  }

  public UrlPolicy(Scope client, Scope runner) {
    this(client, runner, InetAddress::getAllByName);
  }

  /** Checks a client URL, which may carry a path and a query ({@code source_url}, ...). */
  public Optional<Problem> check(String url) {
    return admit(url, client, false);
  }

  /**
   * Checks a runner's base URL: it may carry a context path ({@code http://host:8080/runner} on
   * Payara Server) but no query or fragment, since the manager appends {@code /task/run} to it.
   */
  public Optional<Problem> checkBase(String url) {
    return admit(url, runner, true);
  }

  private Optional<Problem> admit(String url, Scope scope, boolean base) {
    try {
      URI uri = parse(url, base);
      resolveChecked(uri, scope, true);
      return Optional.empty();
    } catch (Refused e) {
      return Optional.of(e.problem());
    } catch (UnknownHostException e) {
      return Optional.empty(); // not thrown when lenient
    }
  }

  /**
   * Checks a client URL about to be fetched and resolves its host once.
   *
   * @throws Refused when the policy refuses it
   * @throws UnknownHostException when the host does not resolve
   */
  public Target target(String url) throws Refused, UnknownHostException {
    URI uri = parse(url, false);
    List<InetAddress> addresses = resolveChecked(uri, client, false);
    String host = HostForms.normal(uri.getHost());
    boolean https = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
    return new Target(uri, https, host, port, addresses);
  }

  private static URI parse(String url, boolean base) throws Refused {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url.strip());
    } catch (URISyntaxException e) {
      throw new Refused(Problem.SCHEME);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.isOpaque()) {
      throw new Refused(uri.isOpaque() && !scheme.isEmpty() ? Problem.HOST : Problem.SCHEME);
    }
    String authority = uri.getRawAuthority();
    if (uri.getRawUserInfo() != null || authority != null && authority.contains("@")) {
      throw new Refused(Problem.CREDENTIALS);
    }
    String host = uri.getHost();
    if (host == null || host.isBlank() || uri.getPort() == 0 || uri.getPort() > 65535) {
      throw new Refused(Problem.HOST);
    }
    if (base && (uri.getRawQuery() != null || uri.getRawFragment() != null)) {
      throw new Refused(Problem.QUERY);
    }
    if (HostForms.ambiguous(host)) {
      throw new Refused(Problem.PRIVATE_HOST);
    }
    return uri;
  }

  /**
   * The names that mean this machine by convention (RFC 6761 {@code localhost}, and the aliases
   * Debian's and other distributions' {@code /etc/hosts} give the loopback addresses), refused by
   * name: where the manager runs they may not resolve, where ffmpeg or a runner runs they may.
   */
  private static final Set<String> LOOPBACK_NAMES =
      Set.of(
          "localhost",
          "localhost.localdomain",
          "localhost4",
          "localhost6",
          "localhost6.localdomain6",
          "ip6-localhost",
          "ip6-loopback",
          "ip6-localnet",
          "ip6-allnodes",
          "ip6-allrouters",
          "ip6-mcastprefix");

  static boolean loopbackName(String host) {
    return LOOPBACK_NAMES.contains(host) || host.endsWith(".localhost");
  }

  /**
   * Resolves the URL's host and checks every address.
   *
   * @param lenient whether a host that does not resolve passes (admission) or fails (connection)
   */
  private List<InetAddress> resolveChecked(URI uri, Scope scope, boolean lenient)
      throws Refused, UnknownHostException {
    String host = HostForms.normal(uri.getHost());
    boolean byName = scope.allowed().allowsName(host);
    if (!scope.allowPrivate() && !byName && loopbackName(host)) {
      throw new Refused(Problem.PRIVATE_HOST);
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException | SecurityException e) {
      if (lenient) {
        return List.of();
      }
      throw e instanceof UnknownHostException u ? u : new UnknownHostException(host);
    }
    if (addresses == null || addresses.length == 0) {
      if (lenient) {
        return List.of();
      }
      throw new UnknownHostException(host);
    }
    if (!scope.allowPrivate() && !byName) {
      for (InetAddress a : addresses) {
        if (SpecialAddresses.special(a) && !scope.allowed().allowsAddress(a)) {
          throw new Refused(Problem.PRIVATE_HOST);
        }
      }
    }
    return List.of(addresses);
  }
}
