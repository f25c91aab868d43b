package org.runnel.manager.admin.entity;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a runner says about itself in {@code GET /runner/status}, as the runners page shows it: disk
 * usage ({@code disk_usage}: free of total) and GPU facts ({@code gpu}: one {@code key: value} line
 * each). A runner that does not report them (an esup-runner) reads "not reported"; one that does
 * not answer reads "unreachable".
 */
public record RunnerFacts(String disk, List<String> gpu) implements Serializable {

  public static final String NOT_REPORTED = "not reported";
  public static final String UNREACHABLE = "unreachable";
  public static final RunnerFacts OFFLINE = new RunnerFacts("runner offline", List.of());

  /** The facts in a status answer; empty: the runner did not answer. */
  public static RunnerFacts of(Optional<Map<?, ?>> status) {
    if (status.isEmpty()) {
      return new RunnerFacts(UNREACHABLE, List.of(UNREACHABLE));
    }
    Map<?, ?> s = status.get();
    List<String> gpu = new ArrayList<>();
    if (s.get("gpu") instanceof Map<?, ?> facts) {
      facts.forEach(
          (k, v) -> {
            if (v != null && !String.valueOf(v).isBlank()) {
              gpu.add(k + ": " + (v instanceof Boolean b ? (b ? "yes" : "no") : v));
            }
          });
    }
    return new RunnerFacts(disk(s.get("disk_usage")), gpu.isEmpty() ? List.of(NOT_REPORTED) : gpu);
  }

  private static String disk(Object usage) {
    if (usage instanceof Map<?, ?> d
        && d.get("free_bytes") instanceof Number free
        && d.get("total_bytes") instanceof Number total) {
      return size(free.longValue()) + " free of " + size(total.longValue());
    }
    return NOT_REPORTED;
  }

  /** Bytes in binary units with one decimal, e.g. {@code 12.5 GiB}. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String units = "KMGTPE";
    double v = bytes;
    int unit = -1;
    while (v >= 1024 && unit < units.length() - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %ciB", v, units.charAt(unit));
  }
}
