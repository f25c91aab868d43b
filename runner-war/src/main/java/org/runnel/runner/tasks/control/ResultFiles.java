package org.runnel.runner.tasks.control;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which result file a request may read: a plain name of the protocol's form ({@code ^[A-Za-z0-9._
 * -]+$}, not {@code .} or {@code ..}, at most {@link #MAX_NAME_CHARS} characters) that resolves
 * inside the task's output folder. Path parameters arrive decoded, so {@code %2E%2E%2F} must be
 * refused here; the manager applies the same rule before it asks.
 */
public final class ResultFiles {

  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._ -]+$");

  /** Longest name: a file name on common file systems. */
  public static final int MAX_NAME_CHARS = 255;

  private ResultFiles() {}

  /**
   * The file a name designates inside {@code outputFolder}, whether or not it exists; empty when
   * the name is not an allowed result file name.
   */
  public static Optional<Path> resolve(Path outputFolder, String name) {
    if (name == null
        || name.length() > MAX_NAME_CHARS
        || !NAME.matcher(name).matches()
        || ".".equals(name)
        || "..".equals(name)) {
      return Optional.empty();
    }
    Path base = outputFolder.toAbsolutePath().normalize();
    Path file = base.resolve(name).normalize();
    boolean inside = file.startsWith(base) && !file.equals(base);
    return inside ? Optional.of(file) : Optional.empty();
  }
}
