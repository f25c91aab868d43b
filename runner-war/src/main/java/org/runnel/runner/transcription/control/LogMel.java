package org.runnel.runner.transcription.control;

import java.util.Arrays;

/**
 * Whisper's audio front end in plain Java: the log-mel spectrogram that the encoder reads, with the
 * recipe of Whisper and transformers' {@code WhisperFeatureExtractor}. 16 kHz samples, frames of
 * 400 samples every 160 (reflect padding of 200 at both ends, like {@code torch.stft} with {@code
 * center=True}, the last frame dropped), periodic Hann window, power spectrum, Slaney mel filters
 * (librosa's, which Whisper ships as {@code mel_filters.npz}), {@code log10(max(x, 1e-10))}, then
 * everything below the global maximum minus 8 raised to it, and {@code (x + 4) / 4}.
 *
 * <p>Audio up to 30 s is zero-padded to 30 s first, as Whisper does; longer audio is not padded.
 * The spectrogram is never held whole: {@link #features} finds the global maximum in a first pass
 * and {@link Features#window} computes one 30 s window at a time, so a three-hour lecture needs no
 * more memory than its samples.
 */
public final class LogMel {

  public static final int SAMPLE_RATE = 16_000;
  public static final int N_FFT = 400;
  public static final int HOP_LENGTH = 160;

  /** Whisper's window: 30 s of audio, 3000 frames. */
  public static final int CHUNK_SAMPLES = 30 * SAMPLE_RATE;

  private static final int BINS = N_FFT / 2 + 1;
  private static final double LOG_FLOOR = -10; // log10(1e-10)

  // Slaney's mel scale: linear below 1 kHz, logarithmic above
  private static final double F_SP = 200.0 / 3;
  private static final double MIN_LOG_HZ = 1000;
  private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
  private static final double LOG_STEP = Math.log(6.4) / 27;

  private final int melCount;
  private final double[][] filters;
  private final int[] firstBin;
  private final int[] lastBin;
  private final double[] window;

