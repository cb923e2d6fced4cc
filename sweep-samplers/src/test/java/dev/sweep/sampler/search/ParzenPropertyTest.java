package dev.sweep.sampler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The Parzen estimators' shortcuts (kernels summed near the point only, a fast normal CDF) give the
 * densities that summing every kernel exactly gives.
 */
class ParzenPropertyTest {
  private static final NormalDistribution N = new NormalDistribution(0, 1);

  @Property(seed = "42", tries = 200)
  void phi_matchesTheNormalCdf(@ForAll @IntRange(min = -4000, max = 4000) int hundredths) {
    double z = hundredths / 500.0;
    assertThat(Parzen.phi(z)).isCloseTo(N.cumulativeProbability(z), within(2e-7));
  }

  @Property(seed = "42", tries = 60)
  void numericDensity_isTheSumOverEveryKernel(
      @ForAll @IntRange(min = 0, max = 3000) int n, @ForAll long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] mus = clustered(n, rng);
    double[] weights = weights(n, rng);
    // the incumbent somewhere among them, clipped as one of ten times as many trials
    int incumbent = n == 0 || rng.nextBoolean() ? -1 : rng.nextInt(n);
    int trials = 10 * n;
    // half the time with each value's mass at the narrowest width given, as TpeModel gives it
    double[] masses = rng.nextBoolean() ? narrowMasses(mus) : null;
    NumericParzen estimator =
        new NumericParzen().fit(mus, weights, masses, n, 1.0, incumbent, trials);
    for (int t = 0; t < 20; t++) {
      double x = t < 10 ? rng.nextDouble() : estimator.propose(rng);
      assertThat(x).isBetween(0.0, 1.0);
      assertThat(estimator.logPdf(x))
          .as("n %d, x %s", n, x)
          .isCloseTo(bruteForce(mus, weights, n, incumbent, trials, x), within(1e-6));
    }
  }

  @Property(seed = "42", tries = 30)
  void numericDensity_integratesToOne_withOrWithoutAnIncumbent(
      @ForAll @IntRange(min = 0, max = 300) int n, @ForAll long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] mus = clustered(n, rng);
    double[] weights = weights(n, rng);
    for (int incumbent : new int[] {-1, n == 0 ? -1 : rng.nextInt(n)}) {
      NumericParzen estimator = new NumericParzen().fit(mus, weights, n, 1.0, incumbent, 1000);
      int steps = 200_000; // the midpoint rule, at a fiftieth of the narrowest width
      double integral = 0;
      for (int i = 0; i < steps; i++) {
        integral += Math.exp(estimator.logPdf((i + 0.5) / steps)) / steps;
      }
      assertThat(integral).as("n %d, incumbent %d", n, incumbent).isCloseTo(1.0, within(1e-6));
    }
  }

  private static double[] narrowMasses(double[] mus) {
    double[] masses = new double[mus.length];
    for (int i = 0; i < mus.length; i++) {
      masses[i] = Parzen.mass(mus[i], Parzen.NARROWEST);
    }
    return masses;
  }

  /** Clusters and gaps in [0, 1], sorted: some kernels at the smallest width, some wider. */
  private static double[] clustered(int n, SplittableRandom rng) {
    double[] mus = new double[n];
    for (int i = 0; i < n; i++) {
      mus[i] = rng.nextBoolean() ? 0.3 + 0.01 * rng.nextGaussian() : rng.nextDouble();
      mus[i] = Math.min(1, Math.max(0, mus[i]));
    }
    Arrays.sort(mus);
    return mus;
  }

  /** Weights in [0.1, 1.1), or, as the better group's by rank, up to 11. */
  private static double[] weights(int n, SplittableRandom rng) {
    double scale = rng.nextBoolean() ? 1 : 10;
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      weights[i] = 0.1 + scale * rng.nextDouble();
    }
    return weights;
  }

  /**
   * Every kernel, each weighted by weight times width, with exact normal CDFs; the incumbent's
   * kernel (-1: none) keeps its share at the narrower width of a mixture of {@code trials}.
   */
  private static double bruteForce(
      double[] sortedMus, double[] weights, int n, int incumbent, int trials, double x) {
    double[] mu = new double[n + 1];
    double[] w = new double[n + 1];
    int prior = 0;
    while (prior < n && sortedMus[prior] < 0.5) {
      prior++;
    }
    int best = -1;
    for (int i = 0, j = 0; i <= n; i++) {
      best = i != prior && j == incumbent ? i : best;
      mu[i] = i == prior ? 0.5 : sortedMus[j];
      w[i] = i == prior ? 1.0 : weights[j++];
    }
    int k = n + 1;
    double[] share = new double[k];
    double[] sigma = new double[k];
    for (int i = 0; i < k; i++) {
      share[i] = w[i] * (i == prior ? 1 : gapWidth(mu, i, k, 1.0 / Math.min(100.0, 1.0 + k)));
      sigma[i] =
          i == prior
              ? 1
              : gapWidth(
                  mu, i, k, 1.0 / Math.min(100.0, 1.0 + (i == best ? Math.max(k, trials) : k)));
    }
    double total = Arrays.stream(share).sum();
    double density = 0;
    for (int i = 0; i < k; i++) {
      double mass =
          N.cumulativeProbability((1 - mu[i]) / sigma[i])
              - N.cumulativeProbability(-mu[i] / sigma[i]);
      density += share[i] / total * N.density((x - mu[i]) / sigma[i]) / sigma[i] / mass;
    }
    return Math.log(density);
  }

  /**
   * The larger gap to the neighbours (the outermost kernels: the inner one), clipped to [min, 1].
   */
  private static double gapWidth(double[] mu, int i, int k, double min) {
    double left = mu[i] - (i == 0 ? 0 : mu[i - 1]);
    double right = (i == k - 1 ? 1 : mu[i + 1]) - mu[i];
    double s = k >= 2 && i == 0 ? right : k >= 2 && i == k - 1 ? left : Math.max(left, right);
    return Math.min(1, Math.max(min, s));
  }

  @Property(seed = "42", tries = 40)
  void jointDensity_isTheSumOverEveryProductKernel(
      @ForAll @IntRange(min = 0, max = 400) int n, @ForAll long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int numeric = 3;
    int[] choices = {3};
    double[][] values = new double[n][numeric + 1];
    double[] rows = new double[n * (numeric + 1)];
    double[] widths = new double[n * numeric];
    double[] weights = new double[n];
    double narrowest = Parzen.minWidth(n + 1);
    for (int j = 0; j < n; j++) {
      for (int d = 0; d < numeric; d++) {
        values[j][d] = rng.nextDouble();
        // many kernels of the narrowest width, which the density reads near the point only
        widths[j * numeric + d] =
            rng.nextInt(3) == 0 ? narrowest + rng.nextDouble() * 0.3 : narrowest;
      }
      values[j][numeric] = rng.nextInt(3);
      weights[j] = 0.1 + rng.nextDouble();
    }
    java.util.Arrays.sort(
        values, java.util.Comparator.comparingDouble(v -> v[0])); // rows by their first value
    KernelWidths kernels = new KernelWidths().reset(n, numeric);
    for (int at = 0; at < n * numeric; at++) {
      kernels.set(at, widths[at]);
    }
    for (int j = 0; j < n; j++) {
      System.arraycopy(values[j], 0, rows, j * (numeric + 1), numeric + 1);
    }
    double[][] prior = {new double[] {0.2, 0.3, 0.5}};
    // fitted first to other observations, more of them: a fit reuses the arrays of the last one
    int m = n + 50;
    KernelWidths others = new KernelWidths().reset(m, numeric);
    for (int j = 0; j < m; j++) {
      for (int d = 0; d < numeric; d++) {
        others.set(j * numeric + d, 0.05);
      }
    }
    double[] otherWeights = new double[m];
    java.util.Arrays.fill(otherWeights, 2.0);
    JointParzen joint =
        new JointParzen(
            new double[m * (numeric + 1)], others, otherWeights, m, numeric, choices, prior, 1.0);
    joint.logPdf(
        new double[] {
          0.5, 0.5, 0.5, 1
        }); // some constants worked out: the next fit must not keep them
    joint.fit(rows, kernels, weights, n, numeric, choices, prior, 1.0);
    for (int t = 0; t < 10; t++) {
      double[] x = new double[numeric + 1];
      joint.sample(rng, x);
      double total = 1.0;
      for (int j = 0; j < n; j++) {
        total += weights[j];
      }
      double a = 1.0 / (n + 1);
      double density = 0;
      for (int j = 0; j <= n; j++) {
        boolean isPrior = j == n;
        double term = (isPrior ? 1.0 : weights[j]) / total;
        for (int d = 0; d < numeric; d++) {
          double mu = isPrior ? 0.5 : values[j][d];
          double sigma = isPrior ? 1 : widths[j * numeric + d];
          double mass =
              N.cumulativeProbability((1 - mu) / sigma) - N.cumulativeProbability(-mu / sigma);
          term *= N.density((x[d] - mu) / sigma) / sigma / mass;
        }
        int v = (int) x[numeric];
        term *= isPrior ? prior[0][v] : ((v == (int) values[j][numeric] ? 1 : 0) + a) / (1 + 3 * a);
        density += term;
      }
      assertThat(joint.logPdf(x)).as("n %d", n).isCloseTo(Math.log(density), within(1e-4));
    }
  }

  @Property(seed = "42", tries = 2000)
  void expMinus_isExpOfMinusT_toTheLastFewBits(@ForAll @DoubleRange(min = 0, max = 100) double t) {
    assertThat(Parzen.expMinus(t))
        .isCloseTo(Math.exp(-t), org.assertj.core.data.Percentage.withPercentage(1e-9));
  }

  @Property(seed = "42", tries = 50)
  void categoricalDensities_sumToOne_andSkipChoicesOfWeightZero(
      @ForAll @IntRange(min = 0, max = 50) int n, @ForAll long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] categories = new int[n];
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      categories[i] = rng.nextInt(3);
      weights[i] = rng.nextDouble();
    }
    CategoricalParzen c =
        new CategoricalParzen(categories, weights, n, 4, new double[] {0.5, 0.25, 0.25, 0}, 1.0);
    double sum = 0;
    for (int v = 0; v < 4; v++) {
      sum += Math.exp(c.logPdf(v));
    }
    assertThat(sum).isCloseTo(1.0, within(1e-12));
    assertThat(c.logPdf(3)).isEqualTo(Double.NEGATIVE_INFINITY);
    for (int t = 0; t < 50; t++) {
      assertThat(c.sample(rng)).isBetween(0, 2);
    }
  }
}
