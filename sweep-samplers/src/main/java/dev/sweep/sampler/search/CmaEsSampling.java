package dev.sweep.sampler.search;

import dev.sweep.config.Config;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Rejections;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.IntDomain;
import dev.sweep.space.ScalarDomain;
import dev.sweep.space.Space;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One sweep of {@link CmaEsSampler}: the CMA-ES run in progress ({@link CmaState}), the trials of
 * its current generation told so far, every trial's point, and the independent sampler's own
 * sampling for the parameters CMA-ES does not search.
 */
final class CmaEsSampling implements Sampler.Sampling {

  /** A trial asked, adopted, told or learnt: its point in the searched coordinates. */
  private static final class Member {
    double[] x; // null once told, or where the params hold no searched value
    final int generation;
    boolean told;

    Member(double[] x, int generation) {
      this.x = x;
      this.generation = generation;
    }
  }

  /** A told trial of the current generation, ranked by (kind, key), then tell order. */
  private static final class Scored {
    final double[] x;
    final int kind; // 0: feasible, 1: infeasible, 2: failed, pruned or without a value
    final double key; // the value to minimise, or the violation

    Scored(double[] x, int kind, double key) {
      this.x = x;
      this.kind = kind;
      this.key = key;
    }
  }

  private static final Comparator<Scored> RANK =
      Comparator.<Scored>comparingInt(s -> s.kind).thenComparingDouble(s -> s.key);

  /** Draws per adopted trial to find the continuous point it came from. */
  private static final int REDERIVE = 16;

  private final CmaEsSampler cma;
  private final Space space;
  private final Objectives objectives;
  private final Sampler.Sampling independent;
  private final Rejections rejections;
  private final String[] paths;
  private final ScalarDomain[] domains;
  private final double[][] thresholds; // per integer coordinate with a margin; else null
  private final Map<Long, Member> byTrial = new HashMap<>();
  private final List<Scored> current = new ArrayList<>();
  private final ArrayDeque<Double> bests = new ArrayDeque<>(); // per generation of this run
  private CmaState state;
  private int generation; // over every run: a trial of an earlier one is not counted
  private int restarts;

  CmaEsSampling(
      CmaEsSampler cma,
      Space space,
      Objectives objectives,
      Sampler.Sampling independent,
      List<String> paths,
      List<ScalarDomain> domains) {
    this.cma = cma;
    this.space = space;
    this.objectives = objectives;
    this.independent = independent;
    this.rejections = new Rejections(space);
    this.paths = paths.toArray(new String[0]);
    this.domains = domains.toArray(new ScalarDomain[0]);
    int n = this.paths.length;
    double[] mean = new double[n];
    Arrays.fill(mean, 0.5);
    int lambda = cma.populationSize() > 0 ? cma.populationSize() : CmaState.defaultLambda(n);
    this.thresholds = new double[n][];
    for (int i = 0; i < n; i++) {
      if (cma.margin() && this.domains[i] instanceof IntDomain d) {
        thresholds[i] = thresholds(d);
      }
    }
    this.state = new CmaState(n, lambda, cma.sigma(), mean, thresholds);
  }

  /** Integers of more cells than this are searched as floats, without a margin. */
  static final int MAX_CELLS = 10_000;

  /**
   * The boundaries on [0, 1] between an integer domain's cells (where {@link IntDomain#atQuantile}
   * moves to the next value), ascending; null for a single value or more than {@value #MAX_CELLS}.
   */
  static double[] thresholds(IntDomain d) {
    long span = d.hi() - d.lo(); // negative where it overflows
    boolean everyInteger = d.kind() == IntDomain.Kind.RANGE || d.kind() == IntDomain.Kind.LOG;
    if (everyInteger && (span < 0 || span >= MAX_CELLS)) {
      return null; // without listing a million values
    }
    List<Object> values = d.gridValues().orElse(List.of());
    int k = values.size();
    if (k < 2 || k > MAX_CELLS) {
      return null;
    }
    double[] t = new double[k - 1];
    double lo = Math.log((double) d.lo());
    double width = Math.log(d.hi() + 1.0) - lo;
    for (int i = 0; i < k - 1; i++) {
      t[i] =
          d.kind() == IntDomain.Kind.LOG
              ? (Math.log(((Number) values.get(i)).doubleValue() + 1) - lo) / width
              : (i + 1.0) / k;
    }
    return t;
  }

  /** The population of the run in progress. */
  int populationSize() {
    return state.lambda;
  }

  /** Restarts so far. */
  int restarts() {
    return restarts;
  }

  /** The step size of the run in progress. */
  double sigma() {
    return state.sigma;
  }

  /**
   * The independent sampler's sample, its searched parameters replaced by a CMA-ES point; a point
   * the constraints reject is drawn again, and after half the attempts the independent sample
   * stands as it is.
   *
   * @throws dev.sweep.sampler.ConstraintsUnsatisfiedException where the independent sampler finds
   *     no sample the constraints allow
   */
  @Override
  public Sample ask(long index) {
    Sample base = independent.ask(index);
    SplittableRandom rng = RandomSampler.stream(cma.seed(), index);
    rejections.reset();
    int tries = Math.max(1, cma.maxAttempts() / 2);
    for (int attempt = 0; attempt < tries; attempt++) {
      double[] x = state.sample(rng);
      Map<String, Object> params = with(base.params(), state.toCube(x));
      Config config = space.toConfig(params);
      if (rejections.allows(config)) {
        byTrial.put(index, new Member(x, generation));
        return new Sample(index, params, config, space);
      }
    }
    byTrial.put(index, new Member(encode(base.params()), generation));
    return base;
  }

