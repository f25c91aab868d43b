package org.runnel.runner.media.entity;

import java.net.URI;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * File names the runner creates from names it is given (a source URL's last path segment): accents
 * stripped, spaces turned into {@code _}, anything else outside {@code [A-Za-z0-9._-]} turned into
 * {@code _}, no leading dot. The result is safe as a file name and matches the protocol's result
 * file pattern, and the output names ({@code 360p_<stem>.mp4}) are those Pod expects.
 */
public final class FileNames {

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final String FALLBACK = "source";

  private FileNames() {}

  /** A safe version of a file name, extension kept. */
  public static String safe(String name) {
    String plain = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
    String safe = UNSAFE.matcher(plain.replace(' ', '_')).replaceAll("_");
    int start = 0;
    while (start < safe.length() && safe.charAt(start) == '.') {
      start++;
    }
    safe = safe.substring(start);
    return safe.isEmpty() ? FALLBACK : safe;
  }

  /** The stem of the output names: the safe file name without its extension. */
  public static String stem(String fileName) {
    String safe = safe(fileName);
    int dot = safe.lastIndexOf('.');
    return dot > 0 ? safe.substring(0, dot) : safe;
  }

  /** The name under which a source is stored: the last segment of the URL's path, made safe. */
  public static String ofUrl(URI url) {
    String path = url.getPath();
    if (path == null) {
      return FALLBACK;
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.isBlank() ? FALLBACK : safe(last);
  }
}
