package org.runnel.runner.transcription.control;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.runnel.runner.transcription.entity.ModelUnavailableException;
import org.runnel.runner.transcription.entity.Segment;
import org.runnel.runner.transcription.entity.Transcript;
import org.runnel.runner.transcription.entity.TranscriptionOptions;

/**
 * A Whisper model run by ONNX Runtime through DJL, from a folder laid out like Hugging Face
 * optimum's export ({@code optimum-cli export onnx --model openai/whisper-small}): {@code
 * config.json}, {@code tokenizer.json}, {@code encoder_model.onnx}, {@code decoder_model.onnx} and
 * {@code decoder_with_past_model.onnx}, with {@code generation_config.json} when there is one.
 *
 * <p>Decoding is greedy with the key/value cache and follows transformers' {@code generate()} for
 * Whisper token for token: the same prompt, the same token rules ({@link LogitRules}) and the same
 * walk through long audio, 30 s window after 30 s window ({@link SegmentSplitter}). Tensors are fed
 * by the names the ONNX files declare, control tokens are looked up by name in {@code
 * tokenizer.json}, so exports of any Whisper size work. A loop guard ({@link RepetitionGuard}) and
 * a token budget bound the work per window.
 *
 * <p>Loading never touches the network: {@code ai.djl.offline} is set when it is not. One instance
 * may be shared; {@link #transcribe} calls run one at a time.
 */
public final class WhisperModel implements AutoCloseable {

  /** The files a model folder must hold. */
  public static final List<String> REQUIRED_FILES =
      List.of(
          "config.json",
          "tokenizer.json",
          "encoder_model.onnx",
          "decoder_model.onnx",
          "decoder_with_past_model.onnx");

  private static final String INPUT_IDS = "input_ids";
  private static final String ENCODER_HIDDEN_STATES = "encoder_hidden_states";
  private static final String PAST = "past_key_values.";
  private static final String PRESENT = "present.";

  private final String name;
  private final Model encoder;
  private final Model decoder;
  private final Model decoderWithPast;
  private final HuggingFaceTokenizer tokenizer;
  private final SpecialTokens tokens;
  private final LogitRules rules;
  private final LogMel logMel;
  private final boolean multilingual;
  private final int windowFrames;
  private final int maxTargetPositions;

  private WhisperModel(
      String name,
      Model encoder,
      Model decoder,
      Model decoderWithPast,
      HuggingFaceTokenizer tokenizer,
      SpecialTokens tokens,
      LogitRules rules,
      LogMel logMel,
      boolean multilingual,
      int windowFrames,
      int maxTargetPositions) {
    this.name = name;
    this.encoder = encoder;
    this.decoder = decoder;
    this.decoderWithPast = decoderWithPast;
    this.tokenizer = tokenizer;
    this.tokens = tokens;
    this.rules = rules;
    this.logMel = logMel;
    this.multilingual = multilingual;
    this.windowFrames = windowFrames;
    this.maxTargetPositions = maxTargetPositions;
  }

