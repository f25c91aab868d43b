package org.runnel.runner.transcription.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FftTest {

  @Test
  void matchesTheDefinitionOfTheDft() {
    for (int size : new int[] {1, 2, 3, 8, 12, 49, 400}) {
      Random random = new Random(size);
      double[] re = new double[size];
      double[] im = new double[size];
      for (int i = 0; i < size; i++) {
        re[i] = random.nextGaussian();
        im[i] = random.nextGaussian();
      }
      double[] expectedRe = new double[size];
      double[] expectedIm = new double[size];
      for (int k = 0; k < size; k++) {
        for (int j = 0; j < size; j++) {
          double angle = -2 * Math.PI * ((long) j * k % size) / size;
          expectedRe[k] += re[j] * Math.cos(angle) - im[j] * Math.sin(angle);
          expectedIm[k] += re[j] * Math.sin(angle) + im[j] * Math.cos(angle);
        }
      }
      new Fft(size).transform(re, im);
      for (int k = 0; k < size; k++) {
        assertEquals(expectedRe[k], re[k], 1e-9, "size " + size + " bin " + k);
        assertEquals(expectedIm[k], im[k], 1e-9, "size " + size + " bin " + k);
      }
    }
  }
}
