package dev.sweep.population;

import java.util.Arrays;

/**
 * The empirical distribution function of a population's objective, as pycls plots it: the sorted
 * values against the fraction of trials at or below each. Fractions make populations of different
 * sizes comparable.
 *
 * <pre>{@code
 * Edf edf = population.edf();
 * double share = edf.at(0.05);        // fraction of trials with error <= 5 %
 * double[][] curve = edf.points(100); // 100 (value, fraction) pairs to plot
 * }</pre>
 */
public final class Edf {
  private final double[] sorted;

  /** The EDF of {@code values}, which it sorts in place and keeps: callers hand over a copy of their own. */
  Edf(double[] values) {
    this.sorted = values;
    Ranks.sort(sorted);
  }

  /** The EDF of {@code values} (NaNs are ignored). */
  public static Edf of(double[] values) {
    return new Edf(Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray());
  }

  /** How many values. */
  public int size() {
    return sorted.length;
  }

  /** The values in increasing order. */
  public double[] values() {
    return sorted.clone();
  }

  /** The fraction of values {@code <= x}. */
  public double at(double x) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) { // first index with value > x
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return (double) lo / sorted.length;
  }

  /**
   * The value below which a fraction {@code q} of the values lie, interpolated linearly between
   * order statistics (numpy's and pandas' default).
   */
  public double quantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
    }
    return quantileOfSorted(sorted, q);
  }

  /** The quantile {@code q} of values sorted in increasing order, as {@link #quantile}; NaN for none. */
  static double quantileOfSorted(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(i + 1, sorted.length - 1);
    return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
  }

  /**
   * At most {@code n} points {@code {value, fraction}} of the step function, evenly spaced in
   * rank: enough to draw it without drawing every trial.
   */
  public double[][] points(int n) {
    if (n < 2) {
      throw new IllegalArgumentException("points needs n >= 2, got " + n);
    }
    int m = Math.min(n, sorted.length);
    double[][] out = new double[m][];
    for (int k = 0; k < m; k++) {
      int i = m == 1 ? sorted.length - 1 : (int) Math.round((double) k * (sorted.length - 1) / (m - 1));
      out[k] = new double[] {sorted[i], (double) (i + 1) / sorted.length};
    }
    return out;
  }
}
