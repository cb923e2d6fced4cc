package dev.sweep.benchmarks.suite;

/**
 * COCO's legacy (bbob2009) instance generator: a shuffled Lehmer generator for uniforms, Box-Muller
 * normals from it, Gram-Schmidt rotations, xopt and fopt. An instance of a BBOB function is these
 * numbers for its seed, so generating them as COCO does makes instance k of fN COCO's instance k.
 * The noisy problems draw their noise from it too, since bench/suite_problems.py can reproduce it.
 */
final class CocoRandom {
  private CocoRandom() {}

  /** {@code n} uniforms in (0, 1) from {@code seed} (COCO's bbob2009_unif). */
  static double[] unif(int n, long seed) {
    long akt = Math.max(1, Math.abs(seed));
    long[] table = new long[32];
    for (int i = 39; i >= 0; i--) {
      akt = step(akt);
      if (i < 32) {
        table[i] = akt;
      }
    }
    long aktrand = table[0];
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      akt = step(akt);
      int slot = (int) (aktrand / 67108865);
      aktrand = table[slot];
      table[slot] = akt;
      r[i] = aktrand / 2.147483647e9;
      if (r[i] == 0) {
        r[i] = 1e-99;
      }
    }
    return r;
  }

  private static long step(long akt) {
    long tmp = akt / 127773;
    long next = 16807 * (akt - tmp * 127773) - 2836 * tmp;
    return next < 0 ? next + 2147483647 : next;
  }

  /** {@code n} standard normals from {@code seed} (COCO's bbob2009_gauss). */
  static double[] gauss(int n, long seed) {
    double[] u = unif(2 * n, seed);
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = StrictMath.sqrt(-2 * StrictMath.log(u[i])) * StrictMath.cos(2 * Math.PI * u[n + i]);
      if (g[i] == 0) {
        g[i] = 1e-99;
      }
    }
    return g;
  }

  /**
   * A {@code d}×{@code d} rotation from {@code seed}, indexed [row][column]
   * (bbob2009_compute_rotation).
   */
  static double[][] rotation(long seed, int d) {
    double[] g = gauss(d * d, seed);
    double[][] b = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        b[i][j] = g[j * d + i];
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < i; j++) {
        double prod = 0;
        for (int k = 0; k < d; k++) {
          prod += b[k][i] * b[k][j];
        }
        for (int k = 0; k < d; k++) {
          b[k][i] -= prod * b[k][j];
        }
      }
      double prod = 0;
      for (int k = 0; k < d; k++) {
        prod += b[k][i] * b[k][i];
      }
      for (int k = 0; k < d; k++) {
        b[k][i] /= StrictMath.sqrt(prod);
      }
    }
    return b;
  }

  /** The optimum's location, on a 1e-4 grid in [-4, 4] (bbob2009_compute_xopt). */
  static double[] xopt(long seed, int d) {
    double[] x = unif(d, seed);
    for (int i = 0; i < d; i++) {
      x[i] = 8 * StrictMath.floor(1e4 * x[i]) / 1e4 - 4;
      if (x[i] == 0) {
        x[i] = -1e-5;
      }
    }
    return x;
  }

  /** The optimal value of function {@code f}, instance {@code instance} (bbob2009_compute_fopt). */
  static double fopt(int f, int instance) {
    long seed = (f == 4 ? 3 : f == 18 ? 17 : f) + 10000L * instance;
    double g1 = gauss(1, seed)[0];
    double g2 = gauss(1, seed + 1)[0];
    return Math.min(
        1000.0, Math.max(-1000.0, StrictMath.floor(100.0 * 100.0 * g1 / g2 + 0.5) / 100.0));
  }
}