  /** A front end producing {@code melCount} mel bands (80 for most Whisper models, 128 for v3). */
  public LogMel(int melCount) {
    this.melCount = melCount;
    this.filters = melFilters(melCount);
    this.firstBin = new int[melCount];
    this.lastBin = new int[melCount];
    for (int mel = 0; mel < melCount; mel++) {
      int first = 0;
      while (first < BINS - 1 && filters[mel][first] == 0) {
        first++;
      }
      int last = BINS - 1;
      while (last > first && filters[mel][last] == 0) {
        last--;
      }
      firstBin[mel] = first;
      lastBin[mel] = last;
    }
    this.window = new double[N_FFT];
    for (int i = 0; i < N_FFT; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / N_FFT); // periodic Hann
    }
  }

  public int melCount() {
    return melCount;
  }

  /**
   * librosa's {@code filters.mel(sr=16000, n_fft=400, n_mels=melCount)}: triangles on the Slaney
   * mel scale (linear below 1 kHz, logarithmic above) from 0 Hz to 8 kHz, each scaled to unit area
   * ("slaney" norm). Returns {@code [melCount][201]}.
   */
  public static double[][] melFilters(int melCount) {
    double[] fftFrequencies = new double[BINS];
    for (int bin = 0; bin < BINS; bin++) {
      fftFrequencies[bin] = (double) SAMPLE_RATE / 2 * bin / (BINS - 1);
    }
    double minMel = hzToMel(0);
    double maxMel = hzToMel(SAMPLE_RATE / 2.0);
    double[] melFrequencies = new double[melCount + 2];
    for (int i = 0; i < melCount + 2; i++) {
      melFrequencies[i] = melToHz(minMel + (maxMel - minMel) * i / (melCount + 1));
    }
    double[][] weights = new double[melCount][BINS];
    for (int mel = 0; mel < melCount; mel++) {
      double lowerWidth = melFrequencies[mel + 1] - melFrequencies[mel];
      double upperWidth = melFrequencies[mel + 2] - melFrequencies[mel + 1];
      double norm = 2.0 / (melFrequencies[mel + 2] - melFrequencies[mel]);
      for (int bin = 0; bin < BINS; bin++) {
        double lower = (fftFrequencies[bin] - melFrequencies[mel]) / lowerWidth;
        double upper = (melFrequencies[mel + 2] - fftFrequencies[bin]) / upperWidth;
        weights[mel][bin] = Math.max(0, Math.min(lower, upper)) * norm;
      }
    }
    return weights;
  }

  private static double hzToMel(double hz) {
    return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
  }

  private static double melToHz(double mel) {
    return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
  }

  /** The spectrogram of 16 kHz mono {@code samples}, zero-padded to 30 s when shorter. */
  public Features features(float[] samples) {
    return features(samples, Math.max(samples.length, CHUNK_SAMPLES));
  }

  /**
   * The spectrogram of {@code samples} zero-padded to {@code paddedLength} samples ({@code
   * paddedLength == samples.length}: no padding): {@code paddedLength / 160} frames.
   */
  public Features features(float[] samples, int paddedLength) {
    if (paddedLength < samples.length || paddedLength < N_FFT / 2 + 1) {
      throw new IllegalArgumentException(
          "cannot pad " + samples.length + " samples to " + paddedLength);
    }
    return new Features(samples, paddedLength);
  }

  /**
   * The normalised log-mel spectrogram of one recording, computed window by window. Not safe for
   * use by several threads at once.
   */
  public final class Features {

    private final float[] samples;
    private final int paddedLength;
    private final int frames;
    private final Fft fft = new Fft(N_FFT);
    private final double[] re = new double[N_FFT];
    private final double[] im = new double[N_FFT];
    private final double[] powerA = new double[BINS];
    private final double[] powerB = new double[BINS];
    private final double[] logMel = new double[2 * melCount];
    private final double floor;

    private Features(float[] samples, int paddedLength) {
      this.samples = samples;
      this.paddedLength = paddedLength;
      this.frames = paddedLength / HOP_LENGTH;
      double max = Double.NEGATIVE_INFINITY;
      for (int frame = 0; frame < frames; frame += 2) {
        int count = computePair(frame);
        for (int i = 0; i < count * melCount; i++) {
          max = Math.max(max, logMel[i]);
        }
      }
      this.floor = max - 8;
    }

    /** Number of frames: one per 10 ms of (padded) audio. */
    public int frames() {
      return frames;
    }

    /**
     * {@code width} frames from {@code start}, as the encoder reads them: {@code [mel][frame]}
     * row-major, {@code melCount * width} values. Frames past the end are 0, like transformers'
     * padding of the last window.
     */
    public float[] window(int start, int width) {
      float[] result = new float[melCount * width];
      int available = Math.max(0, Math.min(width, frames - start));
      for (int offset = 0; offset < available; offset += 2) {
        int count = Math.min(computePair(start + offset), available - offset);
        for (int k = 0; k < count; k++) {
          for (int mel = 0; mel < melCount; mel++) {
            double value = Math.max(logMel[k * melCount + mel], floor);
            result[mel * width + offset + k] = (float) ((value + 4) / 4);
          }
        }
      }
      return result;
    }

    /**
     * Puts log10 mel energies of {@code frame} and {@code frame + 1} (when it exists) into {@code
     * logMel}; both frames go through one complex FFT, as real and imaginary part. Returns how many
     * frames it computed.
     */
    private int computePair(int frame) {
      int count = Math.min(2, frames - frame);
      boolean silentA = isSilent(frame);
      boolean silentB = count < 2 || isSilent(frame + 1);
      if (silentA && silentB) {
        Arrays.fill(logMel, LOG_FLOOR);
        return count;
      }
      for (int i = 0; i < N_FFT; i++) {
        re[i] = sample(frame * HOP_LENGTH - N_FFT / 2 + i) * window[i];
        im[i] = count < 2 ? 0 : sample((frame + 1) * HOP_LENGTH - N_FFT / 2 + i) * window[i];
      }
      fft.transform(re, im);
      for (int bin = 0; bin < BINS; bin++) {
        int mirror = (N_FFT - bin) % N_FFT;
        double aRe = (re[bin] + re[mirror]) / 2;
        double aIm = (im[bin] - im[mirror]) / 2;
        double bRe = (im[bin] + im[mirror]) / 2;
        double bIm = (re[mirror] - re[bin]) / 2;
        powerA[bin] = aRe * aRe + aIm * aIm;
        powerB[bin] = bRe * bRe + bIm * bIm;
      }
      for (int mel = 0; mel < melCount; mel++) {
        double energyA = 0;
        double energyB = 0;
        double[] filter = filters[mel];
        for (int bin = firstBin[mel]; bin <= lastBin[mel]; bin++) {
          energyA += filter[bin] * powerA[bin];
          energyB += filter[bin] * powerB[bin];
        }
        logMel[mel] = Math.log10(Math.max(energyA, 1e-10));
        logMel[melCount + mel] = Math.log10(Math.max(energyB, 1e-10));
      }
      return count;
    }

    /** Whether every sample the frame's window reads is padding (then its energy is 0). */
    private boolean isSilent(int frame) {
      int from = frame * HOP_LENGTH - N_FFT / 2;
      int to = from + N_FFT - 1;
      if (from < samples.length) {
        return false;
      }
      return to < paddedLength || 2 * (paddedLength - 1) - to >= samples.length;
    }

    /** Sample {@code index} of the padded audio, reflected at both ends. */
    private double sample(int index) {
      int at = index;
      if (at < 0) {
        at = -at;
      } else if (at >= paddedLength) {
        at = 2 * (paddedLength - 1) - at;
      }
      return at < samples.length ? samples[at] : 0;
    }
  }
}
