package org.runnel.runner.transcription.control;

/**
 * Complex fast Fourier transform of one fixed length, by mixed-radix Cooley-Tukey decimation in
 * time. Whisper's frame length (400 = 4 * 4 * 5 * 5) is not a power of two, and a plain DFT of each
 * frame would cost about 25 times more; any length works, lengths with large prime factors just get
 * slower.
 *
 * <p>An instance keeps scratch space: use one per thread.
 */
final class Fft {

  private final int size;
  private final int[] factors;
  private final double[] cos;
  private final double[] sin;
  private final double[] scratchRe;
  private final double[] scratchIm;
  private final double[] outRe;
  private final double[] outIm;

  Fft(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("FFT size must be positive: " + size);
    }
    this.size = size;
    this.factors = factor(size);
    this.cos = new double[size];
    this.sin = new double[size];
    for (int k = 0; k < size; k++) {
      double angle = 2 * Math.PI * k / size;
      cos[k] = Math.cos(angle);
      sin[k] = Math.sin(angle);
    }
    int largest = 1;
    for (int factor : factors) {
      largest = Math.max(largest, factor);
    }
    this.scratchRe = new double[largest];
    this.scratchIm = new double[largest];
    this.outRe = new double[size];
    this.outIm = new double[size];
  }

  int size() {
    return size;
  }

  /**
   * Replaces {@code re + i im} by its discrete Fourier transform (sum of x[j] e^(-2 pi i jk/n)).
   */
  void transform(double[] re, double[] im) {
    transform(re, im, 0, 1, size, 0, 0);
    System.arraycopy(outRe, 0, re, 0, size);
    System.arraycopy(outIm, 0, im, 0, size);
  }

  /**
   * Writes the DFT of the {@code length} inputs at {@code in, in + stride, ...} to {@code out ..
   * out + length - 1} of the output arrays: first the DFTs of the {@code p} decimated sequences
   * side by side, then one radix-p butterfly per output index.
   */
  private void transform(
      double[] re, double[] im, int in, int stride, int length, int out, int level) {
    if (length == 1) {
      outRe[out] = re[in];
      outIm[out] = im[in];
      return;
    }
    int p = factors[level];
    int m = length / p;
    for (int q = 0; q < p; q++) {
      transform(re, im, in + q * stride, stride * p, m, out + q * m, level + 1);
    }
    int twiddleStep = size / length;
    int rootStep = size / p;
    for (int k = 0; k < m; k++) {
      for (int q = 0; q < p; q++) {
        int at = out + q * m + k;
        int w = (q * k * twiddleStep) % size;
        double xr = outRe[at];
        double xi = outIm[at];
        scratchRe[q] = xr * cos[w] + xi * sin[w];
        scratchIm[q] = xi * cos[w] - xr * sin[w];
      }
      for (int r = 0; r < p; r++) {
        double sumRe = 0;
        double sumIm = 0;
        for (int q = 0; q < p; q++) {
          int w = (q * r * rootStep) % size;
          sumRe += scratchRe[q] * cos[w] + scratchIm[q] * sin[w];
          sumIm += scratchIm[q] * cos[w] - scratchRe[q] * sin[w];
        }
        outRe[out + r * m + k] = sumRe;
        outIm[out + r * m + k] = sumIm;
      }
    }
  }

  private static int[] factor(int n) {
    int[] found = new int[32];
    int count = 0;
    int rest = n;
    while (rest % 4 == 0) {
      found[count++] = 4;
      rest /= 4;
    }
    for (int p = 2; rest > 1; p++) {
      while (rest % p == 0) {
        found[count++] = p;
        rest /= p;
      }
    }
    int[] result = new int[count];
    System.arraycopy(found, 0, result, 0, count);
    return result;
  }
}