  /**
   * Loads the model {@code name} from {@code folder}, running each ONNX session on {@code threads}
   * threads.
   *
   * @throws ModelUnavailableException naming the model and the folder, when the folder or one of
   *     its files is missing or cannot be read
   */
  public static WhisperModel load(Path folder, String name, int threads)
      throws ModelUnavailableException {
    if (!Files.isDirectory(folder)) {
      throw new ModelUnavailableException(
          name,
          folder,
          "the folder does not exist (expected " + String.join(", ", REQUIRED_FILES) + ")");
    }
    List<String> missing =
        REQUIRED_FILES.stream()
            .filter(file -> !Files.isRegularFile(folder.resolve(file)))
            .collect(Collectors.toList());
    if (!missing.isEmpty()) {
      throw new ModelUnavailableException(name, folder, "missing " + String.join(", ", missing));
    }
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      JsonObject config = readJson(folder.resolve("config.json"));
      JsonObject generation =
          Files.isRegularFile(folder.resolve("generation_config.json"))
              ? readJson(folder.resolve("generation_config.json"))
              : Json.createObjectBuilder().build();
      SpecialTokens tokens = SpecialTokens.of(readJson(folder.resolve("tokenizer.json")));
      HuggingFaceTokenizer tokenizer =
          HuggingFaceTokenizer.newInstance(
              folder.resolve("tokenizer.json"), Map.of("maxLength", "448"));
      opened.add(tokenizer);
      Map<String, String> options =
          Map.of("interOpNumThreads", "1", "intraOpNumThreads", Integer.toString(threads));
      Model encoder = loadOnnx(folder, name, "encoder_model", options, opened);
      Model decoder = loadOnnx(folder, name, "decoder_model", options, opened);
      Model withPast = loadOnnx(folder, name, "decoder_with_past_model", options, opened);
      checkInputs(name, folder, "decoder_model.onnx", decoder, false);
      checkInputs(name, folder, "decoder_with_past_model.onnx", withPast, true);
      LogitRules rules =
          new LogitRules(
              tokens,
              ids(generation, "suppress_tokens", defaultSuppressed(tokens)),
              ids(generation, "begin_suppress_tokens", defaultBeginSuppressed(tokens, tokenizer)),
              generation.getInt("max_initial_timestamp_index", 50));
      return new WhisperModel(
          name,
          encoder,
          decoder,
          withPast,
          tokenizer,
          tokens,
          rules,
          new LogMel(config.getInt("num_mel_bins", 80)),
          isMultilingual(config, generation, tokens),
          2 * config.getInt("max_source_positions", 1500),
          config.getInt("max_target_positions", 448));
    } catch (IOException | MalformedModelException | RuntimeException e) {
      closeAll(opened);
      if (e instanceof ModelUnavailableException unavailable) {
        throw unavailable;
      }
      throw new ModelUnavailableException(name, folder, e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  /** Language codes the model knows ({@code en}, {@code fr}...); empty for English-only models. */
  public Set<String> languages() {
    return multilingual ? tokens.languages().keySet() : Set.of();
  }

  /**
   * Transcribes (or translates) 16 kHz mono {@code samples}, 30 s window after 30 s window.
   *
   * @throws IllegalArgumentException when the requested language or task is not in the model
   */
  public Transcript transcribe(float[] samples, TranscriptionOptions options) {
    return transcribe(samples, options, seconds -> {});
  }

  /**
   * Like {@link #transcribe(float[], TranscriptionOptions)}, telling {@code listener} after each 30
   * s window how far it got. The listener may throw to stop the work between two windows.
   */
  public synchronized Transcript transcribe(
      float[] samples, TranscriptionOptions options, WindowListener listener) {
    String language = options.language();
    if (language != null) {
      prompt(language, options); // an unknown language fails before any work
    }
    if (!multilingual) {
      language = "en";
    }
    LogMel.Features features = logMel.features(samples);
    int frames = features.frames();
    List<Segment> segments = new ArrayList<>();
    int seek = 0;
    while (seek < frames) {
      int seekFrames = Math.min(frames - seek, windowFrames);
      int[] sampled;
      try (NDManager manager = encoder.getNDManager().newSubManager()) {
        NDArray hidden = encode(manager, features.window(seek, windowFrames));
        if (language == null) {
          language = detectLanguage(manager, hidden);
        }
        sampled = decode(manager, hidden, prompt(language, options), options);
      }
      if (sampled.length > 0 && sampled[sampled.length - 1] == tokens.endOfText) {
        sampled = Arrays.copyOf(sampled, sampled.length - 1);
      }
      SegmentSplitter.Split split =
          SegmentSplitter.split(sampled, seek, seekFrames, tokens.timestampBegin, this::text);
      segments.addAll(split.segments());
      seek += split.advance() > 0 ? split.advance() : seekFrames;
      listener.windowDone(Math.min(seek, frames) * (double) LogMel.HOP_LENGTH / LogMel.SAMPLE_RATE);
    }
    return new Transcript(language, segments);
  }

  /** Told after each window of a transcription; may throw to stop it. */
  @FunctionalInterface
  public interface WindowListener {
    /**
     * @param seconds how much of the audio is transcribed so far
     */
    void windowDone(double seconds);
  }

  /** The language whose token is likeliest after {@code <|startoftranscript|>} in a window. */
  String detectLanguage(NDManager manager, NDArray hidden) {
    NDList outputs =
        run(decoder, manager, ids(manager, tokens.startOfTranscript), hidden, Map.of());
    float[] logits = lastLogits(outputs.get("logits"));
    String best = null;
    float bestLogit = Float.NEGATIVE_INFINITY;
    for (Map.Entry<String, Integer> language : tokens.languages().entrySet()) {
      if (best == null || logits[language.getValue()] > bestLogit) {
        best = language.getKey();
        bestLogit = logits[language.getValue()];
      }
    }
    outputs.close();
    return best;
  }

  /** {@code <|startoftranscript|>}, language, task, and {@code <|notimestamps|>} when asked. */
  int[] prompt(String language, TranscriptionOptions options) {
    List<Integer> prompt = new ArrayList<>();
    prompt.add(tokens.startOfTranscript);
    if (!multilingual && language != null && !language.equals("en")) {
      throw new IllegalArgumentException(
          "Whisper model '" + name + "' is English-only and cannot take the language " + language);
    }
    if (multilingual) {
      prompt.add(
          tokens
              .language(language)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Whisper model '" + name + "' does not know the language " + language)));
      Integer task =
          options.task() == TranscriptionOptions.Task.TRANSLATE
              ? tokens.translate
              : tokens.transcribe;
      if (task == null) {
        throw new IllegalArgumentException(
            "Whisper model '" + name + "' has no " + options.task().token() + " token");
      }
      prompt.add(task);
    }
    if (!options.timestamps()) {
      prompt.add(tokens.noTimestamps);
    }
    return prompt.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Runs the encoder on one window of {@code melCount * windowFrames} log-mel values. */
  NDArray encode(NDManager manager, float[] mel) {
    NDArray input = manager.create(mel, new Shape(1, logMel.melCount(), windowFrames));
    input.setName(encoder.getBlock().describeInput().get(0).getKey());
    NDList outputs = forward(encoder, manager, new NDList(input));
    NDArray hidden = outputs.get("last_hidden_state");
    return hidden != null ? hidden : outputs.head();
  }

  /**
   * Greedy decoding of one window after {@code prompt}: the chosen tokens, ending with {@code
   * <|endoftext|>} unless the token budget ran out or the loop guard cut a repeat.
   */
  int[] decode(NDManager manager, NDArray hidden, int[] prompt, TranscriptionOptions options) {
    int budget = Math.min(options.maxNewTokens(), maxTargetPositions - prompt.length);
    RepetitionGuard guard =
        new RepetitionGuard(
            tokens.endOfText, options.maxRepeats(), TranscriptionOptions.GUARD_PERIOD);
    if (budget <= 0) {
      return new int[0];
    }
    int[] sampled = new int[budget];
    int count = 0;
    Map<String, NDArray> cache = new HashMap<>();
    NDList outputs = run(decoder, manager, ids(manager, prompt), hidden, cache);
    while (count < budget) {
      float[] logits = lastLogits(outputs.get("logits"));
      keepPresents(outputs, cache);
      rules.apply(logits, sampled, count, options.timestamps());
      int next = argmax(logits);
      sampled[count++] = next;
      if (next == tokens.endOfText) {
        break;
      }
      int cut = guard.cut(sampled, count);
      if (cut >= 0) {
        count = cut;
        break;
      }
      if (count < budget) {
        outputs = run(decoderWithPast, manager, ids(manager, next), hidden, cache);
      }
    }
    cache.values().forEach(NDArray::close);
    return Arrays.copyOf(sampled, count);
  }

  /** Feeds a decoder every input it declares: ids, encoder output, cached keys and values. */
  private NDList run(
      Model model,
      NDManager manager,
      NDArray inputIds,
      NDArray hidden,
      Map<String, NDArray> cache) {
    NDList inputs = new NDList();
    for (String input : model.getBlock().describeInput().keys()) {
      NDArray value;
      if (INPUT_IDS.equals(input)) {
        value = inputIds;
      } else if (ENCODER_HIDDEN_STATES.equals(input)) {
        value = hidden;
      } else {
        value = cache.get(input);
      }
      if (value == null) {
        throw new IllegalStateException(
            "Whisper model '" + name + "': no value for decoder input " + input);
      }
      value.setName(input);
      inputs.add(value);
    }
    NDList outputs = forward(model, manager, inputs);
    inputIds.close();
    return outputs;
  }

  /**
   * Moves the {@code present.*} outputs into the cache under their {@code past_key_values.*} names.
   * Cross-attention keys and values are computed once per window and kept.
   */
  private static void keepPresents(NDList outputs, Map<String, NDArray> cache) {
    for (NDArray output : outputs) {
      String outputName = output.getName();
      if (outputName == null || !outputName.startsWith(PRESENT)) {
        output.close();
        continue;
      }
      String past = PAST + outputName.substring(PRESENT.length());
      NDArray previous = cache.get(past);
      if (previous != null && past.contains(".encoder.")) {
        output.close();
      } else {
        cache.put(past, output);
        if (previous != null) {
          previous.close();
        }
      }
    }
  }

  private static NDList forward(Model model, NDManager manager, NDList inputs) {
    Block block = model.getBlock();
    return block.forward(new ParameterStore(manager, false), inputs, false);
  }

  private static NDArray ids(NDManager manager, int... ids) {
    long[] values = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      values[i] = ids[i];
    }
    return manager.create(values, new Shape(1, ids.length));
  }

  /** The logits of the last position of a {@code [1, length, vocabulary]} output. */
  private static float[] lastLogits(NDArray logits) {
    float[] all = logits.toFloatArray();
    int vocabulary = (int) logits.getShape().get(2);
    return Arrays.copyOfRange(all, all.length - vocabulary, all.length);
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The text of a segment: its text tokens decoded, timestamps and control tokens left out. */
  String text(List<Integer> segmentTokens) {
    long[] text =
        segmentTokens.stream()
            .filter(id -> id < tokens.endOfText)
            .mapToLong(Integer::longValue)
            .toArray();
    return text.length == 0 ? "" : tokenizer.decode(text, true);
  }

  @Override
  public void close() {
    encoder.close();
    decoder.close();
    decoderWithPast.close();
    tokenizer.close();
  }

  private static Model loadOnnx(
      Path folder,
      String name,
      String file,
      Map<String, String> options,
      List<AutoCloseable> opened)
      throws IOException, MalformedModelException {
    Model model = Model.newInstance(name + "/" + file, "OnnxRuntime");
    opened.add(model);
    model.load(folder, file, options);
    return model;
  }

  /**
   * A decoder may declare only ids, the encoder output and (with past) the cache: merged decoders
   * with a {@code use_cache_branch} switch are not supported.
   */
  private static void checkInputs(
      String name, Path folder, String file, Model model, boolean withPast)
      throws ModelUnavailableException {
    Set<String> declared = new LinkedHashSet<>(model.getBlock().describeInput().keys());
    for (String input : declared) {
      boolean known =
          INPUT_IDS.equals(input)
              || ENCODER_HIDDEN_STATES.equals(input)
              || (withPast && input.startsWith(PAST));
      if (!known) {
        throw new ModelUnavailableException(
            name, folder, file + " declares the unsupported input " + input);
      }
    }
    if (!declared.contains(INPUT_IDS)) {
      throw new ModelUnavailableException(name, folder, file + " has no input_ids input");
    }
  }

  /**
   * English-only models ({@code whisper-small.en}) take no language and task tokens, though their
   * tokenizer knows them: transformers reads {@code is_multilingual}, Whisper the vocabulary size.
   */
  private static boolean isMultilingual(
      JsonObject config, JsonObject generation, SpecialTokens tokens) {
    if (generation.containsKey("is_multilingual")) {
      return generation.getBoolean("is_multilingual");
    }
    if (config.containsKey("vocab_size") && config.getInt("vocab_size") >= 51_864) {
      return config.getInt("vocab_size") >= 51_865;
    }
    return tokens.multilingual();
  }

  /** Whisper's tokens that are never sampled, when the model has no generation_config.json. */
  private static int[] defaultSuppressed(SpecialTokens tokens) {
    return Stream.of(
            tokens.startOfTranscript,
            tokens.translate,
            tokens.transcribe,
            tokens.startOfLm,
            tokens.startOfPrevious,
            tokens.noSpeech)
        .filter(id -> id != null)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /** A blank and {@code <|endoftext|>} may not start a transcription. */
  private static int[] defaultBeginSuppressed(
      SpecialTokens tokens, HuggingFaceTokenizer tokenizer) {
    long[] blank = tokenizer.encode(" ", false, false).getIds();
    return blank.length == 1
        ? new int[] {(int) blank[0], tokens.endOfText}
        : new int[] {tokens.endOfText};
  }

  private static int[] ids(JsonObject generation, String key, int[] fallback) {
    if (!generation.containsKey(key) || generation.isNull(key)) {
      return fallback;
    }
    JsonArray values = generation.getJsonArray(key);
    int[] result = new int[values.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = values.getInt(i);
    }
    return result;
  }

  private static JsonObject readJson(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        JsonReader reader = Json.createReader(in)) {
      return reader.readObject();
    } catch (JsonException e) {
      throw new IOException(file.getFileName() + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static void closeAll(List<AutoCloseable> opened) {
    for (AutoCloseable closeable : opened) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // already failing: the first error is the one to report
      }
    }
  }
}
