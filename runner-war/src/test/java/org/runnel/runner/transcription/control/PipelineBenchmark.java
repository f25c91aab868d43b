package org.runnel.runner.transcription.control;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.runnel.runner.media.control.ProcessLauncher;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.transcription.entity.Cue;
import org.runnel.runner.transcription.entity.TranscriptionOptions;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * Real-time factor of the transcription pipeline on 60 s of {@code espeak-ng} speech: audio
 * extraction by ffmpeg, then log-mel front end + Whisper (encoder and greedy decoding) + VTT, whole
 * and in 20 s chunks. Not a test; {@code bench/transcription/run} runs it:
 *
 * <pre>
 * PipelineBenchmark [model-folder [threads [repetitions]]]
 * </pre>
 *
 * Without arguments it runs the tiny test model on 2 threads. The tiny model has random weights:
 * its decoding length (and so its time) is not that of a real model; the front end and the encoder
 * are the same work per window as in a real model of the same size.
 */
public final class PipelineBenchmark {

  private static final String TEXT =
      "The river carries the boats down to the sea, and the people on the bank wave to them. ";

  private PipelineBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path folder = args.length > 0 && !args[0].isEmpty() ? Path.of(args[0]) : Fixtures.tinyModel();
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    Path work = Files.createTempDirectory("bench-transcription");
    try (WhisperModel model = WhisperModel.load(folder, folder.getFileName().toString(), threads)) {
      Path wav = work.resolve("speech.wav");
      Process espeak =
          new ProcessBuilder("espeak-ng", "-w", wav.toString(), TEXT.repeat(16))
              .inheritIO()
              .start();
      if (espeak.waitFor() != 0) {
        throw new IllegalStateException("espeak-ng failed");
      }
      AudioExtractor extractor =
          new AudioExtractor(new DefaultFFMPEGLocator(), new ProcessLauncher(scheduler));
      long t0 = System.nanoTime();
      float[] all =
          extractor.extract(
              wav, false, null, work.resolve("log"), Duration.ofMinutes(5), new Cancellation());
      double extractSeconds = (System.nanoTime() - t0) / 1e9;
      float[] audio = Arrays.copyOf(all, 60 * LogMel.SAMPLE_RATE);
      System.out.printf(
          Locale.ROOT,
          "model %s, %d threads, 60 s of speech (%.1f s spoken), %d repetitions%n",
          model.name(),
          threads,
          all.length / (double) LogMel.SAMPLE_RATE,
          repetitions);
      System.out.printf(
          Locale.ROOT,
          "ffmpeg extraction to 16 kHz mono (%.0f s of audio): %.3f s%n",
          all.length / (double) LogMel.SAMPLE_RATE,
          extractSeconds);
      TranscriptionOptions options = TranscriptionOptions.defaults().withLanguage("en");
      for (double threshold : new double[] {600, 20}) {
        ChunkedTranscriber transcriber =
            new ChunkedTranscriber(new ChunkedTranscriber.Chunking(threshold, 25, 5));
        run(transcriber, model, audio, options);
        long start = System.nanoTime();
        ChunkedTranscriber.Result result = null;
        List<Cue> cues = List.of();
        for (int i = 0; i < repetitions; i++) {
          result = run(transcriber, model, audio, options);
          cues = VttWriter.cues(result.transcript().segments(), 60);
          VttWriter.write(cues);
        }
        double seconds = (System.nanoTime() - start) / 1e9 / repetitions;
        System.out.printf(
            Locale.ROOT,
            "front end + model + VTT, %s: %.3f s per run, real-time factor %.4f"
                + " (%d segments, %d cues)%n",
            result.chunks() == 1 ? "whole" : result.chunks() + " chunks of 25 s, 5 s overlap",
            seconds,
            seconds / 60,
            result.transcript().segments().size(),
            cues.size());
      }
    } finally {
      scheduler.shutdownNow();
    }
  }

  private static ChunkedTranscriber.Result run(
      ChunkedTranscriber transcriber,
      WhisperModel model,
      float[] audio,
      TranscriptionOptions options) {
    return transcriber.transcribe(model, audio, options, seconds -> {});
  }
}
