package org.runnel.shared.task;

import java.util.List;

/** The task types of the protocol. */
public final class TaskTypes {

  public static final String ENCODING = "encoding";
  public static final String TRANSCRIPTION = "transcription";
  public static final String STUDIO = "studio";
  public static final String XAPI = "xapi";

  /** Every type the protocol knows. */
  public static final List<String> ALL = List.of(ENCODING, TRANSCRIPTION, STUDIO, XAPI);

  private TaskTypes() {}

  public static boolean known(String type) {
    return ALL.contains(type);
  }
}
