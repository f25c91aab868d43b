package org.runnel.runner.transcription.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.media.control.ProcessLauncher;
import org.runnel.runner.media.control.SourceDownloader;
import org.runnel.runner.media.control.SourceProbe;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.Manifest;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.tasks.entity.TaskFolder;
import org.runnel.runner.testing.LocalWebServer;
import org.runnel.runner.transcription.entity.Cue;
import org.runnel.runner.transcription.entity.Segment;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.TaskRunRequest;
import ws.schild.jave.process.ProcessLocator;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * The whole transcription task through its handler: speech spoken by {@code espeak-ng}, served over
 * HTTP, transcribed by the tiny random-weight Whisper copied into a models folder. The model knows
 * no words, so the tests check what does not depend on them: the files, a VTT that parses with
 * readable cues in order, the {@code info_video.json} facts, the chunked path, translation outcomes
 * and the errors a user reads.
 */
class TranscriptionHandlerTest {

  private static final Path ESPEAK = Path.of("/usr/bin/espeak-ng");
  private static final ProcessLocator FFMPEG = new DefaultFFMPEGLocator();
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor();
  private static final String SENTENCE =
      "The river carries the boats down to the sea, and the people on the bank wave to them. ";

  @TempDir static Path media;
  @TempDir static Path models;
  private static LocalWebServer web;

  @TempDir Path work;

