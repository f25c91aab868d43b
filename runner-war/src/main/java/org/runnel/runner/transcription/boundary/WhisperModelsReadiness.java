package org.runnel.runner.transcription.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.runnel.runner.tasks.control.TaskRunner;
import org.runnel.shared.task.TaskTypes;

/**
 * A runner that announces {@code transcription} is ready only when its default Whisper model is
 * installed: otherwise every task that names no model would fail. The check lists the installed
 * models and, when the default one is missing, the folder where it is expected.
 */
@Readiness
@ApplicationScoped
public class WhisperModelsReadiness implements HealthCheck {

  @Inject TaskRunner tasks;
  @Inject TranscriptionService transcription;

  @Override
  public HealthCheckResponse call() {
    boolean served = tasks.taskTypes().contains(TaskTypes.TRANSCRIPTION);
    String model = transcription.defaultModel();
    boolean installed = transcription.models().installed(model);
    var b =
        HealthCheckResponse.named("whisper-models")
            .status(!served || installed)
            .withData("transcription_served", served)
            .withData("models_dir", transcription.models().root().toString())
            .withData("default_model", model)
            .withData("available_models", String.join(",", transcription.models().available()));
    if (!installed) {
      b.withData(
          "problem",
          "Whisper model '"
              + model
              + "' is not installed in "
              + transcription.models().folder(model));
    }
    return b.build();
  }
}
