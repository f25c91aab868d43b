package org.runnel.runner.encoding.entity;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code dressing} parameter: a watermark image laid over the video at a corner with an
 * opacity, and opening and ending credits videos put before and after it. Each part is optional;
 * URLs are downloaded like the source.
 *
 * <p>Read with the keys Pod sends: {@code watermark} (URL), {@code watermark_position} ({@code
 * top_left|top_right|bottom_left|bottom_right}, or the French labels of Pod's form; null means top
 * right), {@code watermark_opacity} (0–100, often as a string; null or {@code "None"} means 100),
 * {@code opening_credits_video} / {@code ending_credits_video} (URLs of the credits videos; {@code
 * opening_credits} / {@code ending_credits} hold Pod's video slugs and are used only when they are
 * URLs themselves). The short keys {@code position} and {@code opacity} are accepted too. The
 * {@code *_duration} hints are not needed: every file is probed.
 *
 * @param position {@code top_left}, {@code top_right}, {@code bottom_left} or {@code bottom_right}
 * @param opacity 0–100
 */
public record Dressing(
    String watermark, String position, int opacity, String openingCredits, String endingCredits) {

  public static final Dressing NONE = new Dressing(null, "top_right", 100, null, null);

  private static final Map<String, String> FRENCH =
      Map.of(
          "en haut à gauche", "top_left",
          "en haut à droite", "top_right",
          "en bas à gauche", "bottom_left",
          "en bas à droite", "bottom_right");

  /**
   * @throws IllegalArgumentException naming the field when one cannot be read
   */
  public static Dressing of(Map<String, ?> fields) {
    if (fields == null) {
      return NONE;
    }
    Object position = first(fields, "watermark_position", "position", "position_orig");
    String corner =
        position == null ? "top_right" : position.toString().trim().toLowerCase(Locale.ROOT);
    corner = FRENCH.getOrDefault(corner, corner);
    if (!corner.matches("(top|bottom)_(left|right)")) {
      throw new IllegalArgumentException(
          "dressing watermark_position must be top_left, top_right, bottom_left or bottom_right"
              + " (got "
              + position
              + ")");
    }
    int opacity = 100;
    Object given = first(fields, "watermark_opacity", "opacity");
    if (given != null && !"none".equalsIgnoreCase(given.toString().trim())) {
      try {
        opacity = (int) Math.round(Double.parseDouble(given.toString().trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "dressing watermark_opacity must be a number from 0 to 100 (got " + given + ")");
      }
    }
    return new Dressing(
        url(fields.get("watermark")),
        corner,
        Math.max(0, Math.min(100, opacity)),
        credits(fields, "opening_credits"),
        credits(fields, "ending_credits"));
  }

  public boolean hasWatermark() {
    return watermark != null;
  }

  public boolean hasCredits() {
    return openingCredits != null || endingCredits != null;
  }

  /**
   * The overlay position expression for ffmpeg: a margin of 5 % of the picture height from the
   * corner (54 px at 1080p, as the reference runner lays it).
   */
  public String overlayPosition() {
    String margin = "main_h*0.05";
    String x = position.endsWith("left") ? margin : "main_w-overlay_w-" + margin;
    String y = position.startsWith("top") ? margin : "main_h-overlay_h-" + margin;
    return x + ":" + y;
  }

  private static Object first(Map<String, ?> fields, String... keys) {
    for (String key : keys) {
      Object v = fields.get(key);
      if (v != null && !v.toString().isBlank()) {
        return v;
      }
    }
    return null;
  }

  /** The credits video's URL: {@code <key>_video}, else {@code <key>} when it is a URL. */
  private static String credits(Map<String, ?> fields, String key) {
    String video = url(fields.get(key + "_video"));
    if (video != null) {
      return video;
    }
    String plain = url(fields.get(key));
    return plain != null && plain.matches("(?i)(https?|file):.*") ? plain : null;
  }

  private static String url(Object value) {
    return value == null || value.toString().isBlank() ? null : value.toString().trim();
  }
}
