package org.runnel.runner.transcription.control;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Random;
import org.runnel.runner.transcription.entity.TranscriptionOptions;

/**
 * Times the parts of a transcription: the log-mel front end on 30 s of audio, one encoder run and
 * one cached decoder step. Not a test; run it by hand:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *   org.runnel.runner.transcription.control.TranscriptionBenchmark [model-folder [threads]]
 * </pre>
 *
 * Without arguments it times the tiny test model (test resources) on 2 threads.
 */
public final class TranscriptionBenchmark {

  private TranscriptionBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path folder = args.length > 0 ? Path.of(args[0]) : Fixtures.tinyModel();
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    float[] audio = syntheticSpeechLikeAudio(30 * LogMel.SAMPLE_RATE);

    LogMel logMel = new LogMel(80);
    double melMs =
        time(
            20,
            () -> {
              LogMel.Features features = logMel.features(audio);
              features.window(0, 3000);
            });
    System.out.printf("log-mel of 30 s (both passes): %.1f ms%n", melMs);
    float[] hour = syntheticSpeechLikeAudio(600 * LogMel.SAMPLE_RATE);
    double tenMinutes = time(3, () -> logMel.features(hour));
    System.out.printf("log-mel maximum pass over 10 min: %.0f ms%n", tenMinutes);

    try (WhisperModel model = WhisperModel.load(folder, folder.getFileName().toString(), threads);
        NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
      float[] mel = logMel.features(audio).window(0, 3000);
      double encoderMs = time(20, () -> model.encode(manager, mel).close());
      System.out.printf("encoder, one 30 s window, %d threads: %.1f ms%n", threads, encoderMs);

      NDArray hidden = model.encode(manager, mel);
      TranscriptionOptions base =
          TranscriptionOptions.defaults()
              .withLanguage("en")
              .withTimestamps(false)
              .withMaxRepeats(0);
      int[] prompt = model.prompt("en", base);
      TranscriptionOptions one = base.withMaxNewTokens(1);
      TranscriptionOptions many = base.withMaxNewTokens(201);
      double firstStep = time(20, () -> model.decode(manager, hidden, prompt, one));
      int[] produced = model.decode(manager, hidden, prompt, many);
      double all = time(10, () -> model.decode(manager, hidden, prompt, many));
      System.out.printf(
          "decoder: prompt step %.2f ms, cached step %.3f ms per token (%d tokens)%n",
          firstStep, (all - firstStep) / (produced.length - 1), produced.length);
    }
  }

  /** Tones with a wandering pitch and noise, like a voice for the purpose of timing. */
  private static float[] syntheticSpeechLikeAudio(int length) {
    Random random = new Random(7);
    float[] samples = new float[length];
    double phase = 0;
    for (int i = 0; i < length; i++) {
      double pitch = 150 + 50 * Math.sin(2 * Math.PI * i / 24_000.0);
      phase += 2 * Math.PI * pitch / LogMel.SAMPLE_RATE;
      samples[i] =
          (float)
              (0.3 * Math.sin(phase) + 0.1 * Math.sin(3 * phase) + 0.02 * random.nextGaussian());
    }
    return samples;
  }

  private static double time(int repetitions, Runnable work) {
    for (int i = 0; i < Math.max(3, repetitions / 4); i++) {
      work.run();
    }
    long start = System.nanoTime();
    for (int i = 0; i < repetitions; i++) {
      work.run();
    }
    return (System.nanoTime() - start) / 1e6 / repetitions;
  }
}
