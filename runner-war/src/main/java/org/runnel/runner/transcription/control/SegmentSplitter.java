package org.runnel.runner.transcription.control;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.runnel.runner.transcription.entity.Segment;

/**
 * Cuts the tokens of one 30 s window into timed segments and says where the next window starts, the
 * way transformers' Whisper does it. Two timestamps in a row close a segment. A window that ends
 * with text and one timestamp was complete: the next window starts after it. A window that ends
 * inside a segment is cut at its last complete segment and the next window starts there, so that a
 * sentence cut by the window's end is decoded again whole. Without any pair the whole window is one
 * segment.
 */
final class SegmentSplitter {

  /** Seconds per timestamp step. */
  static final double TIME_PRECISION = 0.02;

  /** Mel frames per timestamp step (the encoder halves the frame rate). */
  static final int INPUT_STRIDE = 2;

  /** Segments of one window and the number of mel frames to advance. */
  record Split(List<Segment> segments, int advance) {}

  private SegmentSplitter() {}

  /**
   * @param tokens the window's tokens after the prompt, without the final {@code <|endoftext|>}
   * @param seek the window's first mel frame
   * @param seekFrames the number of mel frames of audio in the window
   * @param timestampBegin id of {@code <|0.00|>}
   * @param text decodes the text of a segment's tokens
   */
  static Split split(
      int[] tokens,
      int seek,
      int seekFrames,
      int timestampBegin,
      Function<List<Integer>, String> text) {
    double timeOffset = seek * TIME_PRECISION / INPUT_STRIDE;
    int length = tokens.length;
    boolean[] timestamp = new boolean[length];
    for (int i = 0; i < length; i++) {
      timestamp[i] = tokens[i] >= timestampBegin;
    }
    boolean singleTimestampEnding = length >= 2 && !timestamp[length - 2] && timestamp[length - 1];
    List<Integer> slices = new ArrayList<>();
    for (int i = 0; i + 1 < length; i++) {
      if (timestamp[i] && timestamp[i + 1]) {
        slices.add(i + 1);
      }
    }
    List<Segment> segments = new ArrayList<>();
    if (!slices.isEmpty()) {
      if (singleTimestampEnding) {
        slices.add(length);
      } else {
        slices.set(slices.size() - 1, slices.get(slices.size() - 1) + 1);
      }
      int lastSlice = 0;
      for (int s = 0; s < slices.size(); s++) {
        int currentSlice = slices.get(s);
        boolean isLastSlice = s == slices.size() - 1;
        int endIndex = !isLastSlice || singleTimestampEnding ? currentSlice - 1 : currentSlice - 2;
        int startPosition = tokens[lastSlice] - timestampBegin;
        int endPosition = tokens[endIndex] - timestampBegin;
        segments.add(
            segment(
                timeOffset + startPosition * TIME_PRECISION,
                timeOffset + endPosition * TIME_PRECISION,
                tokens,
                lastSlice,
                currentSlice,
                text));
        lastSlice = currentSlice;
      }
      int advance =
          singleTimestampEnding
              ? seekFrames
              : (tokens[lastSlice - 2] - timestampBegin) * INPUT_STRIDE;
      return new Split(segments, advance);
    }
    // no pair: the whole window is one segment, ending at its last timestamp if it has one
    double lastPosition = (int) ((float) seekFrames * 0.01f / (float) TIME_PRECISION);
    for (int i = length - 1; i >= 0; i--) {
      if (timestamp[i]) {
        if (tokens[i] != timestampBegin) {
          lastPosition = tokens[i] - timestampBegin;
        }
        break;
      }
    }
    segments.add(
        segment(timeOffset, timeOffset + lastPosition * TIME_PRECISION, tokens, 0, length, text));
    return new Split(segments, seekFrames);
  }

  private static Segment segment(
      double start,
      double end,
      int[] tokens,
      int from,
      int to,
      Function<List<Integer>, String> text) {
    List<Integer> slice = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      slice.add(tokens[i]);
    }
    return new Segment(start, end, text.apply(slice), slice);
  }
}
