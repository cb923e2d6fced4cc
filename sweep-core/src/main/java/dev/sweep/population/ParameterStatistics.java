package dev.sweep.population;

import dev.sweep.trial.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * How the objective depends on one numeric parameter, over the completed trials that have both:
 * binned statistics, correlations, and the "good range" of the parameter as pycls estimates it.
 *
 * <pre>{@code
 * ParameterStatistics lr = population.parameter("optim.lr");
 * lr.bins(10, Binning.LOG).forEach(b -> System.out.println(b.lo() + " " + b.mean()));
 * double rho = lr.correlation().spearman();
 * ParameterStatistics.Range good = lr.goodRange(1000, 0.25, 42);   // 2.5 %, 50 %, 97.5 %
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ParameterStatistics {
  /** How {@link #bins} cuts the parameter's range. */
  public enum Binning {
    /** Bins of equal width between the smallest and the largest value. */
    EQUAL_WIDTH,
    /** Bins of equal width in log10: for log-uniform and log-normal domains; needs values > 0. */
    LOG,
    /** Bins holding about the same number of trials: edges at quantiles of the values. */
    QUANTILE
  }

  /**
   * One bin: values in {@code [lo, hi)} ({@code hi} included in the last), and the objective there:
   * its mean and its best value (the lowest when minimizing).
   */
  public record Bin(double lo, double hi, int count, double mean, double best) {}

  /**
   * Pearson's and Spearman's correlation of the parameter with the objective, over {@code n}
   * trials.
   */
  public record Correlation(double pearson, double spearman, int n) {}

  /** A range of the parameter: its 2.5 %, 50 % and 97.5 % points. */
  public record Range(double low, double median, double high) {}

  private final String param;
  private final Objective objective;
  private final double[]
      x; // the parameter, trial by trial: the first n; read only, it may be a column's own
  private final double[] y; // the objective, trial by trial: the first n; read only
  private final int n;

  ParameterStatistics(String param, Objective objective, double[] x, double[] y) {
    this(param, objective, x, y, x.length);
  }

  /**
   * Over the first {@code n} of {@code x} and {@code y}, which it only reads: they may be shared.
   */
  ParameterStatistics(String param, Objective objective, double[] x, double[] y, int n) {
    this.param = param;
    this.objective = objective;
    this.x = x;
    this.y = y;
    this.n = n;
  }

  public String param() {
    return param;
  }

  /** The parameter's value of each trial the statistics are over, in trial order. */
  public double[] values() {
    return Arrays.copyOf(x, n);
  }

  /** The objective of each of those trials, in the same order. */
  public double[] objectives() {
    return Arrays.copyOf(y, n);
  }

  /** How many trials the statistics are over. */
  public int size() {
    return n;
  }

  /**
   * The objective in {@code count} bins of the parameter: count, mean and best per bin, in
   * increasing order of the parameter. Empty bins are kept (count 0, NaN mean and best).
   *
   * @throws IllegalArgumentException if {@code count < 1}, or for {@code LOG} bins if a value is
   *     not positive
   */
  public List<Bin> bins(int count, Binning binning) {
    if (count < 1) {
      throw new IllegalArgumentException(param + ": bins needs count >= 1, got " + count);
    }
    if (n == 0) {
      return List.of();
    }
    double[] edges = edges(count, binning);
    int nb = edges.length - 1;
    int[] counts = new int[nb];
    double[] sums = new double[nb];
    double[] bests = new double[nb];
    double sign = objective.maximize() ? -1 : 1;
    Arrays.fill(bests, Double.POSITIVE_INFINITY); // of sign * y: the best is the smallest
    boolean equalWidth = binning == Binning.EQUAL_WIDTH && nb == count;
    double lo = edges[0];
    double scale = nb / (edges[nb] - edges[0]);
    for (int i = 0; i < n; i++) {
      int b;
      if (equalWidth) {
        // arithmetic, then one step to where the edges themselves put it (rounding at a boundary)
        b = Math.min(nb - 1, (int) ((x[i] - lo) * scale));
        if (b > 0 && x[i] < edges[b]) {
          b--;
        } else if (b < nb - 1 && x[i] >= edges[b + 1]) {
          b++;
        }
      } else {
        b = binOf(edges, x[i]);
      }
      counts[b]++;
      sums[b] += y[i];
      bests[b] = Math.min(bests[b], sign * y[i]);
    }
    for (int b = 0; b < nb; b++) {
      bests[b] = counts[b] == 0 ? Double.NaN : sign * bests[b];
    }
    List<Bin> bins = new ArrayList<>(nb);
    for (int b = 0; b < nb; b++) {
      bins.add(
          new Bin(
              edges[b],
              edges[b + 1],
              counts[b],
              counts[b] == 0 ? Double.NaN : sums[b] / counts[b],
              bests[b]));
    }
    return bins;
  }

  private double[] edges(int count, Binning binning) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      lo = Math.min(lo, x[i]);
      hi = Math.max(hi, x[i]);
    }
    if (lo == hi) {
      return new double[] {lo, hi};
    }
    double[] edges = new double[count + 1];
    switch (binning) {
      case EQUAL_WIDTH -> {
        for (int i = 0; i <= count; i++) {
          edges[i] = lo + (hi - lo) * i / count;
        }
      }
      case LOG -> {
        if (lo <= 0) {
          throw new IllegalArgumentException(
              param
                  + ": log bins need values > 0, but the smallest is "
                  + lo
                  + "; use Binning.EQUAL_WIDTH or QUANTILE");
        }
        double a = Math.log10(lo);
        double b = Math.log10(hi);
        for (int i = 0; i <= count; i++) {
          edges[i] = Math.pow(10, a + (b - a) * i / count);
        }
      }
      case QUANTILE -> {
        return quantileEdges(Arrays.copyOf(x, n), count);
      }
      default -> throw new AssertionError(binning);
    }
    edges[0] = lo; // exactly, whatever the rounding of pow and division
    edges[count] = hi;
    return edges;
  }

  /**
   * The edges of {@code count} bins holding about as many of {@code values} each: their quantiles,
   * repeated edges merged (so repeated values make fewer bins).
   */
  static double[] quantileEdges(double[] values, int count) {
    double[] qs = new double[count + 1];
    for (int i = 0; i <= count; i++) {
      qs[i] = (double) i / count;
    }
    // order statistics, found as the EDF finds them: no sort of the values
    return Arrays.stream(Edf.of(values).quantiles(qs)).distinct().toArray();
  }

  /**
   * The bin of {@code value} between sorted {@code edges}: {@code [lo, hi)}, the last one closed.
   */
  static int binOf(double[] edges, double value) {
    int last = Math.max(0, edges.length - 2);
    int b = Arrays.binarySearch(edges, value);
    return Math.max(0, Math.min(b >= 0 ? b : -b - 2, last));
  }

  /**
   * Pearson's and Spearman's correlation with the objective; NaN with fewer than 3 trials or a
   * constant.
   */
  public Correlation correlation() {
    if (n < 3) {
      return new Correlation(Double.NaN, Double.NaN, n);
    }
    double[] x = n == this.x.length ? this.x : Arrays.copyOf(this.x, n);
    double[] y = n == this.y.length ? this.y : Arrays.copyOf(this.y, n);
    PearsonsCorrelation pearson = new PearsonsCorrelation();
    // Spearman's is Pearson's of the ranks; ranked by a radix sort, not by sorting a million pairs
    return new Correlation(
        pearson.correlation(x, y), pearson.correlation(Ranks.average(x), Ranks.average(y)), n);
  }

  /**
   * The range of the parameter in which the best trials lie, estimated as pycls does: draw {@code
   * samples} random subsets of {@code fraction} of the trials (without replacement), take the
   * parameter of the best trial of each, and give the 2.5 %, 50 % and 97.5 % points of those. The
   * same seed gives the same range.
   *
   * <p>Only the rank of a subset's best trial matters, so it is drawn directly (the first rank that
   * a subset of that size holds, walking up the ranking): about {@code 1 / fraction} steps per
   * subset, however many trials there are.
   *
   * @throws IllegalArgumentException if {@code samples < 1} or {@code fraction} is not in (0, 1]
   */
  public Range goodRange(int samples, double fraction, long seed) {
    if (samples < 1 || !(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          param
              + ": goodRange needs samples >= 1 and 0 < fraction <= 1, got "
              + samples
              + " and "
              + fraction);
    }
    if (n == 0) {
      return new Range(Double.NaN, Double.NaN, Double.NaN);
    }
    double[] keys = Arrays.copyOf(y, n); // best first: the objective, negated when it is maximized
    if (objective.maximize()) {
      for (int i = 0; i < n; i++) {
        keys[i] = -keys[i];
      }
    }
    int[] order = Ranks.order(keys);
    int m = Math.max(1, (int) Math.ceil(fraction * n));
    SplittableRandom random = new SplittableRandom(seed);
    double[] picks = new double[samples];
    for (int s = 0; s < samples; s++) {
      picks[s] = x[order[bestRankOfSubset(n, m, random)]];
    }
    Arrays.sort(picks);
    return new Range(
        Edf.quantileOfSorted(picks, 0.025),
        Edf.quantileOfSorted(picks, 0.5),
        Edf.quantileOfSorted(picks, 0.975));
  }

  /**
   * The smallest rank in a uniformly random subset of {@code m} of the ranks {@code 0..n-1}: rank
   * {@code r} is the smallest exactly when it is in the subset and no smaller one is, which, given
   * that no smaller one is, happens with probability {@code m / (n - r)}.
   */
  static int bestRankOfSubset(int n, int m, SplittableRandom random) {
    for (int r = 0; ; r++) {
      if (random.nextDouble() * (n - r) < m) {
        return r;
      }
    }
  }
}
