package org.runnel.runner.studio.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.runnel.runner.configuration.boundary.RunnerConfig;
import org.runnel.runner.encoding.boundary.EncodingService;
import org.runnel.runner.media.boundary.MediaTools;
import org.runnel.runner.studio.control.StudioTask;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.TaskFailure;

/**
 * The {@code studio} task on this runner: compose {@code studio_base.mp4} from an Opencast
 * recording, then run the encoding pipeline on it.
 */
@ApplicationScoped
public class StudioService {

  @Inject RunnerConfig config;
  @Inject MediaTools media;
  @Inject EncodingService encoding;

  private StudioTask task;

  @PostConstruct
  void init() {
    task =
        new StudioTask(
            encoding.downloader(),
            encoding.handler(),
            encoding.probe(),
            media.launcher(),
            media.ffmpeg().getExecutablePath(),
            config.encodePreset(),
            config.encodeTimeout());
  }

  public void run(Attempt attempt) throws TaskFailure {
    task.run(attempt);
  }
}
