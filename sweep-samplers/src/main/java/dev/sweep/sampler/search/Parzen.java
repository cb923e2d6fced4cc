package dev.sweep.sampler.search;

import java.util.random.RandomGenerator;
import org.apache.commons.math3.special.Erf;

/**
 * The math that TPE's Parzen estimators share: the normal CDF, truncated normals on [0, 1], the
 * kernels' widths and binary searches over sorted centres. The estimators themselves are {@link
 * NumericParzen} (one numeric dimension), {@link CategoricalParzen} (one categorical dimension) and
 * {@link JointParzen} (all of a level's dimensions together, with its {@link KernelWidths}); each
 * is a weighted mixture with a prior kernel (the domain's own distribution: uniform on [0, 1], or
 * the choices' weights) as Optuna has them.
 */
final class Parzen {
  static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  /**
   * Kernels whose terms fall this far (in log) below the largest add less than e^-16 (1e-7) of it
   * each: far too little to change which candidate has the best ratio. (From 25, it took a fifth
   * off an ask after 10,000 trials: fewer kernels lie within reach of a point.)
   */
  static final double NEGLIGIBLE = 16;

  private Parzen() {}

  /** The standard normal CDF to a relative error below 1.2e-7 (erfc as in Numerical Recipes). */
  static double phi(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.5 * x);
    double erfc =
        t
            * Math.exp(
                -x * x
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
  }

  private static final int EXP_STEPS = 64; // per unit of the argument
  private static final double[] EXP_TABLE = expTable(64 * EXP_STEPS);

  private static double[] expTable(int size) {
    double[] table = new double[size + 1];
    for (int i = 0; i <= size; i++) {
      table[i] = Math.exp(-(double) i / EXP_STEPS);
    }
    return table;
  }

  /**
   * e^-t for t >= 0, to a relative error below 1e-11: e^-(i/64) from a table times a Taylor
   * polynomial of e^-d for the rest d < 1/64; about three times faster than {@link Math#exp}, which
   * the densities of thousands of kernels per candidate call most.
   */
  static double expMinus(double t) {
    if (!(t < 64)) {
      return Math.exp(-t);
    }
    int i = (int) (t * EXP_STEPS);
    double d = t - (double) i / EXP_STEPS;
    return EXP_TABLE[i] * (1 - d * (1 - d * (0.5 - d * (1.0 / 6 - d * (1.0 / 24)))));
  }

  /** log of the mass of N(mu, sigma) on [0, 1]. */
  static double logMass(double mu, double sigma) {
    return Math.log(mass(mu, sigma));
  }

  /** The mass of N(mu, sigma) on [0, 1]; 1 without computing when [0, 1] spans 8.5 sd each side. */
  static double mass(double mu, double sigma) {
    double a = -mu / sigma;
    double b = (1 - mu) / sigma;
    if (b > 8.5) { // phi(b) is 1.0 exactly there: one CDF, the same double
      return a < -8.5 ? 1 : Math.max(1e-300, 1 - phi(a));
    }
    return Math.max(1e-300, phi(b) - phi(a));
  }

  /** A draw from N(mu, sigma) truncated to [0, 1], by inverting its CDF. */
  static double truncatedNormal(double mu, double sigma, RandomGenerator rng) {
    double a = phi(-mu / sigma);
    double b = phi((1 - mu) / sigma);
    double p = a + (b - a) * rng.nextDouble();
    double x =
        p <= 0 || p >= 1 ? (p <= 0 ? 0 : 1) : mu + sigma * Math.sqrt(2) * Erf.erfInv(2 * p - 1);
    return Math.min(1, Math.max(0, Double.isNaN(x) ? mu : x));
  }

  /** The first of the first {@code size} sorted values that is not below {@code key}. */
  static int lowerBound(double[] sorted, int size, double key) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first of the first {@code size} sorted values that is above {@code key}. */
  static int upperBound(double[] sorted, int size, double key) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** log(mass on [0, 1]) of a kernel of this width at 1,025 centres evenly spaced on [0, 1]. */
  static double[] logMassTable(double width) {
    double[] table = new double[1025];
    for (int i = 0; i < table.length; i++) {
      table[i] = logMass(i / 1024.0, width);
    }
    return table;
  }

  /** The table's value at {@code x} in [0, 1], linearly interpolated. */
  static double interpolate(double[] table, double x) {
    double at = x * (table.length - 1);
    int i = Math.min((int) at, table.length - 2);
    return table[i] + (table[i + 1] - table[i]) * (at - i);
  }

  /** The narrowest any kernel gets, {@link #minWidth} of 99 kernels or more. */
  static final double NARROWEST = 1.0 / 100.0;

  /**
   * The narrowest kernel a mixture of {@code k} kernels (the prior's included) has: 1 / min(100, k
   * + 1).
   */
  static double minWidth(int k) {
    return 1.0 / Math.min(100.0, 1.0 + k);
  }

  /**
   * The width of kernel {@code i} of {@code k} centred at {@code sorted} (ascending, the prior's
   * 0.5 among them): the larger gap to its neighbours, the outermost ones taking their inner gap
   * only, as Optuna's TPE has it, clipped to [{@link #minWidth}, 1].
   */
  static double width(double[] sorted, int i, int k) {
    return width(sorted, i, k, minWidth(k));
  }

  /** {@link #width(double[], int, int)}, clipped to [{@code min}, 1]. */
  static double width(double[] sorted, int i, int k, double min) {
    double left = sorted[i] - (i == 0 ? 0 : sorted[i - 1]);
    double right = (i == k - 1 ? 1 : sorted[i + 1]) - sorted[i];
    double s = Math.max(left, right);
    if (k >= 2 && i == 0) {
      s = right;
    } else if (k >= 2 && i == k - 1) {
      s = left;
    }
    return Math.min(1, Math.max(min, s));
  }
}
