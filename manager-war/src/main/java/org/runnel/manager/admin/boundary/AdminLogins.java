package org.runnel.manager.admin.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.admin.control.LoginThrottle;

/**
 * The admin login's throttle ({@link LoginThrottle}) as configured, and which client address a
 * login comes from: the connection's peer, or, when that peer is one of {@code
 * runnel.manager.trusted-proxies}, the last address its {@code X-Forwarded-For} names (the one that
 * proxy saw; what comes before it is the client's own say and is ignored).
 */
@ApplicationScoped
public class AdminLogins {

  @Inject
  @ConfigProperty(name = "runnel.manager.login-free-failures", defaultValue = "5")
  int freeFailures;

  @Inject
  @ConfigProperty(name = "runnel.manager.login-delay-seconds", defaultValue = "1")
  int delaySeconds;

  @Inject
  @ConfigProperty(name = "runnel.manager.login-max-delay-seconds", defaultValue = "300")
  int maxDelaySeconds;

  @Inject
  @ConfigProperty(name = "runnel.manager.login-tracked-keys", defaultValue = "10000")
  int trackedKeys;

  /** Comma-separated (Payara cannot inject {@code Optional<List<String>>}). */
  @Inject
  @ConfigProperty(name = "runnel.manager.trusted-proxies")
  Optional<String> trustedProxies;

  private LoginThrottle throttle;
  private List<String> proxies;

  @PostConstruct
  void init() {
    throttle =
        new LoginThrottle(
            freeFailures,
            Duration.ofSeconds(Math.max(1, delaySeconds)),
            Duration.ofSeconds(Math.max(1, maxDelaySeconds)),
            Duration.ofHours(1),
            trackedKeys,
            System::currentTimeMillis);
    proxies =
        Arrays.stream(trustedProxies.orElse("").split(","))
            .map(String::strip)
            .filter(p -> !p.isEmpty())
            .toList();
  }

  Duration waitFor(String user, HttpServletRequest request) {
    return throttle.waitFor(user, address(request));
  }

  void failed(String user, HttpServletRequest request) {
    throttle.failed(user, address(request));
  }

  void succeeded(String user, HttpServletRequest request) {
    throttle.succeeded(user, address(request));
  }

  String address(HttpServletRequest request) {
    return clientAddress(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"), proxies);
  }

  /** The peer, or the last {@code X-Forwarded-For} entry when the peer is a trusted proxy. */
  static String clientAddress(String peer, String forwarded, List<String> proxies) {
    if (forwarded == null || !proxies.contains(peer)) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    String last = hops.length == 0 ? "" : hops[hops.length - 1].strip();
    return last.isEmpty() ? peer : last;
  }
}
