package org.runnel.runner.transcription.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.runnel.runner.transcription.entity.ModelUnavailableException;

/**
 * The Whisper models of a runner: one folder per model name under a root folder ({@code
 * <root>/small/}, {@code <root>/large-v3/}), each holding {@link WhisperModel#REQUIRED_FILES}. A
 * model is loaded on first use and kept for the next tasks, since loading a large one takes
 * seconds; models are never unloaded while the runner runs.
 */
public final class ModelLibrary implements AutoCloseable {

  private final Path root;
  private final int threads;
  private final Map<String, WhisperModel> loaded = new ConcurrentHashMap<>();

  /**
   * @param threads ONNX Runtime threads per model run; 0 or less: one per processor
   */
  public ModelLibrary(Path root, int threads) {
    this.root = root.toAbsolutePath().normalize();
    this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  public Path root() {
    return root;
  }

  public Path folder(String name) {
    return root.resolve(name);
  }

  /**
   * The model {@code name}, loaded now or earlier.
   *
   * @throws ModelUnavailableException naming the model and its folder
   */
  public synchronized WhisperModel get(String name) throws ModelUnavailableException {
    WhisperModel model = loaded.get(name);
    if (model == null) {
      model = WhisperModel.load(folder(name), name, threads);
      loaded.put(name, model);
    }
    return model;
  }

  /** Whether the model's folder holds every required file (without loading it). */
  public boolean installed(String name) {
    Path folder = folder(name);
    return WhisperModel.REQUIRED_FILES.stream()
        .allMatch(f -> Files.isRegularFile(folder.resolve(f)));
  }

  /** The names of the installed models, sorted. */
  public List<String> available() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> folders = Files.list(root)) {
      return folders
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(this::installed)
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public synchronized void close() {
    loaded.values().forEach(WhisperModel::close);
    loaded.clear();
  }
}
