package org.runnel.runner.encoding.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.runnel.runner.configuration.boundary.RunnerConfig;
import org.runnel.runner.encoding.control.EncodingHandler;
import org.runnel.runner.encoding.control.EncodingSettings;
import org.runnel.runner.media.boundary.MediaTools;
import org.runnel.runner.media.control.SourceDownloader;
import org.runnel.runner.media.control.SourceProbe;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.TaskFailure;

/**
 * The runner's encoding pipeline, built once from the configuration and the host's media tools, for
 * the {@code encoding} task and for the second stage of {@code studio}.
 */
@ApplicationScoped
public class EncodingService {

  @Inject RunnerConfig config;
  @Inject MediaTools media;

  @Resource ManagedScheduledExecutorService scheduler;

  private EncodingHandler handler;
  private SourceDownloader downloader;
  private SourceProbe probe;

  @PostConstruct
  void init() {
    downloader =
        new SourceDownloader(
            config.urlPolicy(),
            config.maxRedirects(),
            config.downloadMaxBytes(),
            config.downloadTimeout(),
            scheduler);
    probe = new SourceProbe(media.launcher(), media.ffprobe(), media.ffmpeg());
    EncodingSettings settings =
        new EncodingSettings(
            media.ffmpeg().getExecutablePath(),
            config.encodePreset(),
            media.nvenc(),
            config.nvencPreset(),
            config.encodeTimeout(),
            config.deniedCodecs());
    handler = new EncodingHandler(downloader, probe, media.launcher(), settings);
  }

  public void run(Attempt attempt) throws TaskFailure {
    handler.run(attempt);
  }

  public EncodingHandler handler() {
    return handler;
  }

  public SourceProbe probe() {
    return probe;
  }

  public SourceDownloader downloader() {
    return downloader;
  }
}
