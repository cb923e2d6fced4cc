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
    if (values.length == 0) {
      return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = 0;
    double m2 = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < values.length; i++) {
      double x = values[i];
      double delta = x - mean;
      mean += delta / (i + 1);
      m2 += delta * (x - mean); // Welford: stable for large counts and offsets
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    double std = values.length > 1 ? Math.sqrt(m2 / (values.length - 1)) : 0;
    return new Summary(values.length, mean, std, min, max);
  }
}
