package org.runnel.manager.tasks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResultPathsTest {

  @ParameterizedTest
  @ValueSource(strings = {"720p_video.m3u8", "video_0.png", "sub/overview.vtt", "info video.json"})
  void acceptsRelativeNames(String path) {
    assertTrue(ResultPaths.valid(path), path);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/etc/passwd",
        "../secret",
        "a/../../b",
        "..",
        "a\\b",
        "..\\x",
        "nul\0byte",
        "C:/x",
        "a//b",
        "",
        " ",
        ".",
        "./x",
        "a/",
        "%2e%2e%2fetc",
        "%252e%252e%252fetc",
        "\uff0e\uff0e/etc",
        "~/.bashrc",
        "a\tb",
        "line\nbreak",
        "caf\u00e9.mp4",
        "C:x"
      })
  void refusesEscapes(String path) {
    assertFalse(ResultPaths.valid(path), path);
  }

  @org.junit.jupiter.api.Test
  void refusesLongPathsAndSegments() {
    assertTrue(ResultPaths.valid("a".repeat(255)));
    assertFalse(ResultPaths.valid("a".repeat(256)));
    assertFalse(ResultPaths.valid("a/".repeat(600) + "b"));
    assertFalse(ResultPaths.valid("x".repeat(4000)));
  }

  @org.junit.jupiter.api.Test
  void offersASafeFileName() {
    assertEquals("720p_video.mp4", ResultPaths.fileName("sub/720p_video.mp4"));
    assertEquals("a_b.txt", ResultPaths.fileName("a\"b.txt"));
  }
}
