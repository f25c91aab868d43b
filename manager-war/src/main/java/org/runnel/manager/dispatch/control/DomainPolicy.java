package org.runnel.manager.dispatch.control;

import java.net.URI;
import java.util.Locale;

/**
 * The protocol's priority domain (§1, step 3): when priorities are enabled, a task whose notify_url
 * host is the priority domain or one of its subdomains is a priority task; every other task (an
 * empty or missing notify_url included) counts against a quota of {@code max(1, floor(runners ×
 * percent / 100))} concurrently running tasks, beyond which new ones are refused. Queue order puts
 * priority tasks first.
 */
public record DomainPolicy(boolean enabled, String domain, int otherPercent) {

  public DomainPolicy {
    domain = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
    otherPercent = Math.max(0, Math.min(100, otherPercent));
  }

  /** Priorities switched off: every task is equal. */
  public static DomainPolicy off() {
    return new DomainPolicy(false, "", 100);
  }

  /** Whether a task with this notify_url is a priority task (always, when priorities are off). */
  public boolean priority(String notifyUrl) {
    if (!enabled) {
      return true;
    }
    String host = host(notifyUrl);
    return !domain.isEmpty()
        && host != null
        && (host.equals(domain) || host.endsWith("." + domain));
  }

  /** How many non-priority tasks may run at once with this many runners online. */
  public int otherQuota(int runners) {
    return Math.max(1, (int) Math.floor(runners * otherPercent / 100.0));
  }

  private static String host(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      String host = URI.create(url.strip()).getHost();
      return host == null ? null : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
