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
        " "
      })
  void refusesEscapes(String path) {
    assertFalse(ResultPaths.valid(path), path);
  }

  @org.junit.jupiter.api.Test
  void offersASafeFileName() {
    assertEquals("720p_video.mp4", ResultPaths.fileName("sub/720p_video.mp4"));
    assertEquals("a_b.txt", ResultPaths.fileName("a\"b.txt"));
  }
}
