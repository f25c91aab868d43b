package org.runnel.runner.transcription.entity;

/**
 * How to decode: the spoken language (a Whisper code such as {@code en}; {@code null} detects it
 * from the first 30 s), transcription or translation into English, with or without timestamps, at
 * most {@code maxNewTokens} tokens per 30 s window, and the loop guard: decoding of a window stops
 * when the same run of up to {@value #GUARD_PERIOD} text tokens has come more than {@code
 * maxRepeats} times in a row, and the repeats are dropped ({@code 0}: no guard).
 */
public record TranscriptionOptions(
    String language, Task task, boolean timestamps, int maxNewTokens, int maxRepeats) {

  /** Longest run of tokens the loop guard looks for. */
  public static final int GUARD_PERIOD = 16;

  /** Whisper's two tasks, named after their prompt tokens. */
  public enum Task {
    TRANSCRIBE("<|transcribe|>"),
    TRANSLATE("<|translate|>");

    private final String token;

    Task(String token) {
      this.token = token;
    }

    public String token() {
      return token;
    }
  }

  public TranscriptionOptions {
    if (task == null) {
      throw new IllegalArgumentException("task is required");
    }
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be positive: " + maxNewTokens);
    }
    if (maxRepeats < 0) {
      throw new IllegalArgumentException("maxRepeats must not be negative: " + maxRepeats);
    }
  }

  /**
   * Detected language, transcription with timestamps, as many tokens as the model allows, runs
   * repeated more than 4 times cut.
   */
  public static TranscriptionOptions defaults() {
    return new TranscriptionOptions(null, Task.TRANSCRIBE, true, Integer.MAX_VALUE, 4);
  }

  public TranscriptionOptions withLanguage(String code) {
    return new TranscriptionOptions(code, task, timestamps, maxNewTokens, maxRepeats);
  }

  public TranscriptionOptions withTask(Task value) {
    return new TranscriptionOptions(language, value, timestamps, maxNewTokens, maxRepeats);
  }

  public TranscriptionOptions withTimestamps(boolean value) {
    return new TranscriptionOptions(language, task, value, maxNewTokens, maxRepeats);
  }

  public TranscriptionOptions withMaxNewTokens(int value) {
    return new TranscriptionOptions(language, task, timestamps, value, maxRepeats);
  }

  public TranscriptionOptions withMaxRepeats(int value) {
    return new TranscriptionOptions(language, task, timestamps, maxNewTokens, value);
  }
}
