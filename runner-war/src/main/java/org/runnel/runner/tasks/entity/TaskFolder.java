package org.runnel.runner.tasks.entity;

import java.nio.file.Path;

/**
 * The folder of one task on the runner: {@code source/} holds the downloaded input, {@code output/}
 * the result files and {@code manifest.json}, which is what the manager fetches.
 */
public record TaskFolder(Path root) {

  public Path source() {
    return root.resolve("source");
  }

  public Path output() {
    return root.resolve("output");
  }

  /** The attempt's log: its steps and the error output of the programs it ran, written live. */
  public Path log() {
    return root.resolve("task.log");
  }

  public Path manifest() {
    return output().resolve("manifest.json");
  }
}
