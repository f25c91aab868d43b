package org.runnel.shared.task;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Task identifiers: Runnel creates UUIDs and accepts any id of the protocol's form, which is also
 * safe as a file name (no separators, no leading dot).
 */
public final class TaskIds {

  private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$");

  private TaskIds() {}

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  public static boolean valid(String id) {
    return id != null && VALID.matcher(id).matches();
  }
}
