package dev.sweep.population;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The share of an objective's variance that a grouping of the trials explains, corrected for the
 * share that any grouping explains by chance, with a permutation p-value.
 *
 * <p>The share is ε² (Kelley's epsilon squared, the adjusted η²): {@code 1 - (SSW / (n - k)) / (SST
 * / (n - 1))} for {@code n} trials in {@code k} groups, shown as 0 where it is below. The plain η²
 * of a parameter that does nothing is {@code (k - 1) / (n - 1)} on average over the orderings of
 * the trials (0.47 for 10 groups of 20 trials), which ε² removes exactly: it is η² less the mean of
 * its permutation distribution, rescaled so that a perfect grouping still gives 1.
 *
 * <p>The p-value is that of a permutation test of the between-group sum of squares: {@value
 * #PERMUTATIONS} seeded shuffles of the objective over at most {@value #PERMUTED_TRIALS} of the
 * trials (a seeded subsample beyond that), so that 100,000 trials cost as much as 10,000.
 */
final class VarianceShare {
  /** How many shuffles of the objective the p-value counts: the smallest p-value is 1/200. */
  static final int PERMUTATIONS = 199;

  /** The most trials the permutation test shuffles; more are subsampled. */
  static final int PERMUTED_TRIALS = 10_000;

  /** The corrected share, its p-value and the number of non-empty groups. */
  record Result(double share, double pValue, int groups) {}

  private VarianceShare() {}

  /**
   * How many quantile bins a numeric parameter of {@code n} trials is cut into: about √n, at least
   * 2 and at most 10. Few bins for few trials keep the chance share's spread small; 10 suffice to
   * follow a smooth effect once there are trials enough to fill them.
   */
  static int binsFor(int n) {
    return Math.max(2, Math.min(10, (int) Math.round(Math.sqrt(n))));
  }

  /**
   * The corrected share of the first {@code n} of {@code ys} explained by their {@code groups}
   * (non-negative group numbers); {@code seed} makes the p-value reproducible. Where the groups
   * cannot tell anything (one group, or as many groups as trials) the share is 0 and the p-value 1.
   */
  static Result of(int[] groups, double[] ys, int n, long seed) {
    int[] dense = new int[n];
    int k = denseGroups(groups, n, dense);
    if (k < 2 || k >= n) {
      return new Result(0, 1, k);
    }
    double[] counts = new double[k];
    for (int i = 0; i < n; i++) {
      counts[dense[i]]++;
    }
    double total = totalSumOfSquares(ys, n);
    if (total == 0) {
      return new Result(0, 1, k);
    }
    double within = total - between(dense, ys, n, counts);
    double epsilon = 1 - (within / (n - k)) / (total / (n - 1));
    return new Result(Math.max(0, epsilon), pValue(dense, ys, n, k, seed), k);
  }

  /**
   * Renumbers the groups 0, 1, … in order of first appearance into {@code dense}; returns how many
   * there are.
   */
  private static int denseGroups(int[] groups, int n, int[] dense) {
    int max = 0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, groups[i]);
    }
    int[] number = new int[max + 1];
    Arrays.fill(number, -1);
    int k = 0;
    for (int i = 0; i < n; i++) {
      int g = groups[i];
      if (number[g] < 0) {
        number[g] = k++;
      }
      dense[i] = number[g];
    }
    return k;
  }

  private static double totalSumOfSquares(double[] ys, int n) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += ys[i];
    }
    mean /= n;
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += (ys[i] - mean) * (ys[i] - mean);
    }
    return total;
  }

  /** The between-group sum of squares of the first {@code n} of {@code ys}. */
  private static double between(int[] groups, double[] ys, int n, double[] counts) {
    double[] sums = new double[counts.length];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sums[groups[i]] += ys[i];
      sum += ys[i];
    }
    double mean = sum / n;
    double between = 0;
    for (int g = 0; g < counts.length; g++) {
      if (counts[g] > 0) {
        double groupMean = sums[g] / counts[g];
        between += counts[g] * (groupMean - mean) * (groupMean - mean);
      }
    }
    return between;
  }

  /**
   * The share of shuffles of the objective (the observed order counted as one) whose between-group
   * sum of squares reaches the observed one. The total sum of squares is the same for every
   * shuffle, so the between-group sum orders them as η² does.
   */
  private static double pValue(int[] groups, double[] ys, int n, int k, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int m = Math.min(n, PERMUTED_TRIALS);
    int[] g = new int[m];
    double[] y = new double[m];
    subsample(groups, ys, n, g, y, random);
    double[] counts = new double[k];
    for (int i = 0; i < m; i++) {
      counts[g[i]]++;
    }
    double observed = between(g, y, m, counts);
    // a shuffle that ties the observed sum counts as reaching it, however it is rounded
    double reach = observed * (1 - 1e-9);
    int atLeast = 0;
    for (int p = 0; p < PERMUTATIONS; p++) {
      shuffle(y, random);
      if (between(g, y, m, counts) >= reach) {
        atLeast++;
      }
    }
    return (1.0 + atLeast) / (1.0 + PERMUTATIONS);
  }

  /**
   * The first {@code g.length} of a seeded shuffle of the pairs; all of them, in order, if n fit.
   */
  private static void subsample(
      int[] groups, double[] ys, int n, int[] g, double[] y, SplittableRandom random) {
    int m = g.length;
    if (m == n) {
      System.arraycopy(groups, 0, g, 0, n);
      System.arraycopy(ys, 0, y, 0, n);
      return;
    }
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      index[i] = i;
    }
    for (int i = 0; i < m; i++) {
      int j = i + random.nextInt(n - i);
      int t = index[i];
      index[i] = index[j];
      index[j] = t;
      g[i] = groups[index[i]];
      y[i] = ys[index[i]];
    }
  }

  /** Fisher–Yates. */
  private static void shuffle(double[] y, SplittableRandom random) {
    for (int i = y.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      double t = y[i];
      y[i] = y[j];
      y[j] = t;
    }
  }
}
