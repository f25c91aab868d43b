package org.runnel.runner.encoding.entity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The renditions a task makes: the protocol's default ladder (360p 750k/96k with MP4, 720p
 * 2000k/128k with MP4, 1080p 3000k/192k without) with the task's {@code rendition} parameter merged
 * over it key by key, then cut to the source: a rung above the source's height is skipped, the
 * lowest is always made. The default rungs keep the reference runner's min/max rate and buffer; a
 * rung whose bitrate the task changes gets the same proportions (⅔, 1.5×, 2×).
 */
public final class Ladder {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*[xX]\\s*(\\d+)");
  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmM]?)");

  private static final List<Rung> DEFAULTS =
      List.of(
          new Rung("360", 640, 360, "750k", "500k", "1000k", "1500k", "96k", true),
          new Rung("720", 1280, 720, "2000k", "1000k", "3000k", "4000k", "128k", true),
          new Rung("1080", 1920, 1080, "3000k", "2M", "4500k", "6M", "192k", false));

  private final List<Rung> rungs;

  private Ladder(List<Rung> rungs) {
    this.rungs = rungs.stream().sorted(Comparator.comparingInt(Rung::height)).toList();
  }

  public static Ladder defaults() {
    return new Ladder(DEFAULTS);
  }

  /**
   * The default ladder with {@code overrides} (the parsed {@code rendition} parameter) merged over
   * it.
   *
   * @throws IllegalArgumentException naming what is wrong in the parameter
   */
  public static Ladder merged(Map<String, ?> overrides) {
    Map<String, Rung> byName = new LinkedHashMap<>();
    DEFAULTS.forEach(r -> byName.put(r.name(), r));
    if (overrides != null) {
      overrides.forEach((name, value) -> byName.put(name, merge(name, byName.get(name), value)));
    }
    return new Ladder(new ArrayList<>(byName.values()));
  }

  public List<Rung> rungs() {
    return rungs;
  }

  /** The rungs made for a source of this height: those not above it, and always the lowest. */
  public List<Rung> forSource(int sourceHeight) {
    List<Rung> kept = new ArrayList<>();
    for (Rung r : rungs) {
      if (kept.isEmpty() || r.height() <= sourceHeight) {
        kept.add(r);
      }
    }
    return kept;
  }

  /** Bits per second of a bitrate such as {@code 750k}, {@code 2M} or {@code 96000}. */
  public static long bitsPerSecond(String rate) {
    Matcher m = RATE.matcher(rate == null ? "" : rate.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid bitrate " + rate);
    }
    double value = Double.parseDouble(m.group(1));
    double unit =
        switch (m.group(2).toLowerCase()) {
          case "k" -> 1e3;
          case "m" -> 1e6;
          default -> 1;
        };
    return Math.round(value * unit);
  }

  private static Rung merge(String name, Rung base, Object value) {
    if (!(value instanceof Map<?, ?> fields)) {
      throw new IllegalArgumentException("rendition " + name + " must be an object");
    }
    int width = base == null ? 0 : base.width();
    int height = base == null ? 0 : base.height();
    Object resolution = fields.get("resolution");
    if (resolution != null) {
      Matcher m = SIZE.matcher(resolution.toString());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "rendition " + name + ": resolution must be WIDTHxHEIGHT");
      }
      width = Integer.parseInt(m.group(1));
      height = Integer.parseInt(m.group(2));
    }
    if (height <= 0) {
      throw new IllegalArgumentException("rendition " + name + " needs a resolution");
    }
    String video = text(fields.get("video_bitrate"), base == null ? null : base.videoBitrate());
    String audio = text(fields.get("audio_bitrate"), base == null ? "128k" : base.audioBitrate());
    if (video == null) {
      throw new IllegalArgumentException("rendition " + name + " needs a video_bitrate");
    }
    long bits = bitsPerSecond(video);
    bitsPerSecond(audio);
    boolean mp4 =
        fields.get("encode_mp4") == null
            ? base != null && base.encodeMp4()
            : Boolean.parseBoolean(fields.get("encode_mp4").toString());
    boolean sameRate = base != null && bits == bitsPerSecond(base.videoBitrate());
    return new Rung(
        name,
        width,
        height,
        video,
        sameRate ? base.minRate() : kbps(bits * 2 / 3),
        sameRate ? base.maxRate() : kbps(bits * 3 / 2),
        sameRate ? base.bufferSize() : kbps(bits * 2),
        audio,
        mp4);
  }

  private static String text(Object value, String fallback) {
    return value == null || value.toString().isBlank() ? fallback : value.toString().trim();
  }

  private static String kbps(long bits) {
    return Math.max(1, bits / 1000) + "k";
  }
}
