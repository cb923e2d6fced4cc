package dev.sweep.sampler.search;

import dev.sweep.config.Config;
import dev.sweep.internal.Dominance;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Rejections;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.search.SpaceEncoding.Coordinate;
import dev.sweep.space.Space;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One sweep of {@link Nsga2Sampler}: every trial asked for, adopted or told, with its generation
 * and, once complete, its outcome; the parents each completed generation left.
 */
final class Nsga2Sampling implements Sampler.Sampling {

  /** A trial, or an earlier sweep's trial learnt: its point, generation and outcome. */
  private static final class Member {
    final double[] point;
    final int generation;
    boolean told;
    double[] values; // each objective to minimise, once complete
    double violation;

    Member(double[] point, int generation) {
      this.point = point;
      this.generation = generation;
    }
  }

  /** The parents a completed generation left, with their rank and crowding for tournaments. */
  private static final class Parents {
    final Member[] members;
    final int[] rank;
    final double[] crowding;

    Parents(Member[] members, int[] rank, double[] crowding) {
      this.members = members;
      this.rank = rank;
      this.crowding = crowding;
    }
  }

  /** SBX's distribution index: the larger, the nearer the parents a child stays. */
  static final double SBX_INDEX = 20;

  private final Nsga2Sampler nsga;
  private final Space space;
  private final Objectives objectives;
  private final SpaceEncoding encoding;
  private final Rejections rejections;
  private final Map<Long, Member> byTrial = new HashMap<>();
  private final List<List<Member>> completed = new ArrayList<>(); // per generation, in tell order
  private final List<Parents> parents = new ArrayList<>(); // per completed generation

  Nsga2Sampling(Nsga2Sampler nsga, Space space, Objectives objectives) {
    this.nsga = nsga;
    this.space = space;
    this.objectives = objectives;
    this.encoding = new SpaceEncoding(space);
    this.rejections = new Rejections(space);
  }

  /**
   * @throws dev.sweep.sampler.ConstraintsUnsatisfiedException naming the constraints that rejected
   *     every attempt
   */
  @Override
  public Sample ask(long index) {
    SplittableRandom rng = RandomSampler.stream(nsga.seed(), index);
    int generation = generation();
    Parents from = generation == 0 ? null : parents.get(generation - 1);
    rejections.reset();
    for (int attempt = 0; attempt < nsga.maxAttempts(); attempt++) {
      // parents near a constraint's edge may keep making rejected children: the prior then
      boolean child = from != null && attempt < Math.max(1, nsga.maxAttempts() / 2);
      Map<String, Object> params = child ? offspring(from, rng) : space.sample(rng);
      Config config = space.toConfig(params);
      if (rejections.allows(config)) {
        byTrial.put(index, new Member(encoding.encode(params), generation));
        return new Sample(index, params, config, space);
      }
    }
    throw rejections.failure(
        "trial "
            + index
            + ": no child satisfied the constraints in "
            + nsga.maxAttempts()
            + " attempts");
  }

  /**
   * The generation a trial asked for now belongs to: the first that has not yet completed {@code
   * populationSize} trials. Each generation that has is closed as it is passed: its parents are
   * chosen then, from the trials it completed so far, and stay.
   */
  private int generation() {
    while (parents.size() < completed.size()
        && completed.get(parents.size()).size() >= nsga.populationSize()) {
      int g = parents.size();
      List<Member> pool = new ArrayList<>(completed.get(g));
      if (g > 0) {
        pool.addAll(Arrays.asList(parents.get(g - 1).members));
      }
      parents.add(elite(pool));
    }
    return parents.size();
  }

  /**
   * The best {@code populationSize} of {@code pool} by constrained Pareto rank, the last rank that
   * fits in part by crowding distance (the lonelier first; ties in the pool's order).
   */
  private Parents elite(List<Member> pool) {
    int n = pool.size();
    double[][] points = new double[n][];
    double[] violation = objectives.constraints().isEmpty() ? null : new double[n];
    for (int i = 0; i < n; i++) {
      points[i] = pool.get(i).values;
      if (violation != null) {
        violation[i] = pool.get(i).violation;
      }
    }
    int[] rank = Dominance.ranks(points, violation);
    int size = Math.min(n, nsga.populationSize());
    Member[] members = new Member[size];
    int[] ranks = new int[size];
    double[] crowding = new double[size];
    int taken = 0;
    for (int r = 0; taken < size; r++) {
      int rr = r;
      int[] front = java.util.stream.IntStream.range(0, n).filter(i -> rank[i] == rr).toArray();
      double[] distance = Dominance.crowding(points, front);
      Integer[] order = new Integer[front.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Double.compare(distance[b], distance[a]));
      for (int i = 0; i < order.length && taken < size; i++, taken++) {
        members[taken] = pool.get(front[order[i]]);
        ranks[taken] = r;
        crowding[taken] = distance[order[i]];
      }
    }
    return new Parents(members, ranks, crowding);
  }

