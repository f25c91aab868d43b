package org.runnel.runner.encoding.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code dressing} and {@code cut} parameters read as Pod sends them. */
class DressingAndCutTest {

  @Test
  void podsDressingKeysAreRead() {
    Dressing d =
        Dressing.of(
            Map.of(
                "watermark", "https://pod.example.org/media/logo.png",
                "watermark_position", "bottom_right",
                "watermark_opacity", "35",
                "opening_credits", "welcome-slug",
                "opening_credits_video", "https://pod.example.org/media/welcome.mp4",
                "opening_credits_video_duration", "4",
                "ending_credits", "bye-slug",
                "ending_credits_video", "https://pod.example.org/media/bye.mp4"));
    assertEquals("https://pod.example.org/media/logo.png", d.watermark());
    assertEquals("bottom_right", d.position());
    assertEquals(35, d.opacity());
    assertEquals("https://pod.example.org/media/welcome.mp4", d.openingCredits());
    assertEquals("https://pod.example.org/media/bye.mp4", d.endingCredits());
  }

  @Test
  void nullsAndPodsFrenchLabelsHaveTheirMeaning() {
    Map<String, Object> fields = new HashMap<>();
    fields.put("watermark", "https://pod.example.org/media/logo.png");
    fields.put("watermark_position", null);
    fields.put("watermark_opacity", "None");
    fields.put("opening_credits", "a-slug-without-video");
    Dressing d = Dressing.of(fields);
    assertEquals("top_right", d.position());
    assertEquals(100, d.opacity());
    assertNull(d.openingCredits(), "a slug alone is not something to download");

    assertEquals(
        "top_left", Dressing.of(Map.of("watermark_position", "En haut à gauche")).position());
    assertEquals("bottom_left", Dressing.of(Map.of("position", "bottom_left")).position());
  }

  @Test
  void unreadableDressingFieldsAreNamed() {
    IllegalArgumentException position =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dressing.of(Map.of("watermark_position", "middle")));
    assertEquals(
        "dressing watermark_position must be top_left, top_right, bottom_left or bottom_right"
            + " (got middle)",
        position.getMessage());
    IllegalArgumentException opacity =
        assertThrows(
            IllegalArgumentException.class, () -> Dressing.of(Map.of("watermark_opacity", "half")));
    assertEquals(
        "dressing watermark_opacity must be a number from 0 to 100 (got half)",
        opacity.getMessage());
    assertEquals(100, Dressing.of(Map.of("watermark_opacity", "250")).opacity(), "clamped");
  }

  @Test
  void podsCutTimesAreReadAndTheEndStopsAtTheMeasuredDuration() {
    Cut cut =
        Cut.of(
            Map.of("start", "00:01:02.500000", "end", "00:10:00", "initial_duration", "00:05:00"));
    assertEquals(62.5, cut.startSeconds(), 1e-9);
    assertEquals(300, cut.endSeconds(), 1e-9);
    assertEquals(237.5, cut.lengthSeconds(), 1e-9);

    Cut inside = Cut.of(Map.of("start", "00:00:10", "end", "00:00:20", "initial_duration", ""));
    assertEquals(10, inside.lengthSeconds(), 1e-9);
    assertEquals(false, Cut.of(Map.of("start", "00:00:20", "end", "00:00:10")).active());
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> Cut.of(Map.of("start", "1h")));
    assertEquals("invalid time 1h", bad.getMessage());
  }
}
