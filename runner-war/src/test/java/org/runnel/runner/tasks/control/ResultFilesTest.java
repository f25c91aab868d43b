package org.runnel.runner.tasks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResultFilesTest {

  private static final Path OUTPUT = Path.of("/data/tasks/t1/output");

  @ParameterizedTest
  @ValueSource(strings = {"360p_lecture.mp4", "manifest.json", "my file.vtt", "a..b.png"})
  void plainNamesResolveInsideTheOutputFolder(String name) {
    assertEquals(Optional.of(OUTPUT.resolve(name)), ResultFiles.resolve(OUTPUT, name));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ".",
        "..",
        "../manifest.json",
        "../../tasks-db/t1.json",
        "/etc/passwd",
        "sub/file.mp4",
        "a\\b",
        "file\u0000.mp4",
        "",
        "vidéo.mp4",
        "%2e%2e%2fx",
        "\uff0e\uff0e",
        "~",
        "tab\tname"
      })
  void namesOutsideTheProtocolPatternOrTheFolderAreRefused(String name) {
    assertEquals(Optional.empty(), ResultFiles.resolve(OUTPUT, name));
  }

  @org.junit.jupiter.api.Test
  void namesLongerThanAFileNameAreRefused() {
    assertTrue(ResultFiles.resolve(OUTPUT, "a".repeat(255)).isPresent());
    assertEquals(Optional.empty(), ResultFiles.resolve(OUTPUT, "a".repeat(256)));
    assertEquals(Optional.empty(), ResultFiles.resolve(OUTPUT, "a".repeat(4000)));
  }
}
