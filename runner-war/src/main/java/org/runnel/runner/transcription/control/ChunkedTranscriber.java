package org.runnel.runner.transcription.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.runnel.runner.transcription.entity.Segment;
import org.runnel.runner.transcription.entity.Transcript;
import org.runnel.runner.transcription.entity.TranscriptionOptions;

/**
 * Transcribes long audio chunk by chunk: above {@code thresholdSeconds} the audio is cut into
 * chunks of {@code chunkSeconds} that overlap by {@code overlapSeconds}, each decoded on its own
 * (the language found in the first is kept for the others) and stitched by {@link SeamStitcher}.
 * Chunks bound the memory of the front end and let a stop request or a time limit act between them;
 * shorter audio goes to the model whole.
 */
public final class ChunkedTranscriber {

  /** When and how to cut. */
  public record Chunking(double thresholdSeconds, double chunkSeconds, double overlapSeconds) {
    public Chunking {
      if (chunkSeconds <= overlapSeconds || overlapSeconds < 0) {
        throw new IllegalArgumentException(
            "chunk length " + chunkSeconds + " s must exceed the overlap " + overlapSeconds + " s");
      }
    }
  }

  /** The transcript and the number of chunks it was decoded in. */
  public record Result(Transcript transcript, int chunks) {}

  private final Chunking chunking;

  public ChunkedTranscriber(Chunking chunking) {
    this.chunking = chunking;
  }

  /**
   * @param listener told how many seconds of the audio are done, after every 30 s window; it may
   *     throw to stop
   */
  public Result transcribe(
      WhisperModel model,
      float[] samples,
      TranscriptionOptions options,
      WhisperModel.WindowListener listener) {
    int rate = LogMel.SAMPLE_RATE;
    double duration = samples.length / (double) rate;
    if (duration <= chunking.thresholdSeconds()) {
      return new Result(model.transcribe(samples, options, listener), 1);
    }
    int chunkSamples = (int) Math.round(chunking.chunkSeconds() * rate);
    int step = chunkSamples - (int) Math.round(chunking.overlapSeconds() * rate);
    List<Segment> segments = new ArrayList<>();
    TranscriptionOptions chunkOptions = options;
    String language = null;
    int chunks = 0;
    double previousEnd = 0;
    for (int from = 0; ; from += step) {
      int to = Math.min(samples.length, from + chunkSamples);
      double offset = from / (double) rate;
      Transcript part =
          model.transcribe(
              Arrays.copyOfRange(samples, from, to),
              chunkOptions,
              seconds -> listener.windowDone(Math.min(duration, offset + seconds)));
      chunks++;
      if (language == null) {
        language = part.language();
        chunkOptions = options.withLanguage(language);
      }
      List<Segment> shifted = shift(part.segments(), offset, to / (double) rate);
      segments =
          chunks == 1 ? shifted : SeamStitcher.stitch(segments, shifted, offset, previousEnd);
      previousEnd = to / (double) rate;
      if (to >= samples.length) {
        break;
      }
    }
    return new Result(new Transcript(language, segments), chunks);
  }

  /** Segment times moved by {@code offset} and kept inside the chunk. */
  private static List<Segment> shift(List<Segment> segments, double offset, double chunkEnd) {
    List<Segment> shifted = new ArrayList<>(segments.size());
    for (Segment s : segments) {
      double start = Math.min(offset + s.start(), chunkEnd);
      double end = Math.max(start, Math.min(offset + s.end(), chunkEnd));
      shifted.add(new Segment(start, end, s.text(), s.tokens()));
    }
    return shifted;
  }
}
