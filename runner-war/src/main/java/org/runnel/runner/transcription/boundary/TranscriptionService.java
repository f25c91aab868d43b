package org.runnel.runner.transcription.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.runner.configuration.boundary.RunnerConfig;
import org.runnel.runner.media.boundary.MediaTools;
import org.runnel.runner.media.control.SourceDownloader;
import org.runnel.runner.media.control.SourceProbe;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.transcription.control.ChunkedTranscriber;
import org.runnel.runner.transcription.control.ModelLibrary;
import org.runnel.runner.transcription.control.QualityGate;
import org.runnel.runner.transcription.control.TranscriptionHandler;
import org.runnel.runner.transcription.control.Translator;

/**
 * Runs {@code transcription} tasks for the task runner, with the runner's Whisper models and its
 * transcription settings ({@code runnel.runner.whisper.*}, {@code runnel.runner.transcription.*}).
 * A {@link Translator} deployed as a CDI bean is used for translations Whisper cannot do; without
 * one they are reported as not available.
 */
@ApplicationScoped
public class TranscriptionService {

  @Inject RunnerConfig runner;
  @Inject MediaTools media;
  @Inject Instance<Translator> translators;

  @Inject
  @ConfigProperty(name = "runnel.runner.whisper.models-dir")
  String modelsDir;

  @Inject
  @ConfigProperty(name = "runnel.runner.whisper.default-model")
  String defaultModel;

  @Inject
  @ConfigProperty(name = "runnel.runner.whisper.threads")
  int threads;

  @Inject
  @ConfigProperty(name = "runnel.runner.transcription.timeout-seconds")
  long timeoutSeconds;

  @Inject
  @ConfigProperty(name = "runnel.runner.transcription.chunk-threshold-seconds")
  double chunkThresholdSeconds;

  @Inject
  @ConfigProperty(name = "runnel.runner.transcription.chunk-seconds")
  double chunkSeconds;

  @Inject
  @ConfigProperty(name = "runnel.runner.transcription.chunk-overlap-seconds")
  double chunkOverlapSeconds;

  @Inject
  @ConfigProperty(name = "runnel.runner.transcription.quality-gate")
  String qualityGate;

  @Inject
  @ConfigProperty(name = "runnel.runner.transcription.min-coverage")
  double minCoverage;

  @Inject
  @ConfigProperty(name = "runnel.runner.transcription.max-gap-seconds")
  double maxGapSeconds;

  @Resource ManagedScheduledExecutorService scheduler;

  private ModelLibrary models;
  private TranscriptionHandler handler;

  @PostConstruct
  void init() {
    models = new ModelLibrary(Path.of(modelsDir), threads);
    Translator translator = translators.isResolvable() ? translators.get() : Translator.NONE;
    handler =
        new TranscriptionHandler(
            new TranscriptionHandler.Settings(
                Duration.ofSeconds(timeoutSeconds),
                defaultModel,
                new ChunkedTranscriber.Chunking(
                    chunkThresholdSeconds, chunkSeconds, chunkOverlapSeconds),
                new QualityGate.Limits(
                    minCoverage,
                    maxGapSeconds,
                    QualityGate.Mode.valueOf(qualityGate.trim().toUpperCase(Locale.ROOT)))),
            models,
            translator,
            new SourceDownloader(
                runner.urlPolicy(),
                runner.maxRedirects(),
                runner.downloadMaxBytes(),
                runner.downloadTimeout(),
                scheduler),
            new SourceProbe(media.launcher(), media.ffprobe(), media.ffmpeg()),
            media.launcher(),
            media.ffmpeg());
  }

  @PreDestroy
  void close() {
    models.close();
  }

  public void run(Attempt attempt) throws TaskFailure {
    handler.run(attempt);
  }

  public ModelLibrary models() {
    return models;
  }

  public String defaultModel() {
    return defaultModel;
  }
}
