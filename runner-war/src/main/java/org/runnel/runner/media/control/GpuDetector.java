package org.runnel.runner.media.control;

import java.time.Duration;
import java.util.List;
import org.runnel.runner.media.entity.GpuFacts;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.TaskFailure;

/**
 * Finds what an ffmpeg build and the host's devices offer for GPU work ({@link GpuFacts}): lists
 * ffmpeg's encoders, hardware accelerations and filters, then tries the device for real, since a
 * build with NVENC says nothing about the card (or the lack of one).
 */
public final class GpuDetector {

  private static final Duration LIMIT = Duration.ofSeconds(30);

  private final ProcessLauncher launcher;

  public GpuDetector(ProcessLauncher launcher) {
    this.launcher = launcher;
  }

  public GpuFacts detect(String ffmpeg) {
    String encoders = list(ffmpeg, "-encoders");
    String hwaccels = list(ffmpeg, "-hwaccels");
    String filters = list(ffmpeg, "-filters");
    boolean nvenc = encoders.contains("h264_nvenc");
    boolean cuda = hwaccels.lines().anyMatch(l -> l.trim().equals("cuda"));
    boolean scaleCuda = filters.contains("scale_cuda");
    String detail = "";
    boolean nvencUsable = false;
    if (nvenc) {
      String failure =
          attempt(
              ffmpeg, "-f", "lavfi", "-i", "color=size=256x256:duration=0.2", "-c:v", "h264_nvenc");
      nvencUsable = failure == null;
      detail += failure == null ? "NVENC works. " : "NVENC unusable: " + failure + ". ";
    }
    boolean cudaUsable = false;
    if (cuda) {
      String failure =
          attempt(ffmpeg, "-init_hw_device", "cuda=gpu", "-f", "lavfi", "-i", "nullsrc=d=0.1");
      cudaUsable = failure == null;
      detail += failure == null ? "CUDA device works." : "No usable CUDA device: " + failure;
    }
    if (!nvenc && !cuda) {
      detail = "This ffmpeg has neither NVENC nor CUDA: encoding on CPU.";
    }
    return new GpuFacts(ffmpeg, nvenc, cuda, scaleCuda, nvencUsable, cudaUsable, detail.trim());
  }

  private String list(String ffmpeg, String what) {
    try {
      return launcher
          .run(
              ProcessLauncher.Launch.collecting(
                  "Listing " + what, List.of(ffmpeg, "-hide_banner", what), LIMIT),
              new Cancellation())
          .stdout();
    } catch (TaskFailure e) {
      return "";
    }
  }

  /** Runs a tiny ffmpeg job; null when it worked, else its last error line. */
  private String attempt(String ffmpeg, String... middle) {
    List<String> command =
        new java.util.ArrayList<>(List.of(ffmpeg, "-hide_banner", "-v", "error"));
    command.addAll(List.of(middle));
    command.addAll(List.of("-frames:v", "1", "-f", "null", "-"));
    try {
      launcher.run(
          ProcessLauncher.Launch.collecting("The GPU check", command, LIMIT), new Cancellation());
      return null;
    } catch (TaskFailure e) {
      return e.getMessage();
    }
  }
}