  /** A child of parents from {@code from}: crossed or copied, then mutated, then completed. */
  private Map<String, Object> offspring(Parents from, SplittableRandom rng) {
    int first = tournament(from, rng, -1);
    double[] p0 = from.members[first].point;
    double[] child = p0.clone();
    if (rng.nextDouble() < nsga.crossoverProbability()) {
      double[] p1 = from.members[tournament(from, rng, first)].point;
      boolean sbx = nsga.crossover() == Nsga2Sampler.Crossover.SBX;
      for (Coordinate d : encoding.coordinates()) {
        int c = d.index;
        boolean swap = rng.nextDouble() < nsga.swappingProbability();
        double spread = rng.nextDouble(); // drawn for every coordinate: the stream stays in step
        double v = swap ? p1[c] : p0[c];
        child[c] = Double.isNaN(v) ? (swap ? p0[c] : p1[c]) : v; // absent there: the other's
        if (sbx && d.numeric() && !Double.isNaN(p0[c]) && !Double.isNaN(p1[c])) {
          child[c] = simulatedBinary(p0[c], p1[c], spread, swap);
        }
      }
    }
    double mutation = nsga.mutationProbability();
    if (Double.isNaN(mutation)) {
      int params = 0;
      for (double v : p0) {
        params += Double.isNaN(v) ? 0 : 1;
      }
      mutation = 1.0 / Math.max(1, params);
    }
    for (Coordinate d : encoding.coordinates()) {
      boolean mutate = rng.nextDouble() < mutation;
      double prior = rng.nextDouble(); // drawn for every coordinate: the stream stays in step
      if (mutate || Double.isNaN(child[d.index])) {
        // a numeric coordinate's prior is uniform on [0, 1]; a category's cell is its probability
        child[d.index] = d.numeric() ? prior : d.categoryAt(prior);
      }
    }
    Map<String, Object> params = encoding.decode(child, rng);
    // a quantile decoded again may land a hair outside a bound: such a child is not a sample
    return space.misfit(params).isEmpty() ? params : space.sample(rng);
  }

  /**
   * Simulated binary crossover (Deb and Agrawal, 1995) on [0, 1], the bounded form: a child near
   * the parents, spread as a one-point crossover of binary strings would, with the distribution
   * index {@value #SBX_INDEX} (Deb's, and Optuna's for several objectives); {@code upper} picks the
   * child beyond the larger parent rather than the one below the smaller.
   */
  private static double simulatedBinary(double a, double b, double u, boolean upper) {
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    double gap = hi - lo;
    if (gap < 1e-14) {
      return a;
    }
    double beta = upper ? 1 + 2 * (1 - hi) / gap : 1 + 2 * lo / gap;
    double alpha = 2 - Math.pow(beta, -(SBX_INDEX + 1));
    double betaQ =
        u <= 1 / alpha
            ? Math.pow(u * alpha, 1 / (SBX_INDEX + 1))
            : Math.pow(1 / (2 - u * alpha), 1 / (SBX_INDEX + 1));
    double child = upper ? 0.5 * (lo + hi + betaQ * gap) : 0.5 * (lo + hi - betaQ * gap);
    return Math.min(1, Math.max(0, child));
  }

  /**
   * Binary tournament: of two parents drawn at random (other than {@code not}, where there are
   * others), the lower rank, then the larger crowding distance.
   */
  private static int tournament(Parents from, SplittableRandom rng, int not) {
    int n = from.members.length;
    int a = draw(n, rng, not);
    int b = draw(n, rng, not);
    int[] rank = from.rank;
    double[] crowding = from.crowding;
    if (rank[b] != rank[a]) {
      return rank[b] < rank[a] ? b : a;
    }
    return crowding[b] > crowding[a] ? b : a;
  }

  private static int draw(int n, SplittableRandom rng, int not) {
    if (not < 0 || n < 2) {
      return rng.nextInt(n);
    }
    int i = rng.nextInt(n - 1);
    return i >= not ? i + 1 : i;
  }

  @Override
  public void tell(TrialRecord record) {
    Member m = byTrial.get(record.id());
    if (m == null) { // another run's trial on a shared store, never asked for here
      m = new Member(encoding.encode(record.params()), generation());
      byTrial.put(record.id(), m);
    }
    settle(m, record);
  }

  /** An earlier sweep's trial counts in the first generation, as a trial drawn from the prior. */
  @Override
  public void learn(TrialRecord earlier) {
    settle(new Member(encoding.encode(earlier.params()), generation()), earlier);
  }

  private void settle(Member m, TrialRecord record) {
    if (m.told) {
      return; // a trial ends once; a second word on it changes nothing
    }
    m.told = true;
    double[] values = objectives.minimized(record);
    boolean finite = true;
    for (double v : values) {
      finite &= !Double.isNaN(v);
    }
    if (record.status() != TrialStatus.COMPLETED || !finite) {
      return; // failed, pruned, cancelled or without a value: never a parent
    }
    m.values = values;
    m.violation = objectives.violation(record);
    while (completed.size() <= m.generation) {
      completed.add(new ArrayList<>());
    }
    completed.get(m.generation).add(m);
  }

  @Override
  public boolean adaptive() {
    return true;
  }

  @Override
  public void adopt(long index, Map<String, Object> params) {
    byTrial.put(index, new Member(encoding.encode(params), generation()));
  }
}
