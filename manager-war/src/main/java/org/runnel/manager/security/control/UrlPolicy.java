package org.runnel.manager.security.control;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules every URL a caller gives the manager must pass before the manager (or a runner on its
 * behalf) connects to it: {@code source_url}, {@code notify_url} and a runner's own URL. Without
 * them a client token would be enough to make the manager or a runner call internal services
 * (server-side request forgery).
 *
 * <p>A host is private when it is {@code localhost}, or when it is, or resolves to, a loopback, RFC
 * 1918, link-local, carrier-grade NAT, unique-local IPv6, unspecified or multicast address. A name
 * that does not resolve is let through: the connection will fail later anyway, and refusing it
 * would turn a passing DNS hiccup into a client error. The check cannot stop DNS rebinding; that
 * belongs where the connection is made.
 */
public final class UrlPolicy {

  /** What is wrong with a URL; the caller words it for its own field. */
  public enum Problem {
    SCHEME("must use http or https"),
    HOST("must include a host"),
    CREDENTIALS("must not contain credentials"),
    PATH("must not contain a path"),
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

  /** Name resolution, replaceable so that tests need no DNS. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final boolean allowPrivate;
  private final Resolver resolver;

  public UrlPolicy(boolean allowPrivate, Resolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  public UrlPolicy(boolean allowPrivate) {
    this(allowPrivate, InetAddress::getAllByName);
  }

  /** Checks a URL that may carry a path and a query (source and notify URLs). */
  public Optional<Problem> check(String url) {
    return check(url, true);
  }

  /**
   * Checks a base URL (a runner's URL): at most a context path such as {@code /runnel-runner}, the
   * runner WAR's place inside an EAR on Payara Server; no query, fragment or dot segment.
   */
  public Optional<Problem> checkBase(String url) {
    return check(url, false);
  }

  private Optional<Problem> check(String url, boolean pathAllowed) {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url.trim());
    } catch (URISyntaxException e) {
      return Optional.of(Problem.SCHEME);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of(Problem.SCHEME);
    }
    if (uri.getRawUserInfo() != null || hasUserInfo(uri.getRawAuthority())) {
      return Optional.of(Problem.CREDENTIALS);
    }
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      return Optional.of(Problem.HOST);
    }
    if (!pathAllowed && !baseOnly(uri)) {
      return Optional.of(Problem.PATH);
    }
    if (!allowPrivate && privateHost(host)) {
      return Optional.of(Problem.PRIVATE_HOST);
    }
    return Optional.empty();
  }

  private static boolean hasUserInfo(String authority) {
    return authority != null && authority.contains("@");
  }

  /** Segments of unreserved characters, none of them "." or "..", an optional final "/". */
  private static final java.util.regex.Pattern CONTEXT_PATH =
      java.util.regex.Pattern.compile("(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*/?");

  private static boolean baseOnly(URI uri) {
    String path = uri.getRawPath();
    return (path == null || CONTEXT_PATH.matcher(path).matches())
        && uri.getRawQuery() == null
        && uri.getRawFragment() == null;
  }

  /** Whether a host name or literal address points inside the machine or a private network. */
  public boolean privateHost(String rawHost) {
    String host = rawHost.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    try {
      for (InetAddress a : resolver.resolve(host)) {
        if (privateAddress(a)) {
          return true;
        }
      }
      return false;
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }

  /** Whether an address is loopback, private, link-local, shared, unique-local or special. */
  public static boolean privateAddress(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isSiteLocalAddress()
        || a.isLinkLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 || (first == 100 && second >= 64 && second <= 127);
    }
    return (b[0] & 0xfe) == 0xfc;
  }
}
