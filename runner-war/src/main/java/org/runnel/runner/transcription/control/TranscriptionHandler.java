package org.runnel.runner.transcription.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.runnel.runner.media.control.ProcessLauncher;
import org.runnel.runner.media.control.SourceDownloader;
import org.runnel.runner.media.control.SourceProbe;
import org.runnel.runner.media.entity.FileNames;
import org.runnel.runner.media.entity.SourceInfo;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.Manifest;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.tasks.entity.TaskFolder;
import org.runnel.runner.transcription.control.SpeechActivity.Interval;
import org.runnel.runner.transcription.entity.Cue;
import org.runnel.runner.transcription.entity.ModelUnavailableException;
import org.runnel.runner.transcription.entity.QualityReport;
import org.runnel.runner.transcription.entity.Segment;
import org.runnel.runner.transcription.entity.Transcript;
import org.runnel.runner.transcription.entity.TranscriptionOptions;
import org.runnel.runner.transcription.entity.TranscriptionRequest;
import org.runnel.runner.transcription.entity.Translation;
import org.runnel.shared.json.Json;
import org.runnel.shared.task.TaskStatus;
import ws.schild.jave.process.ProcessLocator;

/**
 * The {@code transcription} task: check the parameters and the model first (a missing model fails
 * before anything is downloaded), download and probe the source, extract 16 kHz mono audio (and
 * {@code <stem>.mp3} when the source is not MP3), transcribe it with Whisper, in chunks when long,
 * translate when another language is asked for, write {@code <stem>.vtt}, judge its coverage of the
 * speech, and write {@code info_video.json} and the manifest. Audio without speech skips the model
 * and gives an empty VTT.
 */
public class TranscriptionHandler {

  static final String WHISPER_TRANSLATE = "whisper-translate";
  private static final double MIN_SPEECH_SECONDS = 0.5;

  private final Settings settings;
  private final ModelLibrary models;
  private final Translator translator;
  private final SourceDownloader downloader;
  private final SourceProbe probe;
  private final AudioExtractor extractor;
  private final ChunkedTranscriber transcriber;

  /**
   * The settings of a transcribing runner.
   *
   * @param timeout the limit for the whole task after the download
   */
  public record Settings(
      Duration timeout,
      String defaultModel,
      ChunkedTranscriber.Chunking chunking,
      QualityGate.Limits quality) {}

  public TranscriptionHandler(
      Settings settings,
      ModelLibrary models,
      Translator translator,
      SourceDownloader downloader,
      SourceProbe probe,
      ProcessLauncher launcher,
      ProcessLocator ffmpeg) {
    this.settings = settings;
    this.models = models;
    this.translator = translator;
    this.downloader = downloader;
    this.probe = probe;
    this.extractor = new AudioExtractor(ffmpeg, launcher);
    this.transcriber = new ChunkedTranscriber(settings.chunking());
  }

