package dev.sweep.samplers;

import dev.sweep.config.Config;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Rejections;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.samplers.SpaceEncoding.Coordinate;
import dev.sweep.space.Space;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** One sweep's Gaussian-process search: the observations so far, and the proposals made from them. */
final class GpSampling implements Sampler.Sampling {
  /** Likelihood evaluations for the first fit of the hyperparameters, and for each later one from the last. */
  private static final int FIRST_FIT = 300;
  private static final int LATER_FIT = 40;
  /** Of the candidates, the best few are refined by ever smaller steps around them. */
  private static final int REFINED = 5;
  private static final double[] STEPS = {0.05, 0.01, 0.002};
  private static final int TRIES_PER_STEP = 20;

  private final GpSampler gp;
  private final Space space;
  private final Objective objective;
  private final SpaceEncoding encoding;
  private final int d;
  private final Rejections rejections;
  private final List<double[]> points = new ArrayList<>();
  private final List<Observed> states = new ArrayList<>();
  private final List<Double> losses = new ArrayList<>();
  private final Map<Long, Integer> byTrial = new HashMap<>();
  private int complete;
  private int pruned;
  private final double[][] hyper = new double[2][]; // the last fits' log hyperparameters: as is, in log

  GpSampling(GpSampler gp, Space space, Objective objective) {
    this.gp = gp;
    this.space = space;
    this.objective = objective;
    this.encoding = new SpaceEncoding(space);
    for (Coordinate dim : encoding.coordinates()) {
      if (!dim.numeric() && dim.choices > 1) { // a constant is a choice of one, and needs no modelling
        throw new IllegalArgumentException("the Gaussian-process sampler models float and integer parameters only; '"
            + dim.path + "' is " + dim.kind.describe() + " (use tpe for choices and branches)");
      }
    }
    this.d = encoding.dimensions();
    this.rejections = new Rejections(space);
  }

  @Override
  public Sample ask(long index) {
    SplittableRandom rng = RandomSampler.stream(gp.seed(), index);
    rejections.reset();
    for (int attempt = 0; attempt < gp.maxAttempts(); attempt++) {
      Map<String, Object> params = d == 0 || complete + pruned < gp.startupTrials() || complete < 2
          ? space.sample(rng) : propose(rng);
      Config config = space.toConfig(params);
      if (rejections.allows(config)) {
        observe(index, params, Observed.PENDING);
        return new Sample(index, params, config, space);
      }
      // the model proposes only configs the constraints allow (see score): this was a random one
    }
    throw rejections.failure("trial " + index + ": no proposal satisfied the constraints in "
        + gp.maxAttempts() + " attempts");
  }

  @Override
  public void tell(TrialRecord record) {
    Integer at = byTrial.get(record.id());
    int obs = at != null ? at : observe(record.id(), record.params(), Observed.PENDING);
    if (states.get(obs) == Observed.COMPLETE) {
      complete--;
    }
    Observed now = Observed.of(record, objective);
    if (now == Observed.COMPLETE) {
      losses.set(obs, Observed.loss(record, objective));
      complete++;
    } else if (now == Observed.WORSE) {
      pruned++;
    }
    states.set(obs, now);
  }

  @Override
  public boolean adaptive() {
    return true;
  }

  @Override
  public void adopt(long index, Map<String, Object> params) {
    observe(index, params, Observed.PENDING);
  }

  private int observe(long trial, Map<String, Object> params, Observed state) {
    double[] v = encoding.encode(params);
    for (int k = 0; k < d; k++) {
      if (Double.isNaN(v[k])) { // an adopted value outside the space: the prior's centre stands in
        v[k] = 0.5;
      }
    }
    points.add(v);
    states.add(state);
    losses.add(Double.NaN);
    if (trial >= 0) {
      byTrial.put(trial, points.size() - 1);
    }
    return points.size() - 1;
  }

  // ---- proposals

