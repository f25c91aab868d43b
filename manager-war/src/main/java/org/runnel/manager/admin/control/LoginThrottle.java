package org.runnel.manager.admin.control;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing on the admin login, per account and per client address at once: the
 * first {@code freeFailures} failures of a key cost nothing; after the n-th failure beyond those
 * the next attempt waits {@code baseDelay × 2^(n − 1)}, at most {@code maxDelay}. While a key
 * waits, an attempt is refused before any password is hashed, so a flood of guesses costs the
 * manager no PBKDF2 work either. A success clears the account and the address. A key silent for
 * {@code forgetAfter} is forgotten; at most {@code maxEntries} keys of each kind are kept (the
 * oldest forgotten first, preferring keys not waiting), so memory stays bounded whatever an
 * attacker sends. Thread-safe; the clock (milliseconds) is injected for tests.
 */
public final class LoginThrottle {

  /** Failures counted for one key, and when the last one happened. */
  private record Failures(int count, long lastMillis) {}

  private final int freeFailures;
  private final long baseMillis;
  private final long maxMillis;
  private final long forgetMillis;
  private final int maxEntries;
  private final LongSupplier clock;
  private final Map<String, Failures> accounts = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Failures> addresses = new LinkedHashMap<>(16, 0.75f, true);

  public LoginThrottle(
      int freeFailures,
      Duration baseDelay,
      Duration maxDelay,
      Duration forgetAfter,
      int maxEntries,
      LongSupplier clock) {
    this.freeFailures = Math.max(0, freeFailures);
    this.baseMillis = Math.max(1, baseDelay.toMillis());
    this.maxMillis = Math.max(baseMillis, maxDelay.toMillis());
    this.forgetMillis = Math.max(maxMillis, forgetAfter.toMillis());
    this.maxEntries = Math.max(1, maxEntries);
    this.clock = clock;
  }

  /**
   * How long an attempt for {@code account} from {@code address} must still wait; {@link
   * Duration#ZERO} when it may go ahead (and the password be checked).
   */
  public synchronized Duration waitFor(String account, String address) {
    long now = clock.getAsLong();
    long wait =
        Math.max(remaining(accounts, key(account), now), remaining(addresses, address, now));
    return Duration.ofMillis(wait);
  }

  /** Records a wrong password (or unknown user name) for the account and the address. */
  public synchronized void failed(String account, String address) {
    long now = clock.getAsLong();
    count(accounts, key(account), now);
    count(addresses, address, now);
  }

  /** Records a successful login: both keys start afresh. */
  public synchronized void succeeded(String account, String address) {
    accounts.remove(key(account));
    addresses.remove(address);
  }

  /** Keys currently remembered (accounts plus addresses), for tests and monitoring. */
  public synchronized int tracked() {
    return accounts.size() + addresses.size();
  }

  /** The delay that {@code failures} consecutive failures impose on the next attempt. */
  long delayAfter(int failures) {
    if (failures <= freeFailures) {
      return 0;
    }
    int doublings = Math.min(failures - freeFailures - 1, 40);
    long delay = baseMillis << doublings;
    return delay <= 0 || delay > maxMillis ? maxMillis : delay;
  }

  private long remaining(Map<String, Failures> map, String key, long now) {
    Failures f = map.get(key);
    if (f == null) {
      return 0;
    }
    if (now - f.lastMillis() >= forgetMillis) {
      map.remove(key);
      return 0;
    }
    return Math.max(0, f.lastMillis() + delayAfter(f.count()) - now);
  }

  private void count(Map<String, Failures> map, String key, long now) {
    Failures f = map.get(key);
    int before = f == null || now - f.lastMillis() >= forgetMillis ? 0 : f.count();
    if (f == null && map.size() >= maxEntries) {
      makeRoom(map, now);
    }
    map.put(key, new Failures(before + 1, now));
  }

  /**
   * Drops forgotten keys; if none, the least recently used key that is not waiting, else the
   * eldest.
   */
  private void makeRoom(Map<String, Failures> map, long now) {
    map.values().removeIf(f -> now - f.lastMillis() >= forgetMillis);
    if (map.size() < maxEntries) {
      return;
    }
    Iterator<Map.Entry<String, Failures>> it = map.entrySet().iterator();
    while (it.hasNext()) {
      Failures f = it.next().getValue();
      if (f.lastMillis() + delayAfter(f.count()) <= now) {
        it.remove();
        return;
      }
    }
    Iterator<String> eldest = map.keySet().iterator();
    eldest.next();
    eldest.remove();
  }

  /** User names compare without case and outer spaces, as a guesser would vary them. */
  private static String key(String account) {
    return account == null ? "" : account.strip().toLowerCase(Locale.ROOT);
  }
}
