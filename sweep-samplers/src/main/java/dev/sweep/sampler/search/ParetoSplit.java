package dev.sweep.sampler.search;

import dev.sweep.internal.Dominance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * MOTPE's better trials (Ozaki et al., 2020, as Optuna's TPE with several objectives): which
 * complete observations l(x) is fitted to when a sweep seeks several objectives or keeps
 * constraints on the outcome, and their weights.
 *
 * <p>The feasible observations come first, by Pareto rank: whole fronts while they fit, and of the
 * front that does not fit, the subset a greedy hypervolume subset selection keeps (each step the
 * point that adds the most hypervolume to those chosen), so that the better trials spread along the
 * front rather than bunch. When fewer than asked for are feasible, the least infeasible fill the
 * rest (Deb's constrained domination, as {@link Dominance#ranks(double[][], double[])}); once there
 * are enough feasible trials, every infeasible one is among the worse.
 *
 * <p>A better trial weighs 1 + (bestWeight - 1) c / max c in l(x), c its exclusive share of the
 * hypervolume that the feasible better trials dominate: MOTPE weighs by hypervolume contribution,
 * and this keeps every better trial's weight at least 1, as single-objective TPE here does, so that
 * a trial whose share is small still draws candidates. On ZDT1 at 300 trials (seeds 0-15, reference
 * (11, 11)) these weights reached a mean hypervolume of 99.8, equal weights 98.5, random search
 * 94.5 (with the first defaults, the split's reference a tenth of the range beyond the worst; see
 * {@link #REFERENCE_SPAN} for today's). No better trial is the incumbent whose kernel
 * single-objective TPE narrows: a front has no one best trial. With one objective (constraints
 * only) the weights follow the rank, as single-objective TPE's.
 *
 * <p>The split is made again only after a tell that can change it (a pending trial, a failed one or
 * one that the last front peeled dominates cannot): each costs a pass over the complete
 * observations per front peeled, O(n k) for k better trials, and the hypervolumes of at most k
 * points.
 */
final class ParetoSplit {
  private final double bestWeight;
  private long madeAt = -1;
  private int madeFor = -1;
  private int[] chosen = new int[0]; // by weight, the largest first
  private double[] weights = new double[0]; // by observation
  // what the last split peeled: every member of its fronts, and its last front
  private boolean[] peeled = new boolean[0];
  private int[] lastFront = new int[0];
  private int feasibleChosen;

  ParetoSplit(double bestWeight) {
    this.bestWeight = bestWeight;
  }

  /** The {@code k} better complete observations, the heaviest first. */
  int[] better(Observations observations, int k) {
    if (madeAt != observations.settled() || madeFor != k) {
      if (madeFor != k || madeAt != observations.settled() - 1 || changes(observations, k)) {
        make(observations, k);
      }
      madeAt = observations.settled();
      madeFor = k;
    }
    return chosen;
  }

  /**
   * Whether the one trial told since the last split can change it. It cannot when it did not
   * complete, when it is infeasible and enough others are feasible, or when a member of the last
   * front peeled dominates it: its rank is then beyond every front peeled. Late in a sweep most
   * trials are such, and the split costs a few comparisons instead of a pass over every trial.
   */
  private boolean changes(Observations observations, int k) {
    int obs = observations.lastSettled();
    if (obs < peeled.length && peeled[obs]) {
      return true; // told again: it was in a front
    }
    if (observations.state(obs) != Observed.COMPLETE) {
      return false;
    }
    if (observations.violation(obs) > 0) {
      return feasibleChosen < k;
    }
    double[] p = observations.outcome(obs);
    for (int f : lastFront) {
      if (Dominance.dominates(observations.outcome(f), p)) {
        return false;
      }
    }
    return true;
  }

  /** A better observation's weight in l(x), as the last {@link #better} made it. */
  double weight(int obs) {
    return weights[obs];
  }

  private void make(Observations observations, int k) {
    int complete = observations.complete();
    int[] feasible = new int[complete];
    int nf = 0;
    List<Integer> infeasible = new ArrayList<>();
    for (int i = 0; i < complete; i++) {
      int obs = observations.ranked(i); // by the primary objective: ties keep that order
      if (observations.violation(obs) == 0) {
        feasible[nf++] = obs;
      } else {
        infeasible.add(obs);
      }
    }
    if (peeled.length < observations.size()) {
      peeled = new boolean[Math.max(observations.size(), 2 * peeled.length)];
    } else {
      Arrays.fill(peeled, false);
    }
    lastFront = new int[0];
    List<Integer> good = new ArrayList<>(k);
    int[] remaining = Arrays.copyOf(feasible, nf);
    while (good.size() < k && remaining.length > 0) {
      int[] front = peel(observations, remaining);
      for (int obs : front) {
        peeled[obs] = true;
      }
      lastFront = front;
      if (good.size() + front.length <= k) {
        for (int obs : front) {
          good.add(obs);
        }
      } else {
        good.addAll(greedySubset(observations, front, k - good.size()));
      }
      int[] rest = new int[remaining.length - front.length];
      int r = 0;
      for (int obs : remaining) {
        if (!peeled[obs]) {
          rest[r++] = obs;
        }
      }
      remaining = rest;
    }
    feasibleChosen = good.size();
    infeasible.sort(Comparator.comparingDouble(observations::violation)); // stable: by loss after
    for (int i = 0; good.size() < k && i < infeasible.size(); i++) {
      good.add(infeasible.get(i));
      peeled[infeasible.get(i)] = true;
    }
    if (weights.length < observations.size()) {
      weights = new double[Math.max(observations.size(), 2 * weights.length)];
    }
    weigh(observations, good, feasibleChosen);
    Integer[] byWeight = good.toArray(new Integer[0]);
    Arrays.sort(byWeight, Comparator.comparingDouble(obs -> -weights[obs]));
    chosen = Arrays.stream(byWeight).mapToInt(Integer::intValue).toArray();
  }

  /**
   * The observations of {@code points} that no other of them dominates, in the order given: one
   * pass that keeps the front so far.
   */
  private static int[] peel(Observations observations, int[] points) {
    int[] front = new int[points.length];
    int size = 0;
    for (int obs : points) {
      double[] p = observations.outcome(obs);
      boolean dominated = false;
      for (int f = 0; f < size && !dominated; f++) {
        dominated = Dominance.dominates(observations.outcome(front[f]), p);
      }
      if (dominated) {
        continue;
      }
      int kept = 0;
      for (int f = 0; f < size; f++) { // those p dominates leave, the rest keep their order
        if (!Dominance.dominates(p, observations.outcome(front[f]))) {
          front[kept++] = front[f];
        }
      }
      size = kept;
      front[size++] = obs;
    }
    return Arrays.copyOf(front, size);
  }

  /**
   * Greedy hypervolume subset selection: {@code count} of {@code front}, each adding the most. Lazy
   * (Minoux's accelerated greedy): what a point adds only shrinks as others are chosen, so a
   * point's last gain bounds its next one, and only the points whose bound beats the best fresh
   * gain are measured again; the picks are the plain greedy's (up to ties).
   */
  private static List<Integer> greedySubset(Observations observations, int[] front, int count) {
    List<Integer> members = new ArrayList<>();
    for (int obs : front) {
      members.add(obs);
    }
    double[] reference = reference(observations, members);
    int n = front.length;
    double[] bound = new double[n]; // each point's gain when last measured: alone, at first
    int[] fresh = new int[n]; // how many picks ago it was measured, -1 when measured now
    boolean[] taken = new boolean[n];
    for (int i = 0; i < n; i++) {
      double[] p = observations.outcome(front[i]);
      double box = 1;
      for (int j = 0; j < p.length; j++) {
        box *= reference[j] - p[j];
      }
      bound[i] = box;
    }
    List<double[]> picked = new ArrayList<>();
    List<Integer> subset = new ArrayList<>(count);
    double volume = 0;
    while (subset.size() < count) {
      int best = -1;
      while (true) {
        int top = -1; // the largest bound, the first in the front's order on ties
        for (int i = 0; i < n; i++) {
          if (!taken[i] && (top < 0 || bound[i] > bound[top])) {
            top = i;
          }
        }
        if (fresh[top] == subset.size() || picked.isEmpty()) {
          best = top; // measured against the points chosen so far: no other can add more
          break;
        }
        double[][] with = picked.toArray(new double[picked.size() + 1][]);
        with[picked.size()] = observations.outcome(front[top]);
        bound[top] = hypervolume(with, reference) - volume;
        fresh[top] = subset.size();
      }
      taken[best] = true;
      picked.add(observations.outcome(front[best]));
      volume = hypervolume(picked.toArray(new double[0][]), reference);
      subset.add(front[best]);
    }
    return subset;
  }

  /**
   * How far beyond the worst of the members, in their range, the reference point of the split and
   * the weights lies. A near one (a tenth, as is common) makes the ends of a front add little
   * hypervolume, so MOTPE seldom extends them, where hypervolume and users look first: the
   * low-error end of error against cost. On MultiObjectiveTuning's problems (seeds 100-119, 200
   * trials, with the worse trials aged as {@link TpeGroups#split} says) twice the range raised the
   * median hypervolume over a tenth on all five (ZDT6 3.68 to 4.19, DTLZ7 28.3 to 31.0, mixed2
   * 11.15 to 11.43); a half, 1, 1.5, 3 and 5 did less on average.
   */
  static final double REFERENCE_SPAN = 2;

  /**
   * A point worse than every one of {@code members} in each objective, so that each adds some
   * hypervolume: beyond the worst by {@link #REFERENCE_SPAN} times the range (or a hair, where they
   * all agree).
   */
  private static double[] reference(Observations observations, List<Integer> members) {
    int m = observations.outcome(members.get(0)).length;
    double[] lo = new double[m];
    double[] hi = new double[m];
    Arrays.fill(lo, Double.POSITIVE_INFINITY);
    Arrays.fill(hi, Double.NEGATIVE_INFINITY);
    for (int obs : members) {
      double[] p = observations.outcome(obs);
      for (int j = 0; j < m; j++) {
        lo[j] = Math.min(lo[j], p[j]);
        hi[j] = Math.max(hi[j], p[j]);
      }
    }
    double[] reference = new double[m];
    for (int j = 0; j < m; j++) {
      reference[j] =
          hi[j] + Math.max(REFERENCE_SPAN * (hi[j] - lo[j]), 1e-9 * Math.max(1, Math.abs(hi[j])));
    }
    return reference;
  }

  /**
   * Weighs the better observations: the first {@code feasible} of {@code good} by their share of
   * the hypervolume (several objectives) or their place (one), the infeasible rest 1.
   */
  private void weigh(Observations observations, List<Integer> good, int feasible) {
    double extra = bestWeight - 1;
    for (int obs : good) {
      weights[obs] = 1;
    }
    if (feasible == 0) {
      return;
    }
    if (observations.outcome(good.get(0)).length == 1) {
      for (int i = 0; i < feasible; i++, extra /= 2) {
        weights[good.get(i)] = 1 + extra;
      }
      return;
    }
    List<Integer> members = good.subList(0, feasible);
    double[][] points = new double[feasible][];
    for (int i = 0; i < feasible; i++) {
      points[i] = observations.outcome(members.get(i));
    }
    double[] share = contributions(points, reference(observations, members));
    double most = Arrays.stream(share).max().orElse(0);
    for (int i = 0; i < feasible && most > 0; i++) {
      weights[members.get(i)] = 1 + extra * share[i] / most;
    }
  }

  /**
   * {@link Dominance#hypervolume}, in two dimensions by one sweep (sorted by the first coordinate,
   * each point adds the strip below the lowest before it): the split measures many small sets, and
   * the general method's allocations cost more than the sets.
   */
  static double hypervolume(double[][] points, double[] reference) {
    if (reference.length != 2) {
      return Dominance.hypervolume(points, reference);
    }
    double[][] sorted = points.clone();
    Arrays.sort(
        sorted, Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
    double area = 0;
    double lowest = reference[1];
    for (double[] p : sorted) {
      if (p[0] < reference[0] && p[1] < lowest) {
        area += (reference[0] - p[0]) * (lowest - p[1]);
        lowest = p[1];
      }
    }
    return area;
  }

  /** Each point's exclusive share: the whole {@link #hypervolume} less that of the others. */
  static double[] contributions(double[][] points, double[] reference) {
    if (reference.length != 2) {
      return Dominance.contributions(points, reference);
    }
    double whole = hypervolume(points, reference);
    double[] share = new double[points.length];
    double[][] others = new double[Math.max(0, points.length - 1)][];
    for (int i = 0; i < points.length; i++) {
      for (int k = 0, o = 0; k < points.length; k++) {
        if (k != i) {
          others[o++] = points[k];
        }
      }
      share[i] = Math.max(0, whole - hypervolume(others, reference));
    }
    return share;
  }
}
