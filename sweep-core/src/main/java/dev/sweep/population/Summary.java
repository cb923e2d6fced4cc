package dev.sweep.population;

/**
 * Descriptive statistics of a set of values (NaN for an empty set).
 *
 * @param count how many values
 * @param mean their mean
 * @param std their sample standard deviation (n - 1), 0 for a single value
 * @param min the smallest
 * @param max the largest
 */
public record Summary(long count, double mean, double std, double min, double max) {

  /** The summary of {@code values}. */
  public static Summary of(double[] values) {
    Accumulator acc = new Accumulator();
    for (double v : values) {
      acc.add(v);
    }
    return acc.summary();
  }

  /** Adds values one at a time (Welford's update: stable for large counts and offsets). */
  static final class Accumulator {
    private long count;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    void add(double x) {
      count++;
      double delta = x - mean;
      mean += delta / count;
      m2 += delta * (x - mean);
      min = Math.min(min, x);
      max = Math.max(max, x);
    }

    Summary summary() {
      if (count == 0) {
        return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      return new Summary(count, mean, count > 1 ? Math.sqrt(m2 / (count - 1)) : 0, min, max);
    }
  }
}
