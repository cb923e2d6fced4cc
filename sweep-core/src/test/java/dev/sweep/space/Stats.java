package dev.sweep.space;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Seeded goodness-of-fit checks for the distribution tests: the seeds are fixed, so a check that
 * passes once passes always. Tests require {@code p > ALPHA} of an implementation that is right,
 * and {@code p < 1e-6} of a deliberately wrong hypothesis, to show that the check has power.
 */
final class Stats {
  static final int DRAWS = 5_000;
  static final double ALPHA = 0.01;

  private Stats() {}

  /**
   * {@code n} values of {@code domain} as doubles, from a {@link SplittableRandom} seeded with
   * {@code seed}.
   */
  static double[] draw(Domain domain, long seed, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = ((Number) domain.sample(rng)).doubleValue();
    }
    return values;
  }

  /** The values as a list, for AssertJ's element assertions. */
  static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  /** {@code n} values of {@code domain}, as drawn. */
  static Object[] drawObjects(Domain domain, long seed, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      values[i] = domain.sample(rng);
    }
    return values;
  }

  /**
   * The p-value of the Kolmogorov–Smirnov test of {@code data} against the continuous CDF {@code
   * cdf}: the data are mapped through the CDF (the probability integral transform) and compared
   * with U(0, 1), which gives the same statistic as comparing them with the CDF itself.
   */
  static double ksP(double[] data, DoubleUnaryOperator cdf) {
    double[] u = Arrays.stream(data).map(cdf).toArray();
    return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), u);
  }

  /** The p-value of the chi-square test of {@code observed} counts against these probabilities. */
  static double chiSquareP(double[] probabilities, long[] observed) {
    return new ChiSquareTest().chiSquareTest(probabilities, observed);
  }

  /** How often each category occurs in {@code values}; fails on a value outside the categories. */
  static long[] counts(List<?> categories, Object[] values) {
    long[] counts = new long[categories.size()];
    for (Object v : values) {
      int i = categories.indexOf(v);
      if (i < 0) {
        throw new AssertionError("value " + v + " is not one of " + categories);
      }
      counts[i]++;
    }
    return counts;
  }

  /** Equal probabilities for {@code k} categories. */
  static double[] uniform(int k) {
    double[] p = new double[k];
    Arrays.fill(p, 1.0 / k);
    return p;
  }
}
