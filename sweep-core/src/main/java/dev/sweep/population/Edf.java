package dev.sweep.population;

import java.util.Arrays;

/**
 * The empirical distribution function of a population's objective, as pycls plots it: the sorted
 * values against the fraction of trials at or below each. Fractions make populations of different
 * sizes comparable. The values are sorted only when all of them are asked for ({@link #values()},
 * {@link #at}); the points of a curve and quantiles are order statistics, found without a sort
 * until then. Immutable and thread-safe.
 *
 * <pre>{@code
 * Edf edf = population.edf();
 * double share = edf.at(0.05);        // fraction of trials with error <= 5 %
 * double[][] curve = edf.points(100); // 100 (value, fraction) pairs to plot
 * }</pre>
 */
public final class Edf {
  private final double[] values; // the first size of them; as given, never reordered
  private final int size;
  private final double min; // NaN: not known
  private final double max;
  private volatile double[] sorted; // made on first need

  /** The EDF of {@code values}, which it keeps and never changes: nobody may change them after. */
  Edf(double[] values) {
    this(values, values.length);
  }

  /**
   * The EDF of the first {@code size} of {@code values}, kept as {@link #Edf(double[])} keeps them.
   */
  Edf(double[] values, int size) {
    this(values, size, Double.NaN, Double.NaN);
  }

  /**
   * As {@link #Edf(double[], int)}, with the smallest and largest of the values known (NaN: not
   * known).
   */
  Edf(double[] values, int size, double min, double max) {
    this.values = values;
    this.size = size;
    this.min = min;
    this.max = max;
  }

  private double[] sorted() {
    double[] s = sorted;
    if (s == null) {
      s = Arrays.copyOf(values, size);
      Ranks.sort(s);
      sorted = s;
    }
    return s;
  }

  /**
   * The values of ranks {@code ks} (0-based), from the sorted values once there are, else without
   * sorting.
   */
  private double[] atRanks(int[] ks) {
    double[] s = sorted;
    if (s == null) {
      return Ranks.valuesAtRanks(values, size, ks, min, max);
    }
    double[] out = new double[ks.length];
    for (int j = 0; j < ks.length; j++) {
      out[j] = s[ks[j]];
    }
    return out;
  }

  /** The EDF of {@code values} (NaNs are ignored). */
  public static Edf of(double[] values) {
    return new Edf(Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray());
  }

  /** How many values. */
  public int size() {
    return size;
  }

  /** The values in increasing order. */
  public double[] values() {
    return sorted().clone();
  }

  /** The fraction of values {@code <= x}. */
  public double at(double x) {
    double[] s = sorted();
    if (s.length == 0) {
      return Double.NaN;
    }
    int lo = 0;
    int hi = s.length;
    while (lo < hi) { // first index with value > x
      int mid = (lo + hi) >>> 1;
      if (s[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return (double) lo / s.length;
  }

  /**
   * The value below which a fraction {@code q} of the values lie, interpolated linearly between
   * order statistics (numpy's and pandas' default).
   */
  public double quantile(double q) {
    return quantiles(q)[0];
  }

  /** Several quantiles at once, as {@link #quantile}: their order statistics found together. */
  public double[] quantiles(double... qs) {
    int n = size;
    double[] out = new double[qs.length];
    if (n == 0) {
      Arrays.fill(out, Double.NaN);
      return out;
    }
    int[] ks = new int[2 * qs.length];
    for (int i = 0; i < qs.length; i++) {
      if (!(qs[i] >= 0 && qs[i] <= 1)) {
        throw new IllegalArgumentException("quantile must be in [0, 1], got " + qs[i]);
      }
      int lo = (int) Math.floor(qs[i] * (n - 1));
      ks[2 * i] = lo;
      ks[2 * i + 1] = Math.min(lo + 1, n - 1);
    }
    double[] at = atRanks(ks);
    for (int i = 0; i < qs.length; i++) {
      double pos = qs[i] * (n - 1);
      out[i] = at[2 * i] + (pos - ks[2 * i]) * (at[2 * i + 1] - at[2 * i]);
    }
    return out;
  }

  /**
   * The quantile {@code q} of values sorted in increasing order, as {@link #quantile}; NaN for
   * none.
   */
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
   * At most {@code n} points {@code {value, fraction}} of the step function, evenly spaced in rank:
   * enough to draw it without drawing every trial.
   */
  public double[][] points(int n) {
    if (n < 2) {
      throw new IllegalArgumentException("points needs n >= 2, got " + n);
    }
    int m = Math.min(n, size);
    int[] ranks = new int[m];
    for (int k = 0; k < m; k++) {
      ranks[k] = m == 1 ? size - 1 : (int) Math.round((double) k * (size - 1) / (m - 1));
    }
    double[] at = m == 0 ? new double[0] : atRanks(ranks);
    double[][] out = new double[m][];
    for (int k = 0; k < m; k++) {
      out[k] = new double[] {at[k], (double) (ranks[k] + 1) / size};
    }
    return out;
  }
}
