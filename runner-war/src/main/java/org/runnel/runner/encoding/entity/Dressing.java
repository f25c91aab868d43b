package org.runnel.runner.encoding.entity;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code dressing} parameter: a watermark image laid over the video at a corner with an
 * opacity, and opening and ending credits videos put before and after it. Each part is optional;
 * URLs are downloaded like the source.
 *
 * @param position {@code top_left}, {@code top_right}, {@code bottom_left} or {@code bottom_right}
 * @param opacity 0–100
 */
public record Dressing(
    String watermark, String position, int opacity, String openingCredits, String endingCredits) {

  public static final Dressing NONE = new Dressing(null, "top_right", 100, null, null);

  /**
   * @throws IllegalArgumentException when a field cannot be read
   */
  public static Dressing of(Map<String, ?> fields) {
    if (fields == null) {
      return NONE;
    }
    Object position = fields.get("position");
    if (position == null) {
      position = fields.get("position_orig");
    }
    String corner =
        position == null ? "top_right" : position.toString().trim().toLowerCase(Locale.ROOT);
    if (!corner.matches("(top|bottom)_(left|right)")) {
      throw new IllegalArgumentException("dressing position must be top|bottom_left|right");
    }
    int opacity = 100;
    if (fields.get("opacity") != null) {
      try {
        opacity = (int) Math.round(Double.parseDouble(fields.get("opacity").toString()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("dressing opacity must be a number");
      }
    }
    return new Dressing(
        url(fields.get("watermark")),
        corner,
        Math.max(0, Math.min(100, opacity)),
        url(fields.get("opening_credits")),
        url(fields.get("ending_credits")));
  }

  public boolean hasWatermark() {
    return watermark != null;
  }

  public boolean hasCredits() {
    return openingCredits != null || endingCredits != null;
  }

  /** The overlay position expression for ffmpeg, with a margin of 2 % of the picture height. */
  public String overlayPosition() {
    String margin = "main_h*0.02";
    String x = position.endsWith("left") ? margin : "main_w-overlay_w-" + margin;
    String y = position.startsWith("top") ? margin : "main_h-overlay_h-" + margin;
    return x + ":" + y;
  }

  private static String url(Object value) {
    return value == null || value.toString().isBlank() ? null : value.toString().trim();
  }
}