  @BeforeAll
  static void speakAndServe() throws Exception {
    assertTrue(
        Files.isExecutable(ESPEAK), "espeak-ng is not installed (apt-get install espeak-ng sox)");
    Path tiny = Files.createDirectories(models.resolve("tiny"));
    for (String file : WhisperModel.REQUIRED_FILES) {
      Files.copy(Fixtures.tinyModel().resolve(file), tiny.resolve(file));
    }
    Files.copy(
        Fixtures.tinyModel().resolve("generation_config.json"),
        tiny.resolve("generation_config.json"));
    run(ESPEAK.toString(), "-w", media.resolve("talk.wav").toString(), SENTENCE + SENTENCE);
    run(ESPEAK.toString(), "-w", media.resolve("long.wav").toString(), SENTENCE.repeat(15));
    ffmpeg("-i", media.resolve("talk.wav").toString(), media.resolve("talk.mp3").toString());
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "4", silence());
    web = new LocalWebServer();
    for (String name : List.of("talk.wav", "long.wav", "talk.mp3", "silence.wav")) {
      web.serve("/media/" + name, 200, "audio/wav", Files.readAllBytes(media.resolve(name)));
    }
  }

  @AfterAll
  static void stop() {
    if (web != null) {
      web.close();
    }
    SCHEDULER.shutdownNow();
  }

  @Test
  void speechGivesAVttAnMp3AndTheTranscriptionFacts() throws Exception {
    Attempt attempt = attempt("talk.wav", Map.of("language", "en", "video_id", "7"));

    handler(settings(600), Translator.NONE).run(attempt);

    Path output = attempt.folder().output();
    Manifest manifest = Json.read(Files.readString(attempt.folder().manifest()), Manifest.class);
    assertEquals(List.of("talk.vtt", "talk.mp3", "info_video.json"), manifest.files());
    assertTrue(Files.size(output.resolve("talk.mp3")) > 1000);
    List<Cue> cues = parseVtt(Files.readString(output.resolve("talk.vtt")));
    double duration = Files.size(media.resolve("talk.wav")) / 44_100.0;
    assertTrue(cues.get(cues.size() - 1).end() <= duration + 0.5, cues.toString());

    Map<?, ?> info = Json.read(Files.readString(output.resolve("info_video.json")), Map.class);
    assertEquals(Boolean.FALSE, info.get("has_stream_video"));
    assertEquals(Boolean.TRUE, info.get("has_stream_audio"));
    Map<?, ?> transcription = (Map<?, ?>) info.get("transcription");
    assertEquals("tiny", transcription.get("model"));
    assertEquals("en", transcription.get("requested_language"));
    assertEquals("en", transcription.get("source_language"));
    assertEquals("en", transcription.get("final_language"));
    assertNull(transcription.get("detected_language"));
    assertEquals("transcribe", transcription.get("task"));
    assertEquals(1, ((Number) transcription.get("chunks")).intValue());
    assertEquals(cues.size(), ((Number) transcription.get("cues")).intValue());
    Map<?, ?> translation = (Map<?, ?>) transcription.get("translation");
    assertEquals(Boolean.FALSE, translation.get("requested"));
    Map<?, ?> quality = (Map<?, ?>) transcription.get("quality");
    assertTrue(((Number) quality.get("speech_seconds")).doubleValue() > 3, quality.toString());
    assertEquals(100, attempt.progress());
    assertTrue(attempt.scriptOutput().contains("Wrote talk.vtt"), attempt.scriptOutput());
  }

  @Test
  void longAudioIsTranscribedInOverlappingChunksIntoOneOrderedVtt() throws Exception {
    Attempt attempt = attempt("long.wav", Map.of());

    handler(settings(20), Translator.NONE).run(attempt);

    Path output = attempt.folder().output();
    List<Cue> cues = parseVtt(Files.readString(output.resolve("long.vtt")));
    Map<?, ?> info = Json.read(Files.readString(output.resolve("info_video.json")), Map.class);
    Map<?, ?> transcription = (Map<?, ?>) info.get("transcription");
    double duration = ((Number) info.get("duration")).doubleValue();
    assertTrue(duration > 60, "espeak's text lasts over a minute: " + duration);
    int expectedChunks = (int) Math.ceil((duration - 5) / 20);
    assertEquals(expectedChunks, ((Number) transcription.get("chunks")).intValue());
    assertTrue(attempt.scriptOutput().contains("overlapping chunks"), attempt.scriptOutput());
    assertFalse(cues.isEmpty());
    assertTrue(cues.get(cues.size() - 1).end() <= duration + 0.05, cues.toString());
    String detected = (String) transcription.get("detected_language");
    assertEquals(detected, transcription.get("source_language"));
    assertTrue(detected.matches("[a-z]{2,3}"), detected);
  }

  @Test
  void silenceGivesAnEmptyVttWithoutRunningTheModel() throws Exception {
    Attempt attempt = attempt("silence.wav", Map.of("language", "fr"));

    handler(settings(600), Translator.NONE).run(attempt);

    Path output = attempt.folder().output();
    assertEquals("WEBVTT\n", Files.readString(output.resolve("silence.vtt")));
    Map<?, ?> info = Json.read(Files.readString(output.resolve("info_video.json")), Map.class);
    Map<?, ?> transcription = (Map<?, ?>) info.get("transcription");
    assertEquals(0, ((Number) transcription.get("cues")).intValue());
    assertEquals("fr", transcription.get("final_language"));
    assertEquals(
        Boolean.FALSE, ((Map<?, ?>) transcription.get("quality")).get("flagged"), info.toString());
  }

  @Test
  void anMp3SourceGetsNoSecondMp3() throws Exception {
    Attempt attempt = attempt("talk.mp3", Map.of("language", "en", "normalize", "true"));

    handler(settings(600), Translator.NONE).run(attempt);

    Manifest manifest = Json.read(Files.readString(attempt.folder().manifest()), Manifest.class);
    assertEquals(List.of("talk.vtt", "info_video.json"), manifest.files());
  }

  @Test
  void englishSubtitlesOfFrenchSpeechUseWhispersTranslateTask() throws Exception {
    Attempt attempt = attempt("talk.wav", Map.of("language", "en", "source_language", "fr"));

    handler(settings(600), Translator.NONE).run(attempt);

    Map<?, ?> transcription = transcription(attempt);
    assertEquals("translate", transcription.get("task"));
    assertEquals("en", transcription.get("final_language"));
    assertEquals("fr", transcription.get("source_language"));
    Map<?, ?> translation = (Map<?, ?>) transcription.get("translation");
    assertEquals(Boolean.TRUE, translation.get("applied"));
    assertEquals("whisper-translate", translation.get("method"));
  }

  @Test
  void withoutATranslatorTheSpokenLanguageIsDeliveredAndSaidSo() throws Exception {
    Attempt attempt = attempt("talk.wav", Map.of("language", "de", "source_language", "en"));

    handler(settings(600), Translator.NONE).run(attempt);

    Map<?, ?> transcription = transcription(attempt);
    assertEquals("en", transcription.get("final_language"));
    Map<?, ?> translation = (Map<?, ?>) transcription.get("translation");
    assertEquals(Boolean.TRUE, translation.get("requested"));
    assertEquals(Boolean.FALSE, translation.get("applied"));
    assertTrue(
        String.valueOf(translation.get("detail")).contains("no translator from en to de"),
        translation.toString());
    assertTrue(attempt.scriptOutput().contains("Translation not applied"));
    assertTrue(Files.isRegularFile(attempt.folder().output().resolve("talk.vtt")));
  }

  @Test
  void aPluggedTranslatorTranslatesOtherDirections() throws Exception {
    Translator shouting =
        new Translator() {
          @Override
          public String name() {
            return "shouting";
          }

          @Override
          public Optional<List<Segment>> translate(List<Segment> segments, String from, String to) {
            return Optional.of(
                segments.stream()
                    .map(
                        s ->
                            new Segment(
                                s.start(),
                                s.end(),
                                s.text().toUpperCase(Locale.ROOT) + " DE",
                                s.tokens()))
                    .toList());
          }
        };
    Attempt attempt = attempt("talk.wav", Map.of("language", "de", "source_language", "en"));

    handler(settings(600), shouting).run(attempt);

    Map<?, ?> translation = (Map<?, ?>) transcription(attempt).get("translation");
    assertEquals(Boolean.TRUE, translation.get("applied"));
    assertEquals("shouting", translation.get("method"));
    assertEquals("de", transcription(attempt).get("final_language"));
    String vtt = Files.readString(attempt.folder().output().resolve("talk.vtt"));
    assertTrue(vtt.contains("DE"), vtt);
  }

  @Test
  void aMissingModelFailsNamingTheModelAndTheFolderBeforeDownloading() {
    Attempt attempt = attempt("talk.wav", Map.of("model", "large-v3"));

    TaskFailure e =
        assertThrows(TaskFailure.class, () -> handler(settings(600), Translator.NONE).run(attempt));

    assertTrue(e.getMessage().contains("'large-v3'"), e.getMessage());
    assertTrue(e.getMessage().contains(models.resolve("large-v3").toString()), e.getMessage());
    assertFalse(Files.exists(attempt.folder().source()), "nothing is downloaded");
  }

  @Test
  void unknownParametersFailTheTask() {
    Attempt attempt = attempt("talk.wav", Map.of("language", "fr", "speed", "2", "colour", "x"));

    TaskFailure e =
        assertThrows(TaskFailure.class, () -> handler(settings(600), Translator.NONE).run(attempt));

    assertEquals(
        "Invalid parameters for task type: transcription (invalid fields: colour, speed)",
        e.getMessage());
  }

  @Test
  void aFailingQualityGateFailsTheTask() {
    TranscriptionHandler.Settings strict =
        new TranscriptionHandler.Settings(
            Duration.ofMinutes(5),
            "tiny",
            new ChunkedTranscriber.Chunking(600, 300, 5),
            new QualityGate.Limits(1.01, 0, QualityGate.Mode.FAIL));
    Attempt attempt = attempt("talk.wav", Map.of("language", "en"));

    TaskFailure e =
        assertThrows(TaskFailure.class, () -> handler(strict, Translator.NONE).run(attempt));

    assertTrue(e.getMessage().startsWith("The transcript looks truncated: "), e.getMessage());
  }

  /** Parses a WebVTT file and checks what a player and a reader need. */
  static List<Cue> parseVtt(String vtt) {
    assertTrue(vtt.startsWith("WEBVTT\n"), vtt);
    List<Cue> cues = new ArrayList<>();
    String[] blocks = vtt.substring("WEBVTT\n".length()).strip().split("\n\n");
    double previousEnd = 0;
    for (String block : blocks) {
      if (block.isBlank()) {
        continue;
      }
      String[] lines = block.split("\n");
      String[] times = lines[0].split(" --> ");
      assertEquals(2, times.length, block);
      double start = seconds(times[0]);
      double end = seconds(times[1]);
      assertTrue(start >= previousEnd - 0.0005, "cues in order: " + block);
      assertTrue(end > start, "cue has a length: " + block);
      assertTrue(lines.length >= 2 && lines.length <= 3, "one or two lines: " + block);
      for (int i = 1; i < lines.length; i++) {
        assertFalse(lines[i].isBlank(), block);
        assertTrue(
            lines[i].length() <= VttWriter.LINE_CHARS || !lines[i].contains(" "),
            "readable line: " + lines[i]);
      }
      previousEnd = end;
      cues.add(new Cue(start, end, block.substring(lines[0].length() + 1)));
    }
    return cues;
  }

  private static double seconds(String timestamp) {
    assertTrue(timestamp.matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3}"), timestamp);
    String[] parts = timestamp.split(":");
    return Integer.parseInt(parts[0]) * 3600
        + Integer.parseInt(parts[1]) * 60
        + Double.parseDouble(parts[2]);
  }

  private static Map<?, ?> transcription(Attempt attempt) throws IOException {
    Path info = attempt.folder().output().resolve("info_video.json");
    return (Map<?, ?>) Json.read(Files.readString(info), Map.class).get("transcription");
  }

  private static TranscriptionHandler.Settings settings(double chunkThreshold) {
    return new TranscriptionHandler.Settings(
        Duration.ofMinutes(5),
        "tiny",
        new ChunkedTranscriber.Chunking(chunkThreshold, 25, 5),
        new QualityGate.Limits(0.6, 90, QualityGate.Mode.FLAG));
  }

  private static TranscriptionHandler handler(
      TranscriptionHandler.Settings settings, Translator translator) {
    ProcessLauncher launcher = new ProcessLauncher(SCHEDULER);
    return new TranscriptionHandler(
        settings,
        new ModelLibrary(models, 2),
        translator,
        new SourceDownloader(
            org.runnel.runner.testing.Media.LOOPBACK,
            SourceDownloader.MAX_REDIRECTS,
            100_000_000L,
            Duration.ofMinutes(1),
            SCHEDULER),
        new SourceProbe(launcher, null, FFMPEG),
        launcher,
        FFMPEG);
  }

  private Attempt attempt(String name, Map<String, Object> parameters) {
    TaskRunRequest request =
        new TaskRunRequest(
            "t1",
            "etab",
            "pod",
            "4.2",
            "transcription",
            web.url("/media/" + name),
            "",
            null,
            parameters,
            "http://127.0.0.1:1/task/completion",
            "run-1");
    return new Attempt(request, new TaskFolder(work.resolve("t1")));
  }

  private static String silence() {
    return media.resolve("silence.wav").toString();
  }

  private static void ffmpeg(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(FFMPEG.getExecutablePath(), "-v", "error"));
    command.addAll(List.of(args));
    run(command.toArray(String[]::new));
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), log);
  }
}
