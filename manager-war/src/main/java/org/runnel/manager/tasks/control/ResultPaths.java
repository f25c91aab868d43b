package org.runnel.manager.tasks.control;

/**
 * Which result file paths a client may ask for. Path parameters reach the resource already decoded
 * ({@code %2E%2E%2F} is {@code ../}), so the check runs on the decoded text: no absolute path, no
 * {@code ..}, no backslash, no NUL, nothing empty. The runner checks again against its own folder.
 */
public final class ResultPaths {

  private ResultPaths() {}

  public static boolean valid(String path) {
    return path != null
        && !path.isBlank()
        && !path.startsWith("/")
        && !path.contains("..")
        && !path.contains("\\")
        && path.indexOf('\0') < 0
        && !path.contains("//")
        && !path.matches("^[A-Za-z]:.*");
  }

  /** The last segment, as offered to the client in {@code Content-Disposition}. */
  public static String fileName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.replaceAll("[^A-Za-z0-9._ -]", "_");
  }
}
