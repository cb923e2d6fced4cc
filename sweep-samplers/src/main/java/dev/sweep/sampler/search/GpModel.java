package dev.sweep.sampler.search;

import dev.sweep.config.Config;
import dev.sweep.sampler.search.SpaceEncoding.Coordinate;
import dev.sweep.space.Space;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Gaussian process's proposals (see {@link GpSampler}): a process fitted to the completed
 * trials, the losses as they are or in log, whichever it explains better; the pruned and (with the
 * constant liar) running trials added as the worst so far; and the point of largest expected
 * improvement, among random points and points near the best trials, refined by ever smaller steps.
 */
final class GpModel implements ModelSampling.Model {
  /**
   * Likelihood evaluations for the first fit of the hyperparameters, and for each later one from
   * the last.
   */
  private static final int FIRST_FIT = 300;

  private static final int LATER_FIT = 40;

  /** Of the candidates, the best few are refined by ever smaller steps around them. */
  private static final int REFINED = 5;

  private static final double[] STEPS = {0.05, 0.01, 0.002};
  private static final int TRIES_PER_STEP = 20;

  private final GpSampler gp;
  private final Space space;
  private final SpaceEncoding encoding;
  private final int d;
  private final double[][] hyper =
      new double[2][]; // the last fits' log hyperparameters: as is, in log

  /**
   * @throws IllegalArgumentException naming the first parameter that is not numeric
   */
  GpModel(GpSampler gp, Space space, SpaceEncoding encoding) {
    this.gp = gp;
    this.space = space;
    this.encoding = encoding;
    for (Coordinate dim : encoding.coordinates()) {
      if (!dim.numeric()
          && dim.choices > 1) { // a constant is a choice of one, and needs no modelling
        throw new IllegalArgumentException(
            "the Gaussian-process sampler models float and integer parameters only; '"
                + dim.path
                + "' is "
                + dim.kind.describe()
                + " (use tpe for choices and branches)");
      }
    }
    this.d = encoding.dimensions();
  }

  /** A process needs a coordinate, and two completed trials to standardise their losses. */
  @Override
  public boolean ready(Observations observations) {
    return d > 0 && observations.complete() >= 2;
  }

  /**
   * The model proposes only configs the constraints allow (it screens its candidates, see {@link
   * #score}): a rejected config was a random start-up one, which says nothing of the losses.
   */
  @Override
  public boolean learnsFromRejections() {
    return false;
  }

