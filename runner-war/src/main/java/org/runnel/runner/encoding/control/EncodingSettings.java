package org.runnel.runner.encoding.control;

import java.time.Duration;

/**
 * How a runner encodes: the ffmpeg program, the x264 preset (the reference runner's {@code slow} by
 * default; tests use {@code ultrafast}), whether the NVENC encoder may be used, the time limit of
 * one encode, and the codecs refused at intake.
 *
 * @param ffmpeg path of the ffmpeg program
 * @param nvenc true to encode with {@code h264_nvenc} (the host was found to offer it)
 * @param nvencPreset NVENC preset ({@code p1}–{@code p7})
 * @param deniedCodecs codec names refused at intake, lower case
 */
public record EncodingSettings(
    String ffmpeg,
    String preset,
    boolean nvenc,
    String nvencPreset,
    Duration timeout,
    java.util.Set<String> deniedCodecs) {

  /** The same settings on CPU: the fallback when a GPU encode fails. */
  public EncodingSettings onCpu() {
    return new EncodingSettings(ffmpeg, preset, false, nvencPreset, timeout, deniedCodecs);
  }
}
