package org.runnel.manager.tasks.control;

import java.util.regex.Pattern;

/**
 * Which result file paths a client may ask for, checked by the manager itself so that a bad path is
 * its own 400 {@code Invalid result file path} and never reaches a runner (whose refusal would come
 * back as a 502). Path parameters reach the resource decoded once ({@code %2E%2E%2F} is {@code
 * ../}; {@code %252e} is the text {@code %2e}), and the rule is the runner's file-name rule of
 * protocol §3 applied to each {@code /}-separated segment: {@code ^[A-Za-z0-9._ -]+$}, neither
 * {@code .} nor {@code ..}. So no absolute path, no empty segment, no {@code %}, {@code ~},
 * backslash, NUL, control or non-ASCII character (fullwidth {@code ．．} included), and at most
 * {@link #MAX_SEGMENT_CHARS} characters a segment, {@link #MAX_CHARS} in all.
 */
public final class ResultPaths {

  /** Longest segment: a file name on common file systems. */
  public static final int MAX_SEGMENT_CHARS = 255;

  /** Longest path. */
  public static final int MAX_CHARS = 1024;

  private static final Pattern SEGMENT = Pattern.compile("^[A-Za-z0-9._ -]+$");

  private ResultPaths() {}

  public static boolean valid(String path) {
    if (path == null || path.isEmpty() || path.length() > MAX_CHARS) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.length() > MAX_SEGMENT_CHARS
          || !SEGMENT.matcher(segment).matches()
          || ".".equals(segment)
          || "..".equals(segment)
          || segment.isBlank()) {
        return false;
      }
    }
    return true;
  }

  /** The last segment, as offered to the client in {@code Content-Disposition}. */
  public static String fileName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.replaceAll("[^A-Za-z0-9._ -]", "_");
  }
}