  public void run(Attempt attempt) throws TaskFailure {
    TranscriptionRequest request = TranscriptionRequest.of(attempt.request().parameters());
    String modelName = request.model() != null ? request.model() : settings.defaultModel();
    WhisperModel model = model(modelName);
    TaskFolder folder = attempt.folder();
    String url = attempt.request().sourceUrl();
    attempt.log("Downloading the source from " + url);
    Path source = downloader.download(url, folder.source(), attempt.cancellation());
    SourceInfo info = probe.probe(source, attempt.cancellation());
    attempt.log("Source: " + info.describe());
    if (!info.hasAudio()) {
      throw TaskFailure.failed("The source has no sound to transcribe");
    }
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    String stem = FileNames.stem(source.getFileName().toString());
    List<String> files = new ArrayList<>();
    Path mp3 = isMp3(source, info) ? null : folder.output().resolve(stem + ".mp3");
    createDirectories(folder.output());
    long started = System.nanoTime();
    float[] samples =
        extractor.extract(
            source,
            request.normalize(),
            mp3,
            folder.log(),
            settings.timeout(),
            attempt.cancellation());
    double duration = samples.length / (double) LogMel.SAMPLE_RATE;
    attempt.log(String.format(Locale.ROOT, "Extracted %.1f s of 16 kHz mono audio", duration));
    attempt.progress(10);

    List<Interval> speech = SpeechActivity.detect(samples);
    double spoken = SpeechActivity.total(speech);
    Decoded decoded =
        spoken < MIN_SPEECH_SECONDS
            ? new Decoded(new Transcript(request.sourceLanguage(), List.of()), 0, false)
            : decode(model, samples, request, duration, deadline, attempt);
    String spokenLanguage = decoded.transcript().language();
    Translated translated = translate(request, decoded, spokenLanguage);
    List<Cue> cues = VttWriter.cues(translated.segments(), duration);
    String vtt = stem + ".vtt";
    write(folder.output().resolve(vtt), VttWriter.write(cues));
    files.add(vtt);
    if (mp3 != null) {
      files.add(mp3.getFileName().toString());
    }
    QualityReport quality = QualityGate.check(speech, cues, settings.quality());
    double seconds = (System.nanoTime() - started) / 1e9;
    attempt.log(
        String.format(
            Locale.ROOT,
            "Wrote %s: %d cues, %.1f s of speech, %.0f %% covered, in %.1f s (%.2f x real time)",
            vtt,
            cues.size(),
            quality.speechSeconds(),
            100 * quality.coverage(),
            seconds,
            duration > 0 ? seconds / duration : 0));
    if (translated.translation().detail() != null) {
      attempt.log("Translation not applied: " + translated.translation().detail());
    }
    if (!quality.passed()) {
      if (settings.quality().mode() == QualityGate.Mode.FAIL) {
        throw TaskFailure.failed("The transcript looks truncated: " + quality.problem());
      }
      attempt.log("Warning: the transcript may be truncated: " + quality.problem());
    }
    Map<String, Object> transcription = new LinkedHashMap<>();
    transcription.put("model", modelName);
    transcription.put("format", "vtt");
    transcription.put("filename", vtt);
    transcription.put("requested_language", request.targetLanguage());
    transcription.put("requested_source_language", request.sourceLanguage());
    transcription.put(
        "detected_language", request.sourceLanguage() == null ? spokenLanguage : null);
    transcription.put("source_language", spokenLanguage);
    transcription.put("final_language", translated.language());
    transcription.put("task", decoded.whisperTranslated() ? "translate" : "transcribe");
    transcription.put("translation", translationInfo(translated.translation()));
    transcription.put("chunks", decoded.chunks());
    transcription.put("segments", translated.segments().size());
    transcription.put("cues", cues.size());
    transcription.put("quality", qualityInfo(quality));
    transcription.put("processing_seconds", round(seconds));
    Map<String, Object> infoVideo = new LinkedHashMap<>();
    infoVideo.put("duration", round(info.durationMillis() / 1000.0));
    infoVideo.put("has_stream_video", info.hasVideo());
    infoVideo.put("has_stream_audio", info.hasAudio());
    infoVideo.put("transcription", transcription);
    write(folder.output().resolve("info_video.json"), Json.write(infoVideo));
    files.add("info_video.json");
    write(folder.manifest(), Json.write(new Manifest(attempt.taskId(), files)));
    attempt.progress(100);
  }

  private WhisperModel model(String name) throws TaskFailure {
    try {
      return models.get(name);
    } catch (ModelUnavailableException e) {
      throw TaskFailure.failed(e.getMessage());
    }
  }

  /** What the model gave, in how many chunks, and whether Whisper translated to English. */
  private record Decoded(Transcript transcript, int chunks, boolean whisperTranslated) {}

  /** The segments delivered, their language and what became of the translation. */
  private record Translated(List<Segment> segments, String language, Translation translation) {}

