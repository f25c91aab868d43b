package org.runnel.runner.media.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;
import org.runnel.runner.configuration.boundary.RunnerConfig;
import org.runnel.runner.media.control.GpuDetector;
import org.runnel.runner.media.control.ProcessLauncher;
import org.runnel.runner.media.entity.GpuFacts;
import ws.schild.jave.process.ProcessLocator;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * The media programs of this runner, resolved once at start: ffmpeg (JAVE's bundled static build,
 * or a configured one such as a system ffmpeg with NVENC), ffprobe (configured, {@code ffprobe} on
 * the PATH by default; null when absent, and probes then fall back to parsing {@code ffmpeg -i}),
 * the process launcher every program runs through, and the host's GPU facts.
 */
@ApplicationScoped
public class MediaTools {

  private static final Logger LOG = Logger.getLogger(MediaTools.class.getName());

  @Inject RunnerConfig config;

  private ScheduledExecutorService timers;
  private ProcessLauncher launcher;
  private ProcessLocator ffmpeg;
  private String ffprobe;
  private volatile GpuFacts gpu;

  @PostConstruct
  void init() {
    timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "process-timers");
              t.setDaemon(true);
              return t;
            });
    launcher = new ProcessLauncher(timers);
    String configured = config.ffmpegPath().orElse(null);
    ffmpeg = configured == null ? new DefaultFFMPEGLocator() : () -> configured;
    String probe = config.ffprobePath();
    ffprobe = ProcessLauncher.available(probe) ? probe : null;
    if (ffprobe == null) {
      LOG.warning(
          () -> "ffprobe not found at " + probe + ": probing falls back to parsing ffmpeg -i");
    }
  }

  @PreDestroy
  void stop() {
    timers.shutdownNow();
  }

  public ProcessLauncher launcher() {
    return launcher;
  }

  public ProcessLocator ffmpeg() {
    return ffmpeg;
  }

  /** The ffprobe program, or null when none was found. */
  public String ffprobe() {
    return ffprobe;
  }

  /** The GPU facts of this host, detected on first use (a few seconds at most). */
  public GpuFacts gpu() {
    GpuFacts facts = gpu;
    if (facts == null) {
      synchronized (this) {
        if (gpu == null) {
          gpu = new GpuDetector(launcher).detect(ffmpeg.getExecutablePath());
          LOG.info("GPU facts: " + gpu);
        }
        facts = gpu;
      }
    }
    return facts;
  }

  /** Whether encodes use NVENC: allowed by configuration and found usable on this host. */
  public boolean nvenc() {
    return config.gpuEncoding() && gpu().nvencUsable();
  }
}
