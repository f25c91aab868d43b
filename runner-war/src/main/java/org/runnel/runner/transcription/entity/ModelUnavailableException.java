package org.runnel.runner.transcription.entity;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A Whisper model that cannot be used: its folder or one of its files is missing or unreadable. The
 * message names the model and the folder, so that an operator knows what to install where.
 */
public class ModelUnavailableException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String model;
  private final transient Path folder;

  public ModelUnavailableException(String model, Path folder, String problem) {
    this(model, folder, problem, null);
  }

  public ModelUnavailableException(String model, Path folder, String problem, Throwable cause) {
    super("Whisper model '" + model + "' is not usable in " + folder + ": " + problem, cause);
    this.model = model;
    this.folder = folder;
  }

  public String model() {
    return model;
  }

  public Path folder() {
    return folder;
  }
}