  private Decoded decode(
      WhisperModel model,
      float[] samples,
      TranscriptionRequest request,
      double duration,
      long deadline,
      Attempt attempt)
      throws TaskFailure {
    String source = request.sourceLanguage();
    String target = request.targetLanguage();
    boolean whisperTranslate =
        "en".equals(target) && !"en".equals(source) && !model.languages().isEmpty();
    TranscriptionOptions options =
        TranscriptionOptions.defaults()
            .withLanguage(source)
            .withTask(
                whisperTranslate
                    ? TranscriptionOptions.Task.TRANSLATE
                    : TranscriptionOptions.Task.TRANSCRIBE);
    try {
      ChunkedTranscriber.Result result =
          transcriber.transcribe(
              model,
              samples,
              options,
              seconds -> {
                if (attempt.cancellation().requested()) {
                  throw new Stopped(null);
                }
                if (System.nanoTime() > deadline) {
                  throw new Stopped(
                      new TaskFailure(
                          TaskStatus.TIMEOUT,
                          "The transcription took longer than the allowed "
                              + settings.timeout().toSeconds()
                              + " seconds"));
                }
                attempt.progress(
                    Math.min(90, 10 + (int) (80 * seconds / Math.max(duration, 1e-3))));
              });
      attempt.log(
          "Transcribed with Whisper model "
              + model.name()
              + " in "
              + result.chunks()
              + (result.chunks() == 1 ? " piece" : " overlapping chunks")
              + ", language "
              + result.transcript().language());
      return new Decoded(result.transcript(), result.chunks(), whisperTranslate);
    } catch (Stopped s) {
      attempt.cancellation().throwIfRequested();
      throw s.failure;
    } catch (IllegalArgumentException e) {
      throw TaskFailure.failed(e.getMessage());
    }
  }

  private Translated translate(TranscriptionRequest request, Decoded decoded, String spoken) {
    List<Segment> segments = decoded.transcript().segments();
    String target = request.finalLanguage(spoken);
    if (target == null || target.equals(spoken)) {
      return new Translated(segments, spoken, Translation.notRequested(spoken));
    }
    if (decoded.whisperTranslated()) {
      return new Translated(
          segments, target, Translation.applied(spoken, target, WHISPER_TRANSLATE));
    }
    if (segments.isEmpty()) {
      return new Translated(segments, target, Translation.applied(spoken, target, "none needed"));
    }
    Optional<List<Segment>> translated = translator.translate(segments, spoken, target);
    if (translated.isPresent()) {
      return new Translated(
          translated.get(), target, Translation.applied(spoken, target, translator.name()));
    }
    return new Translated(
        segments,
        spoken,
        Translation.notAvailable(
            spoken,
            target,
            "no translator from "
                + spoken
                + " to "
                + target
                + " is configured on this runner: the subtitles are in "
                + spoken));
  }

  private static Map<String, Object> translationInfo(Translation t) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("requested", t.requested());
    info.put("applied", t.applied());
    info.put("from", t.from());
    info.put("to", t.to());
    info.put("method", t.method());
    info.put("detail", t.detail());
    return info;
  }

  private static Map<String, Object> qualityInfo(QualityReport q) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("speech_seconds", round(q.speechSeconds()));
    info.put("coverage", Math.round(q.coverage() * 1000) / 1000.0);
    info.put("longest_gap_seconds", round(q.longestGapSeconds()));
    info.put("flagged", !q.passed());
    info.put("problem", q.problem());
    return info;
  }

  private static boolean isMp3(Path source, SourceInfo info) {
    boolean named = source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mp3");
    return named && !info.hasVideo() && "mp3".equals(info.audioCodec());
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static void createDirectories(Path dir) throws TaskFailure {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw TaskFailure.failed("Could not create the result folder: " + e.getMessage());
    }
  }

  private static void write(Path file, String text) throws TaskFailure {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw TaskFailure.failed("Could not write " + file.getFileName() + ": " + e.getMessage());
    }
  }

  /** Carries a stop out of the model's window loop. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient TaskFailure failure;

    Stopped(TaskFailure failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }
}