  @Override
  public Map<String, Object> propose(Observations observations, SplittableRandom rng) {
    int size = observations.size();
    double[] x = new double[size * d];
    double[] completed = new double[size];
    int n = 0;
    for (int obs = 0;
        obs < size;
        obs++) { // the hyperparameters are fitted to the completed trials alone
      if (observations.state(obs) == Observed.COMPLETE) {
        copyPoint(observations, obs, x, n);
        completed[n++] = observations.loss(obs);
      }
    }
    GaussianProcessFit fitted = fit(x, completed, n);
    double[] y = Arrays.copyOf(fitted.y(), size);
    double best = Double.POSITIVE_INFINITY;
    double worst = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      best = Math.min(best, y[i]);
      worst = Math.max(worst, y[i]);
    }
    int all = n; // then the pruned and (with the constant liar) running trials, as the worst so far
    for (int obs = 0; obs < size; obs++) {
      if (observations.amongWorse(obs)) {
        copyPoint(observations, obs, x, all);
        y[all++] = worst;
      }
    }
    GaussianProcess process =
        all == n
            ? fitted.process()
            : GaussianProcess.condition(x, Arrays.copyOf(y, all), all, d, fitted.process().hyper);
    return params(maximiseImprovement(process, best, x, y, n, rng), rng);
  }

  /**
   * Observation {@code obs}'s point into row {@code row} of {@code x}: the prior's centre where it
   * has no value.
   */
  private void copyPoint(Observations observations, int obs, double[] x, int row) {
    for (int k = 0; k < d; k++) {
      double v = observations.value(obs, k);
      x[row * d + k] = Double.isNaN(v) ? 0.5 : v; // an adopted value outside the space
    }
  }

  /** A process and the standardised losses it was fitted to. */
  @SuppressWarnings("ArrayRecordComponent") // private, never compared or hashed
  private record GaussianProcessFit(GaussianProcess process, double[] y) {}

  /**
   * The process fitted to the first {@code n} losses as they are, or to their logarithm, whichever
   * it explains better: the likelihoods compare through the transforms' Jacobians (a loss spanning
   * orders of magnitude, as Rosenbrock's, is far better modelled in log).
   */
  private GaussianProcessFit fit(double[] x, double[] losses, int n) {
    Warped plain = Warped.standardised(Arrays.copyOf(losses, n));
    Warped logarithm = Warped.logarithmic(Arrays.copyOf(losses, n));
    GaussianProcess asIs =
        GaussianProcess.fit(x, plain.y, n, d, start(0), hyper[0] != null ? LATER_FIT : FIRST_FIT);
    GaussianProcess inLog =
        GaussianProcess.fit(
            x, logarithm.y, n, d, start(1), hyper[1] != null ? LATER_FIT : FIRST_FIT);
    hyper[0] = asIs.hyper;
    hyper[1] = inLog.hyper;
    boolean log =
        inLog.logPosterior + logarithm.logJacobian > asIs.logPosterior + plain.logJacobian;
    return log ? new GaussianProcessFit(inLog, logarithm.y) : new GaussianProcessFit(asIs, plain.y);
  }

  private double[] start(int transform) {
    return hyper[transform] != null ? hyper[transform] : GaussianProcess.defaults(d);
  }

  /**
   * Losses transformed and standardised to mean 0 and variance 1, with the log of the transform's
   * Jacobian: the log likelihood of the losses is the process's of {@code y} plus it.
   */
  @SuppressWarnings("ArrayRecordComponent") // private, never compared or hashed
  private record Warped(double[] y, double logJacobian) {
    /**
     * Added before the logarithm, so that the best loss has a finite one: this share of the
     * distance from the best to the best tenth, so that the logarithm spreads the best losses
     * however far the worst lie.
     */
    static final double LOG_OFFSET = 0.1;

    static Warped standardised(double[] losses) {
      return standardise(losses, 0);
    }

    static Warped logarithmic(double[] losses) {
      double[] sorted = losses.clone();
      Arrays.sort(sorted);
      double lo = sorted[0];
      double tenth = sorted[(sorted.length - 1) / 10];
      double offset = Math.max(1e-12 * Math.max(1, Math.abs(lo)), LOG_OFFSET * (tenth - lo)) - lo;
      double jacobian = 0;
      double[] logs = new double[losses.length];
      for (int i = 0; i < logs.length; i++) {
        logs[i] = Math.log(losses[i] + offset);
        jacobian -= logs[i];
      }
      return standardise(logs, jacobian);
    }

    private static Warped standardise(double[] v, double jacobian) {
      int n = v.length;
      double mean = Arrays.stream(v).average().orElse(0);
      double squares = 0;
      for (double value : v) {
        squares += (value - mean) * (value - mean);
      }
      double sd = squares > 0 ? Math.sqrt(squares / n) : 1;
      for (int i = 0; i < n; i++) {
        v[i] = (v[i] - mean) / sd;
      }
      return new Warped(v, jacobian - n * Math.log(sd));
    }
  }

  /**
   * The point of largest expected improvement below {@code best}: the best of the {@linkplain
   * #candidates candidates}, each of the best few then moved by ever smaller random steps while
   * that improves it.
   */
  private double[] maximiseImprovement(
      GaussianProcess model, double best, double[] x, double[] y, int n, SplittableRandom rng) {
    double[][] candidates = candidates(x, y, n, rng);
    double[] scores = new double[candidates.length];
    double[] prediction = new double[2];
    for (int c = 0; c < candidates.length; c++) {
      scores[c] = score(model, candidates[c], best, prediction, rng);
    }
    Integer[] ranked = new Integer[candidates.length];
    for (int c = 0; c < ranked.length; c++) {
      ranked[c] = c;
    }
    Arrays.sort(ranked, (a, b) -> Double.compare(scores[b], scores[a]));
    Scored winner = new Scored(candidates[ranked[0]], scores[ranked[0]]);
    for (int t = 0; t < Math.min(REFINED, ranked.length); t++) {
      Scored refined =
          refine(
              model, new Scored(candidates[ranked[t]], scores[ranked[t]]), best, prediction, rng);
      if (refined.score() > winner.score()) {
        winner = refined;
      }
    }
    return winner.point();
  }

  /** A point and its score. */
  @SuppressWarnings("ArrayRecordComponent") // private, never compared or hashed
  private record Scored(double[] point, double score) {}

  /**
   * The points at which the expected improvement is first evaluated: {@link GpSampler#candidates}
   * random ones, then random steps around each of the best few of the {@code n} completed trials.
   */
  private double[][] candidates(double[] x, double[] y, int n, SplittableRandom rng) {
    int count = gp.candidates();
    int near = Math.min(n, REFINED);
    double[][] candidates = new double[count + near * TRIES_PER_STEP][];
    for (int c = 0; c < count; c++) {
      double[] p = new double[d];
      for (int k = 0; k < d; k++) {
        p[k] = rng.nextDouble();
      }
      candidates[c] = p;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(y[a], y[b]));
    for (int t = 0, c = count; t < near; t++) {
      for (int r = 0; r < TRIES_PER_STEP; r++) {
        candidates[c++] =
            step(Arrays.copyOfRange(x, order[t] * d, order[t] * d + d), STEPS[0], rng);
      }
    }
    return candidates;
  }

  /**
   * {@code start} moved by random steps of each size in turn, each kept where it improves the
   * score.
   */
  private Scored refine(
      GaussianProcess model, Scored start, double best, double[] prediction, SplittableRandom rng) {
    double[] p = start.point();
    double s = start.score();
    for (double size : STEPS) {
      for (int r = 0; r < TRIES_PER_STEP; r++) {
        double[] q = step(p, size, rng);
        double qs = score(model, q, best, prediction, rng);
        if (qs > s) {
          p = q;
          s = qs;
        }
      }
    }
    return new Scored(p, s);
  }

  /** The log expected improvement at {@code p}; -infinity where a constraint rejects its config. */
  private double score(
      GaussianProcess model, double[] p, double best, double[] prediction, SplittableRandom rng) {
    if (!space.constraints().isEmpty() && !allowed(p, rng)) {
      return Double.NEGATIVE_INFINITY;
    }
    model.predict(p, prediction);
    return GaussianProcess.logExpectedImprovement(prediction[0], prediction[1], best);
  }

  private boolean allowed(double[] p, SplittableRandom rng) {
    Config config = space.toConfig(params(p, rng));
    return space.constraints().stream().allMatch(c -> c.allows(config));
  }

  /**
   * The params at point {@code p}; lists, which the process does not model, drawn from {@code rng}.
   */
  private Map<String, Object> params(double[] p, SplittableRandom rng) {
    double[] chosen = p.clone();
    for (Coordinate dim : encoding.coordinates()) {
      chosen[dim.index] = dim.numeric() ? chosen[dim.index] : 0; // a constant's only value
    }
    return encoding.decode(chosen, rng);
  }

  /** {@code p} moved by a normal step of {@code size} in every dimension, kept in [0, 1]. */
  private static double[] step(double[] p, double size, SplittableRandom rng) {
    double[] q = new double[p.length];
    for (int k = 0; k < p.length; k++) {
      q[k] = Math.min(1, Math.max(0, p[k] + size * gaussian(rng)));
    }
    return q;
  }

  private static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble()))
        * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
