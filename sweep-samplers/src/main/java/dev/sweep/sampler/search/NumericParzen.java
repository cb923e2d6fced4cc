package dev.sweep.sampler.search;

import static dev.sweep.sampler.search.Parzen.NEGLIGIBLE;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A univariate mixture over observations sorted by value. Each kernel's width is the larger gap to
 * its neighbours (the prior's centre counts as one), clipped to [1 / min(100, n + 1), 1], as in
 * Optuna. Each kernel's share of the mixture is its observation's weight times its width: an
 * observation stands for the stretch around it that no other one covers, so that a tight cluster of
 * similar trials does not outweigh a lone one in a region little explored. Every kernel then peaks
 * at the same height for the same weight, which is what Optuna 3.1's TPE computes too (its
 * truncated normal leaves out the 1/sigma of the density); on the problems of
 * bench/samplers-vs-optuna.sh it finds better configs than the plain mixture.
 *
 * <p>The <b>incumbent</b>, the best trial's kernel where there is one, is clipped only as a mixture
 * of every trial would be, to 1 / min(100, trials + 1), and keeps its share (its weight times the
 * width the group's clip gives it): a narrow peak on the best value so far, which the ratio l / g
 * then searches around, while the better group's clip keeps its other kernels wide enough to
 * explore.
 *
 * <p>With many observations most kernels have the smallest width allowed. They are kept apart,
 * sorted, so that a density sums the few of them near the point, and the wider ones; their
 * constants are computed when first needed.
 */
final class NumericParzen {
  /**
   * How much wider than its kernel a candidate is drawn ({@link #propose}), as BOHB draws its
   * candidates at three times the bandwidth: the ratio l / g then also weighs the stretches between
   * the better trials, not only their centres. With the incumbent, on bench/samplers-vs-optuna.sh's
   * problems over seeds 220-619, it lowered the median regret at 100 trials from 0.0222 to 0.0081
   * on Branin, 0.220 to 0.202 on Hartmann6 and 181 to 130 on Rosenbrock-5, and at 200 from 0.117 to
   * 0.088 on Hartmann6 (Ackley-5 at 200: 4.77 to 4.95). BOHB's three did less for Hartmann6 (0.111
   * at 200).
   */
  static final double PROPOSAL_SPREAD = 6;

  private int k; // kernels: the observations and the prior
  private double[] cumulative = new double[0]; // of the kernels' shares, for sampling
  private double[] mu = new double[0];
  private double[] sigma = new double[0];
  private double[] weight = new double[0];
  private double[] share = new double[0]; // weight times the width the group's clip gives
  private double[] narrowMass = new double[0]; // Parzen.mass at width NARROWEST, or NaN
  // the wide kernels, evaluated everywhere: centre, 1 / width, density at the centre
  private double[] wideMu = new double[0];
  private double[] wideInverse = new double[0];
  private double[] wideScale = new double[0];
  private int wideCount;
  // the narrow ones (all of the smallest width), sorted by centre, summed near the point only
  private double[] narrowMu = new double[0];
  private double[] narrowScale = new double[0];
  private int narrowCount;
  private double narrowSigma;
  private double narrowMaxLogScale;
  private double logPerShare; // log of 1 / (the shares' total * sqrt(2 pi))
  private double shareTotal;
  private boolean proposable; // whether the cumulative shares are those of this fit
  private boolean givenMasses; // whether this fit's narrowMass holds the masses given

  /** An estimator to {@link #fit}; its arrays are reused from one fit to the next. */
  NumericParzen() {}

  /** Fits the mixture to {@code n} observations sorted by value, with their weights. */
  NumericParzen fit(double[] sortedMus, double[] weights, int n, double priorWeight) {
    return fit(sortedMus, weights, null, n, priorWeight, -1, 0);
  }

  /**
   * Fits the mixture, the observation at {@code incumbent} (an index into {@code sortedMus}, or -1
   * for none) clipped as one of {@code trials} observations would be.
   */
  NumericParzen fit(
      double[] sortedMus, double[] weights, int n, double priorWeight, int incumbent, int trials) {
    return fit(sortedMus, weights, null, n, priorWeight, incumbent, trials);
  }

  /**
   * Fits the mixture, with {@code narrowMasses} (or null) the {@link Parzen#mass} of a kernel of
   * width {@link Parzen#NARROWEST} at each of {@code sortedMus}: the same values, not computed
   * again.
   */
  NumericParzen fit(
      double[] sortedMus,
      double[] weights,
      double[] narrowMasses,
      int n,
      double priorWeight,
      int incumbent,
      int trials) {
    k = n + 1;
    grow(k);
    int prior = placeKernels(sortedMus, weights, narrowMasses, n, priorWeight);
    int best =
        incumbent < 0 ? -1 : incumbent < prior ? incumbent : incumbent + 1; // among the kernels
    widen(prior, best, trials);
    return this;
  }

  private void grow(int kernels) {
    if (mu.length < kernels) {
      int capacity = Math.max(kernels, 2 * mu.length);
      cumulative = new double[capacity];
      mu = new double[capacity];
      sigma = new double[capacity];
      weight = new double[capacity];
      share = new double[capacity];
      narrowMass = new double[capacity];
      wideMu = new double[capacity];
      wideInverse = new double[capacity];
      wideScale = new double[capacity];
      narrowMu = new double[capacity];
      narrowScale = new double[capacity];
    }
  }

  /**
   * The kernels' centres and weights, the prior's 0.5 in its place among the sorted values; returns
   * its index.
   */
  private int placeKernels(
      double[] sortedMus, double[] weights, double[] narrowMasses, int n, double priorWeight) {
    int prior = Parzen.lowerBound(sortedMus, n, 0.5);
    System.arraycopy(sortedMus, 0, mu, 0, prior);
    System.arraycopy(sortedMus, prior, mu, prior + 1, n - prior);
    System.arraycopy(weights, 0, weight, 0, prior);
    System.arraycopy(weights, prior, weight, prior + 1, n - prior);
    mu[prior] = 0.5;
    weight[prior] = priorWeight;
    givenMasses = narrowMasses != null;
    if (narrowMasses == null) {
      Arrays.fill(narrowMass, 0, k, Double.NaN);
    } else {
      System.arraycopy(narrowMasses, 0, narrowMass, 0, prior);
      System.arraycopy(narrowMasses, prior, narrowMass, prior + 1, n - prior);
      narrowMass[prior] = Double.NaN;
    }
    return prior;
  }

  /**
   * Each kernel's width and share, the incumbent {@code best} narrower, and the kernels apart by
   * width: the narrowest are summed near a point only. Their densities are kept relative to the
   * shares' total ({@link #logPerShare} scales them), and the cumulative shares are left to the
   * first {@link #propose}: the worse trials' g(x) is only ever evaluated.
   */
  private void widen(int prior, int best, int trials) {
    double minSigma = Parzen.minWidth(k);
    narrowSigma = minSigma * (1 + 1e-9);
    boolean narrowGiven = givenMasses && minSigma == Parzen.NARROWEST;
    double total = 0;
    double maxNarrowScale = 0;
    wideCount = 0;
    narrowCount = 0;
    for (int i = 0; i < k; i++) {
      double width = i == prior ? 1 : Parzen.width(mu, i, k, minSigma);
      share[i] = weight[i] * width;
      total += share[i];
      if (width > narrowSigma || i == best) { // the incumbent may be narrower than the rest
        if (i == best) { // keeps its share: a taller peak
          width = Parzen.width(mu, i, k, Math.min(minSigma, Parzen.minWidth(trials)));
        }
        sigma[i] = width;
        wideMu[wideCount] = mu[i];
        wideInverse[wideCount] = 1 / width;
        wideScale[wideCount++] = share[i] / width / mass(i, width);
      } else {
        sigma[i] = width;
        double scale =
            narrowGiven && i != prior ? weight[i] / narrowMass[i] : weight[i] / mass(i, width);
        maxNarrowScale = Math.max(maxNarrowScale, scale);
        narrowMu[narrowCount] = mu[i];
        narrowScale[narrowCount++] = scale;
      }
    }
    shareTotal = total;
    proposable = false;
    // a kernel's density at its centre: share / total / sigma / mass / sqrt(2 pi)
    logPerShare = -Math.log(total * Math.sqrt(2 * Math.PI));
    narrowMaxLogScale = Math.log(maxNarrowScale);
  }

  /**
   * The mass on [0, 1] of kernel {@code i} at width {@code sigma}: 1 well inside, where most narrow
   * kernels are, without computing; the given mass of the narrowest width where there is one.
   */
  private double mass(int i, double sigma) {
    if (mu[i] > 8.5 * sigma && mu[i] < 1 - 8.5 * sigma) {
      return 1;
    }
    return sigma == Parzen.NARROWEST && !Double.isNaN(narrowMass[i])
        ? narrowMass[i]
        : Parzen.mass(mu[i], sigma);
  }

  /** The cumulative shares, for drawing kernels. */
  private void cumulate() {
    double run = 0;
    for (int i = 0; i < k; i++) {
      run += share[i] / shareTotal;
      cumulative[i] = run;
    }
    proposable = true;
  }

  /**
   * A candidate for the ratio l / g: a kernel drawn by its share, then a point from it at {@link
   * #PROPOSAL_SPREAD} times its width (at most 1), truncated to [0, 1].
   */
  double propose(RandomGenerator rng) {
    if (!proposable) {
      cumulate();
    }
    int i = Arrays.binarySearch(cumulative, 0, k, rng.nextDouble());
    i = Math.min(k - 1, i < 0 ? -i - 1 : i);
    return Parzen.truncatedNormal(mu[i], Math.min(1, PROPOSAL_SPREAD * sigma[i]), rng);
  }

  /**
   * The log density at {@code x}: a plain sum of the kernels' densities, which cannot underflow, as
   * the prior's (width 1) is never below a fifth of its peak on [0, 1]. Narrow kernels further than
   * their terms could matter ({@link Parzen#NEGLIGIBLE} below the wide kernels' sum) are skipped.
   */
  double logPdf(double x) {
    double density = 0;
    for (int a = 0; a < wideCount; a++) {
      double z = (x - wideMu[a]) * wideInverse[a];
      density += wideScale[a] * Math.exp(-0.5 * z * z);
    }
    if (narrowCount > 0) {
      double reach =
          narrowSigma
              * Math.sqrt(2 * (NEGLIGIBLE + Math.max(0, narrowMaxLogScale - Math.log(density))));
      double inverse = 1 / narrowSigma;
      double last = x + reach;
      for (int j = Parzen.lowerBound(narrowMu, narrowCount, x - reach);
          j < narrowCount && narrowMu[j] <= last;
          j++) {
        double z = (x - narrowMu[j]) * inverse;
        density += narrowScale[j] * Parzen.expMinus(0.5 * z * z);
      }
    }
    return Math.log(density) + logPerShare;
  }
}