  private Map<String, Object> propose(SplittableRandom rng) {
    // the completed trials; the hyperparameters are fitted to these alone
    double[] x = new double[points.size() * d];
    double[] completed = new double[points.size()];
    int n = 0;
    for (int obs = 0; obs < points.size(); obs++) {
      if (states.get(obs) == Observed.COMPLETE) {
        System.arraycopy(points.get(obs), 0, x, n * d, d);
        completed[n++] = losses.get(obs);
      }
    }
    // the losses as they are, or their logarithm, whichever the process explains better: the
    // likelihoods compare through the transforms' Jacobians (a loss spanning orders of magnitude,
    // as Rosenbrock's, is far better modelled in log)
    Warped plain = Warped.standardised(Arrays.copyOf(completed, n));
    Warped logarithm = Warped.logarithmic(Arrays.copyOf(completed, n));
    GaussianProcess asIs = GaussianProcess.fit(x, plain.y, n, d, start(0), hyper[0] != null ? LATER_FIT : FIRST_FIT);
    GaussianProcess inLog = GaussianProcess.fit(x, logarithm.y, n, d, start(1), hyper[1] != null ? LATER_FIT : FIRST_FIT);
    hyper[0] = asIs.hyper;
    hyper[1] = inLog.hyper;
    boolean log = inLog.logPosterior + logarithm.logJacobian > asIs.logPosterior + plain.logJacobian;
    GaussianProcess fitted = log ? inLog : asIs;
    double[] y = Arrays.copyOf(log ? logarithm.y : plain.y, points.size());
    double best = Double.POSITIVE_INFINITY;
    double worst = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      best = Math.min(best, y[i]);
      worst = Math.max(worst, y[i]);
    }
    // then the pruned and (with the constant liar) running trials, as the worst so far
    int all = n;
    for (int obs = 0; obs < points.size(); obs++) {
      Observed s = states.get(obs);
      if (s == Observed.WORSE || (s == Observed.PENDING && gp.constantLiar())) {
        System.arraycopy(points.get(obs), 0, x, all * d, d);
        y[all++] = worst;
      }
    }
    GaussianProcess process = all == n ? fitted
        : GaussianProcess.condition(x, Arrays.copyOf(y, all), all, d, fitted.hyper);
    return params(maximiseImprovement(process, best, x, y, n, rng), rng);
  }

  private double[] start(int transform) {
    return hyper[transform] != null ? hyper[transform] : GaussianProcess.defaults(d);
  }

  /**
   * Losses transformed and standardised to mean 0 and variance 1, with the log of the transform's
   * Jacobian: the log likelihood of the losses is the process's of {@code y} plus it.
   */
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
   * The point of largest expected improvement below {@code best}: the best of random points and of
   * points near the best trials so far, each of the best few then moved by ever smaller random
   * steps while that improves it.
   */
  private double[] maximiseImprovement(GaussianProcess model, double best, double[] x, double[] y, int n,
      SplittableRandom rng) {
    int count = gp.candidates();
    int near = Math.min(n, REFINED);
    double[][] candidates = new double[count + near * TRIES_PER_STEP][];
    double[] scores = new double[candidates.length];
    double[] prediction = new double[2];
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
        candidates[c++] = step(Arrays.copyOfRange(x, order[t] * d, order[t] * d + d), STEPS[0], rng);
      }
    }
    for (int c = 0; c < candidates.length; c++) {
      scores[c] = score(model, candidates[c], best, prediction, rng);
    }
    Integer[] ranked = new Integer[candidates.length];
    for (int c = 0; c < ranked.length; c++) {
      ranked[c] = c;
    }
    Arrays.sort(ranked, (a, b) -> Double.compare(scores[b], scores[a]));
    double[] winner = candidates[ranked[0]];
    double winnerScore = scores[ranked[0]];
    for (int t = 0; t < Math.min(REFINED, ranked.length); t++) {
      double[] p = candidates[ranked[t]];
      double s = scores[ranked[t]];
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
      if (s > winnerScore) {
        winner = p;
        winnerScore = s;
      }
    }
    return winner;
  }

  /** The log expected improvement at {@code p}; -infinity where a constraint rejects its config. */
  private double score(GaussianProcess model, double[] p, double best, double[] prediction, SplittableRandom rng) {
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

  /** The params at point {@code p}; lists, which the process does not model, drawn from {@code rng}. */
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
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
