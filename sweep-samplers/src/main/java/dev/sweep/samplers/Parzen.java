package dev.sweep.samplers;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.special.Erf;

/**
 * The Parzen estimators of TPE: weighted mixtures of normal kernels truncated to [0, 1] for numeric
 * dimensions, and of smoothed point masses for categorical ones, each with a prior kernel (the
 * domain's own distribution: uniform on [0, 1], or the choices' weights) as Optuna has them.
 */
final class Parzen {
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
  /**
   * Kernels whose terms fall this far (in log) below the largest add less than e^-16 (1e-7) of
   * it each: far too little to change which candidate has the best ratio. (From 25, it took a
   * fifth off an ask after 10,000 trials: fewer kernels lie within reach of a point.)
   */
  private static final double NEGLIGIBLE = 16;

  private Parzen() {}

  /** The standard normal CDF to a relative error below 1.2e-7 (erfc as in Numerical Recipes). */
  static double phi(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.5 * x);
    double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
        + t * 0.17087277)))))))));
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
    return a < -8.5 && b > 8.5 ? 1 : Math.max(1e-300, phi(b) - phi(a));
  }

  /** A draw from N(mu, sigma) truncated to [0, 1], by inverting its CDF. */
  static double truncatedNormal(double mu, double sigma, RandomGenerator rng) {
    double a = phi(-mu / sigma);
    double b = phi((1 - mu) / sigma);
    double p = a + (b - a) * rng.nextDouble();
    double x = p <= 0 || p >= 1 ? (p <= 0 ? 0 : 1) : mu + sigma * Math.sqrt(2) * Erf.erfInv(2 * p - 1);
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

  /** The narrowest kernel a mixture of {@code k} kernels (the prior's included) has: 1 / min(100, k + 1). */
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

  /**
   * A univariate mixture over observations sorted by value. Each kernel's width is the larger gap
   * to its neighbours (the prior's centre counts as one), clipped to [1 / min(100, n + 1), 1], as
   * in Optuna. Each kernel's share of the mixture is its observation's weight times its width: an
   * observation stands for the stretch around it that no other one covers, so that a tight cluster
   * of similar trials does not outweigh a lone one in a region little explored. Every kernel then
   * peaks at the same height for the same weight, which is what Optuna 3.1's TPE computes too (its
   * truncated normal leaves out the 1/sigma of the density); on the problems of
   * bench/samplers-vs-optuna.sh it finds better configs than the plain mixture.
   *
   * <p>The <b>incumbent</b>, the best trial's kernel where there is one, is clipped only as a
   * mixture of every trial would be, to 1 / min(100, trials + 1), and keeps its share (its weight
   * times the width the group's clip gives it): a narrow peak on the best value so far, which the
   * ratio l / g then searches around, while the better group's clip keeps its other kernels wide
   * enough to explore.
   *
   * <p>With many observations most kernels have the smallest width allowed. They are kept apart,
   * sorted, so that a density sums the few of them near the point, and the wider ones; their
   * constants are computed when first needed.
   */
  static final class Numeric {
    /**
     * How much wider than its kernel a candidate is drawn ({@link #propose}), as BOHB draws its
     * candidates at three times the bandwidth: the ratio l / g then also weighs the stretches
     * between the better trials, not only their centres. With the incumbent, on
     * bench/samplers-vs-optuna.sh's problems over seeds 220-619, it lowered the median regret at 100
     * trials from 0.0222 to 0.0081 on Branin, 0.220 to 0.202 on Hartmann6 and 181 to 130 on
     * Rosenbrock-5, and at 200 from 0.117 to 0.088 on Hartmann6 (Ackley-5 at 200: 4.77 to 4.95).
     * BOHB's three did less for Hartmann6 (0.111 at 200).
     */
    static final double PROPOSAL_SPREAD = 6;

    private int k; // kernels: the observations and the prior
    private double[] cumulative = new double[0]; // of the kernels' shares, for sampling
    private double[] mu = new double[0];
    private double[] sigma = new double[0];
    private double[] weight = new double[0];
    private double[] share = new double[0]; // weight times the width the group's clip gives
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

    /** An estimator to {@link #fit}; its arrays are reused from one fit to the next. */
    Numeric() {}

    Numeric(double[] sortedMus, double[] weights, int n, double priorWeight) {
      fit(sortedMus, weights, n, priorWeight);
    }

    /** Fits the mixture to {@code n} observations sorted by value, with their weights. */
    Numeric fit(double[] sortedMus, double[] weights, int n, double priorWeight) {
      return fit(sortedMus, weights, n, priorWeight, -1, 0);
    }

    /**
     * Fits the mixture, the observation at {@code incumbent} (an index into {@code sortedMus}, or
     * -1 for none) clipped as one of {@code trials} observations would be.
     */
    Numeric fit(double[] sortedMus, double[] weights, int n, double priorWeight, int incumbent, int trials) {
      k = n + 1;
      if (mu.length < k) {
        int capacity = Math.max(k, 2 * mu.length);
        cumulative = new double[capacity];
        mu = new double[capacity];
        sigma = new double[capacity];
        weight = new double[capacity];
        share = new double[capacity];
        wideMu = new double[capacity];
        wideInverse = new double[capacity];
        wideScale = new double[capacity];
        narrowMu = new double[capacity];
        narrowScale = new double[capacity];
      }
      int prior = 0;
      while (prior < n && sortedMus[prior] < 0.5) {
        prior++;
      }
      int best = incumbent < 0 ? -1 : incumbent < prior ? incumbent : incumbent + 1; // among the kernels
      for (int i = 0, j = 0; i < k; i++) {
        if (i == prior) {
          mu[i] = 0.5;
          weight[i] = priorWeight;
        } else {
          mu[i] = sortedMus[j];
          weight[i] = weights[j++];
        }
      }
      double minSigma = minWidth(k);
      double total = 0;
      for (int i = 0; i < k; i++) {
        sigma[i] = i == prior ? 1 : width(mu, i, k);
        share[i] = weight[i] * sigma[i];
        if (i == best) {
          sigma[i] = width(mu, i, k, Math.min(minSigma, minWidth(trials)));
        }
        total += share[i];
      }
      narrowSigma = minSigma * (1 + 1e-9);
      // a kernel's density at its centre: share / total / sigma / mass / sqrt(2 pi)
      double perShare = 1 / (total * Math.sqrt(2 * Math.PI));
      double run = 0;
      double maxNarrowScale = 0;
      wideCount = 0;
      narrowCount = 0;
      for (int i = 0; i < k; i++) {
        run += share[i] / total;
        cumulative[i] = run;
        // mostly a narrow kernel well inside [0, 1], all of whose mass is there: no division then
        boolean inside = mu[i] > 8.5 * sigma[i] && mu[i] < 1 - 8.5 * sigma[i];
        double scale = share[i] / sigma[i] * perShare / (inside ? 1 : mass(mu[i], sigma[i]));
        if (sigma[i] > narrowSigma || i == best) { // the incumbent may be narrower than the rest
          wideMu[wideCount] = mu[i];
          wideInverse[wideCount] = 1 / sigma[i];
          wideScale[wideCount++] = scale;
        } else {
          maxNarrowScale = Math.max(maxNarrowScale, scale);
          narrowMu[narrowCount] = mu[i];
          narrowScale[narrowCount++] = scale;
        }
      }
      narrowMaxLogScale = Math.log(maxNarrowScale);
      return this;
    }

    /**
     * A candidate for the ratio l / g: a kernel drawn by its share, then a point from it at
     * {@link #PROPOSAL_SPREAD} times its width (at most 1), truncated to [0, 1].
     */
    double propose(RandomGenerator rng) {
      int i = Arrays.binarySearch(cumulative, 0, k, rng.nextDouble());
      i = Math.min(k - 1, i < 0 ? -i - 1 : i);
      return truncatedNormal(mu[i], Math.min(1, PROPOSAL_SPREAD * sigma[i]), rng);
    }

    /**
     * The log density at {@code x}: a plain sum of the kernels' densities, which cannot underflow,
     * as the prior's (width 1) is never below a fifth of its peak on [0, 1]. Narrow kernels further
     * than their terms could matter ({@link #NEGLIGIBLE} below the wide kernels' sum) are skipped.
     */
    double logPdf(double x) {
      double density = 0;
      for (int a = 0; a < wideCount; a++) {
        double z = (x - wideMu[a]) * wideInverse[a];
        density += wideScale[a] * Math.exp(-0.5 * z * z);
      }
      if (narrowCount > 0) {
        double reach = narrowSigma * Math.sqrt(2 * (NEGLIGIBLE + Math.max(0, narrowMaxLogScale - Math.log(density))));
        double inverse = 1 / narrowSigma;
        double last = x + reach;
        for (int j = lowerBound(narrowMu, narrowCount, x - reach); j < narrowCount && narrowMu[j] <= last; j++) {
          double z = (x - narrowMu[j]) * inverse;
          density += narrowScale[j] * expMinus(0.5 * z * z);
        }
      }
      return Math.log(density);
    }

  }

  /**
   * A categorical mixture: each observation's kernel puts 1 + a on its own category and a on each
   * (a = prior weight / kernels), the prior kernel follows the choices' own weights.
   */
  static final class Categorical {
    private final double[] p;
    private final double[] logP;

    Categorical(int[] categories, double[] weights, int n, int choices, double[] prior, double priorWeight) {
      double total = priorWeight;
      for (int j = 0; j < n; j++) {
        total += weights[j];
      }
      double a = priorWeight / (n + 1);
      double[] mass = new double[choices];
      for (int j = 0; j < n; j++) {
        mass[categories[j]] += weights[j] / total;
      }
      double observed = 1 - priorWeight / total;
      p = new double[choices];
      logP = new double[choices];
      double sum = 0;
      for (int c = 0; c < choices; c++) {
        boolean possible = prior == null || prior[c] > 0; // a choice of weight 0 is never proposed
        p[c] = possible ? (mass[c] + a * observed) / (1 + choices * a)
            + priorWeight / total * (prior == null ? 1.0 / choices : prior[c]) : 0;
        sum += p[c];
      }
      for (int c = 0; c < choices; c++) {
        p[c] /= sum;
        logP[c] = Math.log(p[c]);
      }
    }

    int sample(RandomGenerator rng) {
      double u = rng.nextDouble();
      int last = 0;
      for (int c = 0; c < p.length; c++) {
        if (p[c] > 0) {
          last = c;
          u -= p[c];
          if (u < 0) {
            return c;
          }
        }
      }
      return last;
    }

    double logPdf(int category) {
      return logP[category];
    }
  }

  /**
   * One group's kernel widths in a joint mixture: row by row, {@code numeric} per row, with their
   * inverses. Its arrays are reused from one fit to the next.
   */
  static final class Widths {
    double[] widths = new double[0];
    double[] inverses = new double[0];

    /** Makes room for {@code rows} rows. */
    Widths reset(int rows, int numeric) {
      if (widths.length < rows * numeric) {
        int capacity = Math.max(rows * numeric, 2 * widths.length);
        widths = new double[capacity];
        inverses = new double[capacity];
      }
      return this;
    }

    void set(int at, double width) {
      widths[at] = width;
      inverses[at] = 1 / width;
    }
  }

  /**
   * A multivariate mixture: kernel j is the product over dimensions of observation j's kernels, so
   * that it keeps what values went together. Each observation's kernel in a numeric dimension has
   * the width the univariate mixture would give it there (the larger gap to its neighbours among
   * its group, see {@link #width}), not one width for all from Scott's rule as in Optuna's
   * multivariate TPE: kernels stay wide where the group is sparse and narrow where it crowds, so
   * the search sharpens as trials accumulate. On bench/samplers-vs-optuna.sh (80 seeds) that
   * lowers the median regret at 100 and 200 trials on all five problems, several-fold on most,
   * and below Optuna's multivariate TPE on every one. The densities are the normalised products
   * of truncated normals; the prior kernel is the product of priors.
   *
   * <p>A density sums only the kernels near its point; fitting reads the observations in place
   * and leaves each kernel's normalising constant until a density first needs it, so that with
   * thousands of observations an ask costs little more than the kernels it reads.
   */
  static final class Joint {
    private int kernels;
    private int numeric;
    private int categorical;
    private int stride;
    private int[] choices;
    private double[][] prior;
    // the fitted observations, read in place until the next fit: values row by row (numeric, then
    // categorical), and the kernels' widths
    private double[] rows;
    private Widths widths;
    private double[] cumulative = new double[0];
    private double[] logW = new double[0];
    private double[][] logPrior; // [categorical dim][category]
    private double[] logHit;
    private double[] logMiss;
    private double[] smoothing;
    // each kernel's log weight plus its numeric dimensions' normalising terms, worked out when a
    // density first reads the kernel (fitted[j] == fits)
    private double[] constant = new double[0];
    private int[] fitted = new int[0];
    private int fits;
    private double priorConstant;
    // at least every observation kernel's constant: kernels whose squared distance to a point puts
    // them this far below the best term so far are skipped without their constant
    private double constantBound;
    // kernels by their width in the first numeric dim: the wider ones, evaluated at every point,
    // and those of the narrowest width, by centre there, evaluated near the point only
    private int[] wide = new int[0];
    private int wideCount;
    private int[] narrow = new int[0];
    private double[] narrowCentre = new double[0];
    private double[] narrowSecond = new double[0]; // the narrow kernels' centres and inverse widths in the second dim
    private double[] narrowSecondInverse = new double[0];
    private int narrowCount;
    private double narrowWidth;
    private double logNarrowWidth;
    // log(mass on [0, 1]) of the narrowest kernels at 1,025 centres, kept while that width stays
    private double[] narrowLogMass;
    private double narrowLogMassWidth = Double.NaN;

    /** An estimator to {@link #fit}; its arrays are reused from one fit to the next. */
    Joint() {}

    Joint(double[] values, Widths widths, double[] weights, int n, int numeric, int[] choices, double[][] prior,
        double priorWeight) {
      fit(values, widths, weights, n, numeric, choices, prior, priorWeight);
    }

    /**
     * Fits the mixture to {@code n} observations; it reads {@code values} and {@code widths} until
     * the next fit.
     *
     * @param values row by row, one row of {@code numeric + choices.length} values per observation:
     *     the numeric dims first (quantiles), then the categorical ones (indices); the rows in
     *     ascending order of their first numeric value, so that the kernels near a point there lie
     *     side by side
     * @param widths the kernels' widths in the {@code numeric} dims
     * @param choices the number of categories of each categorical dim
     * @param prior each categorical dim's prior probabilities, or null for uniform
     */
    Joint fit(double[] values, Widths widths, double[] weights, int n, int numeric, int[] choices, double[][] prior,
        double priorWeight) {
      this.kernels = n + 1;
      this.numeric = numeric;
      this.categorical = choices.length;
      this.stride = numeric + choices.length;
      this.choices = choices;
      this.prior = prior;
      this.rows = values;
      this.widths = widths;
      grow(kernels);
      fits++;
      double total = priorWeight;
      for (int j = 0; j < n; j++) {
        total += weights[j];
      }
      double run = 0;
      double lastW = Double.NaN;
      double lastLog = 0;
      double maxLogW = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < kernels; j++) {
        double w = (j < n ? weights[j] : priorWeight) / total;
        if (w != lastW) { // weights mostly repeat: each logarithm once
          lastW = w;
          lastLog = Math.log(w);
          maxLogW = j < n ? Math.max(maxLogW, lastLog) : maxLogW;
        }
        logW[j] = lastLog;
        run += w;
        cumulative[j] = run;
      }
      // -log(sigma) is 0 for the prior's width 1
      priorConstant = logW[n] + numeric * (-logMass(0.5, 1) - LOG_SQRT_2PI);
      narrowWidth = minWidth(kernels);
      logNarrowWidth = Math.log(narrowWidth);
      // a kernel's normalising term in a dim, -log(sigma sqrt(2 pi) mass), is largest for the
      // narrowest width and a centre on the border (sigma times the mass grows with sigma)
      constantBound = maxLogW + numeric * (-logNarrowWidth - LOG_SQRT_2PI - logMass(0, narrowWidth)) + 1e-6;
      wideCount = 0;
      narrowCount = 0;
      for (int j = 0; j < n; j++) { // the rows in order of the first numeric value
        if (numeric > 0 && widths.widths[j * numeric] == narrowWidth) {
          narrow[narrowCount] = j;
          if (numeric > 1) { // the second dim beside the first: most kernels are ruled out by the two
            narrowSecond[narrowCount] = values[j * stride + 1];
            narrowSecondInverse[narrowCount] = widths.inverses[j * numeric + 1];
          }
          narrowCentre[narrowCount++] = values[j * stride];
        } else {
          wide[wideCount++] = j;
        }
      }
      logPrior = new double[categorical][];
      logHit = new double[categorical];
      logMiss = new double[categorical];
      smoothing = new double[categorical];
      double a = priorWeight / kernels;
      for (int c = 0; c < categorical; c++) {
        int k = choices[c];
        smoothing[c] = a;
        logHit[c] = Math.log((1 + a) / (1 + k * a));
        logMiss[c] = Math.log(a / (1 + k * a));
        logPrior[c] = new double[k];
        for (int v = 0; v < k; v++) {
          logPrior[c][v] = Math.log(prior[c] == null ? 1.0 / k : prior[c][v]);
        }
      }
      return this;
    }

    private void grow(int kernels) {
      if (logW.length < kernels) {
        int capacity = Math.max(kernels, 2 * logW.length);
        logW = new double[capacity];
        cumulative = new double[capacity];
        constant = new double[capacity];
        fitted = new int[capacity];
        wide = new int[capacity];
        narrow = new int[capacity];
        narrowCentre = new double[capacity];
        narrowSecond = new double[capacity];
        narrowSecondInverse = new double[capacity];
      }
    }

    /** Observation kernel {@code j}'s log weight plus its numeric dims' normalising terms. */
    private double constant(int j) {
      if (fitted[j] == fits) {
        return constant[j];
      }
      double c = logW[j];
      int at = j * numeric;
      for (int d = 0; d < numeric; d++, at++) {
        double mu = rows[j * stride + d];
        double sigma = widths.widths[at];
        if (sigma == narrowWidth) {
          // with many observations most widths are the narrowest: their masses are interpolated
          // (within 1e-5) from 1,025 centres, and all of it is on [0, 1] 8.5 widths inside
          boolean inside = mu > 8.5 * sigma && mu < 1 - 8.5 * sigma;
          c -= logNarrowWidth + LOG_SQRT_2PI + (inside ? 0 : narrowLogMass(mu));
        } else {
          c -= Math.log(sigma) + LOG_SQRT_2PI + logMass(mu, sigma);
        }
      }
      fitted[j] = fits;
      constant[j] = c;
      return c;
    }

    private double narrowLogMass(double mu) {
      if (kernels * numeric < 2048) {
        return logMass(mu, narrowWidth);
      }
      if (narrowWidth != narrowLogMassWidth) {
        narrowLogMass = logMassTable(narrowWidth);
        narrowLogMassWidth = narrowWidth;
      }
      return interpolate(narrowLogMass, mu);
    }

    /** Draws a point: a kernel by weight, then each dimension from that kernel. */
    void sample(RandomGenerator rng, double[] out) {
      int j = Arrays.binarySearch(cumulative, 0, kernels, rng.nextDouble());
      j = Math.min(kernels - 1, j < 0 ? -j - 1 : j);
      for (int d = 0; d < numeric; d++) {
        out[d] = j < kernels - 1
            ? truncatedNormal(rows[j * stride + d], widths.widths[j * numeric + d], rng)
            : truncatedNormal(0.5, 1, rng);
      }
      for (int c = 0; c < categorical; c++) {
        int k = choices[c];
        int own = j < kernels - 1 ? (int) rows[j * stride + numeric + c] : -1;
        if (own < 0) {
          out[numeric + c] = drawPrior(c, rng);
        } else {
          double u = rng.nextDouble() * (1 + k * smoothing[c]);
          out[numeric + c] = u < 1 ? own : Math.min(k - 1, (int) ((u - 1) / smoothing[c]));
        }
      }
    }

    private int drawPrior(int c, RandomGenerator rng) {
      int k = choices[c];
      if (prior[c] == null) {
        return rng.nextInt(k);
      }
      double u = rng.nextDouble();
      int last = 0;
      for (int v = 0; v < k; v++) {
        if (prior[c][v] > 0) {
          last = v;
          u -= prior[c][v];
          if (u < 0) {
            return v;
          }
        }
      }
      return last;
    }

    /**
     * The log density at {@code x}: a log-sum-exp over the kernels, kept as a running maximum and
     * sum. The prior's and the wide kernels' terms come first; a narrow kernel's term is at most
     * the constants' bound less half its first dimension's square, so those whose centre there
     * lies too far from {@code x} to come within {@link #NEGLIGIBLE} of the best term so far are
     * never read, and a kernel read is dropped as soon as its squares so far put it out of reach.
     */
    double logPdf(double[] x) {
      double squares = 0;
      for (int d = 0; d < numeric; d++) {
        double z = x[d] - 0.5;
        squares += z * z;
      }
      RunningLogSum total = new RunningLogSum(priorConstant - 0.5 * squares + categoricalTerms(x, -1));
      for (int i = 0; i < wideCount; i++) {
        total.add(term(x, wide[i], total.max - NEGLIGIBLE));
      }
      double floor = total.max - NEGLIGIBLE;
      if (narrowCount > 0 && constantBound > floor) {
        double reach = narrowWidth * Math.sqrt(2 * (constantBound - floor));
        int last = upperBound(narrowCentre, narrowCount, x[0] + reach);
        double inverse = 1 / narrowWidth;
        for (int i = lowerBound(narrowCentre, narrowCount, x[0] - reach); i < last; i++) {
          if (numeric > 1) {
            double z0 = (x[0] - narrowCentre[i]) * inverse;
            double z1 = (x[1] - narrowSecond[i]) * narrowSecondInverse[i];
            if (z0 * z0 + z1 * z1 > 2 * (constantBound - total.max + NEGLIGIBLE)) {
              continue; // as term() would find, without reading the kernel's row
            }
          }
          total.add(term(x, narrow[i], total.max - NEGLIGIBLE));
        }
      }
      return total.log();
    }

    /** log(sum of exp(term)) kept as its largest term and the sum relative to it; negligible terms are skipped. */
    private static final class RunningLogSum {
      double max;
      double sum = 1;

      RunningLogSum(double first) {
        max = first;
      }

      void add(double term) {
        if (term > max) {
          sum = sum * expMinus(term - max) + 1;
          max = term;
        } else if (term > max - NEGLIGIBLE) {
          sum += expMinus(max - term);
        }
      }

      double log() {
        return max + Math.log(sum);
      }
    }

    /**
     * Observation kernel {@code j}'s log weighted density at {@code x}, or -infinity once it is
     * sure to fall below {@code floor}.
     */
    private double term(double[] x, int j, double floor) {
      double limit = 2 * (constantBound - floor); // squares beyond it leave the term below floor
      int row = j * stride;
      int at = j * numeric;
      double squares = 0;
      for (int d = 0; d < numeric; d++) {
        double z = (x[d] - rows[row + d]) * widths.inverses[at + d];
        squares += z * z;
        if (squares > limit) {
          return Double.NEGATIVE_INFINITY;
        }
      }
      return constant(j) - 0.5 * squares + categoricalTerms(x, j);
    }

    /** The categorical dims' log probabilities at {@code x} under observation kernel {@code j}, or the prior's (-1). */
    private double categoricalTerms(double[] x, int j) {
      double t = 0;
      for (int c = 0; c < categorical; c++) {
        int v = (int) x[numeric + c];
        int own = j < 0 ? -1 : (int) rows[j * stride + numeric + c];
        t += own < 0 ? logPrior[c][v] : own == v ? logHit[c] : logMiss[c];
      }
      return t;
    }
  }
}
