package org.runnel.shared.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version rule of the esup-runner protocol: a runner and a manager talk only when the
 * MAJOR.MINOR of the runner's {@code X-Runner-Version} header equals the manager's protocol
 * version. The patch number is informational. Runnel implements protocol 1.7 and announces itself
 * as 1.7.1 so that a reference manager accepts Runnel runners and the other way round.
 */
public final class ProtocolVersion {

  /** Header a runner sends on registration and heartbeat. */
  public static final String HEADER = "X-Runner-Version";

  public static final int MAJOR = 1;
  public static final int MINOR = 7;
  public static final int PATCH = 1;

  /** MAJOR.MINOR.PATCH as sent on the wire. */
  public static final String CURRENT = MAJOR + "." + MINOR + "." + PATCH;

  private static final Pattern SEMVER = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)$");

  private ProtocolVersion() {}

  /** Outcome of checking a peer's version header. */
  public enum Verdict {
    COMPATIBLE,
    MISSING,
    MALFORMED,
    MISMATCH
  }

  /**
   * Checks a peer's {@code X-Runner-Version} value against this implementation.
   *
   * @param header the raw header value, possibly null
   * @return the verdict; only {@link Verdict#COMPATIBLE} lets the call proceed
   */
  public static Verdict check(String header) {
    if (header == null || header.isBlank()) {
      return Verdict.MISSING;
    }
    Matcher m = SEMVER.matcher(header.trim());
    if (!m.matches()) {
      return Verdict.MALFORMED;
    }
    if (m.group(1).length() > 9 || m.group(2).length() > 9 || m.group(3).length() > 9) {
      return Verdict.MALFORMED; // would overflow an int: not a version anyone runs
    }
    boolean same = Integer.parseInt(m.group(1)) == MAJOR && Integer.parseInt(m.group(2)) == MINOR;
    return same ? Verdict.COMPATIBLE : Verdict.MISMATCH;
  }

  /**
   * The protocol's text for a refused version, e.g. {@code Version mismatch: runner 1.6.0, manager
   * 1.7.1}.
   */
  public static String mismatchMessage(String header) {
    return "Version mismatch: runner "
        + header
        + ", manager "
        + CURRENT
        + " (MAJOR.MINOR must be "
        + MAJOR
        + "."
        + MINOR
        + ")";
  }
}