  private Map<String, Object> with(Map<String, Object> base, double[] x) {
    Map<String, Object> params = new LinkedHashMap<>(base);
    for (int i = 0; i < paths.length; i++) {
      params.put(paths[i], domains[i].atQuantile(x[i]));
    }
    return params;
  }

  /** The searched coordinates of {@code params}: each value's quantile; null if one is absent. */
  private double[] encode(Map<String, Object> params) {
    double[] x = new double[paths.length];
    for (int i = 0; i < x.length; i++) {
      Object v = params.get(paths[i]);
      if (v == null) {
        return null;
      }
      try {
        x[i] = domains[i].quantileOf(v);
      } catch (IllegalArgumentException outside) { // an adopted value of an older space
        return null;
      }
    }
    return x;
  }

  @Override
  public void tell(TrialRecord record) {
    independent.tell(record);
    Member m = byTrial.get(record.id());
    if (m == null) { // another run's trial on a shared store, never asked for here
      m = new Member(encode(record.params()), generation);
      byTrial.put(record.id(), m);
    }
    settle(m, record);
  }

  /** An earlier sweep's trial counts in the current generation, as a trial drawn from it. */
  @Override
  public void learn(TrialRecord earlier) {
    independent.learn(earlier);
    settle(new Member(encode(earlier.params()), generation), earlier);
  }

  @Override
  public boolean adaptive() {
    return true;
  }

  /**
   * Takes a resumed sweep's trial as asked now: its continuous point is the draw of its own stream
   * that gives its params, where one of the first {@value #REDERIVE} does (so a sequential sweep
   * resumes exactly), else its values' quantiles.
   */
  @Override
  public void adopt(long index, Map<String, Object> params) {
    if (independent.adaptive()) {
      independent.adopt(index, params);
    } else {
      independent.skip(index);
    }
    SplittableRandom rng = RandomSampler.stream(cma.seed(), index);
    double[] x = null;
    int tries = Math.min(REDERIVE, Math.max(1, cma.maxAttempts() / 2)); // as ask draws them
    for (int attempt = 0; attempt < tries && x == null; attempt++) {
      double[] draw = state.sample(rng);
      x = gives(state.toCube(draw), params) ? draw : null;
    }
    byTrial.put(index, new Member(x != null ? x : encode(params), generation));
  }

  private boolean gives(double[] x, Map<String, Object> params) {
    for (int i = 0; i < paths.length; i++) {
      Object want = params.get(paths[i]);
      Object got = domains[i].atQuantile(x[i]);
      if (!(want instanceof Number w
          && got instanceof Number g
          && w.doubleValue() == g.doubleValue())) {
        return false;
      }
    }
    return true;
  }

  private void settle(Member m, TrialRecord record) {
    if (m.told) {
      return; // a trial ends once; a second word on it changes nothing
    }
    m.told = true;
    double[] x = m.x;
    m.x = null;
    if (x == null || m.generation != generation || record.status() == TrialStatus.CANCELLED) {
      return; // an earlier generation's, or a cancelled trial's: it says nothing of this one
    }
    double value = objectives.minimized(record)[0];
    Scored s;
    if (record.status() != TrialStatus.COMPLETED || Double.isNaN(value)) {
      s = new Scored(x, 2, 0);
    } else {
      double violation = objectives.constraints().isEmpty() ? 0 : objectives.violation(record);
      s = violation > 0 ? new Scored(x, 1, violation) : new Scored(x, 0, value);
    }
    current.add(s);
    if (current.size() >= state.lambda) {
      close();
    }
  }

  /** Updates the distribution from the current generation, then restarts if the run is over. */
  private void close() {
    current.sort(RANK); // stable: ties in tell order
    double[][] sorted = new double[current.size()][];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < sorted.length; k++) {
      Scored s = current.get(k);
      sorted[k] = s.x;
      double v = s.kind == 0 ? s.key : Double.POSITIVE_INFINITY;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    current.clear();
    state.update(sorted);
    generation++;
    bests.addLast(lo);
    if (bests.size() > stallWindow()) {
      bests.removeFirst();
    }
    if (cma.restarts() == CmaEsSampler.Restarts.IPOP && (state.converged() || flat(lo, hi))) {
      restart();
    }
  }

  /**
   * No improvement: the best values of the last {@code 10 + 30 n / lambda} generations and the
   * values of this one all lie within {@value CmaState#TOL_FUN}.
   */
  private boolean flat(double lo, double hi) {
    if (bests.size() < stallWindow() || !(hi - lo < CmaState.TOL_FUN)) {
      return false;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : bests) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return max - min < CmaState.TOL_FUN;
  }

  /** The generations whose best values {@link #flat} compares: {@code 10 + 30 n / lambda}. */
  private int stallWindow() {
    return 10 + (int) Math.ceil(30.0 * state.n / state.lambda);
  }

  /** IPOP: a new run from a random mean, the initial step size, and twice the population. */
  private void restart() {
    restarts++;
    SplittableRandom rng = RandomSampler.stream(~cma.seed(), restarts);
    double[] mean = new double[state.n];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = rng.nextDouble();
    }
    state = new CmaState(state.n, state.lambda * 2, state.sigma0, mean, thresholds);
    bests.clear();
  }
}
