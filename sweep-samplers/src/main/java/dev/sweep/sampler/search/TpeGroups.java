package dev.sweep.sampler.search;

import dev.sweep.sampler.search.SpaceEncoding.Coordinate;
import java.util.Arrays;

/**
 * TPE's split of the observations, made afresh for each proposal: the better ones, which l(x) is
 * fitted to, the worse ones, which g(x) is fitted to, and those in neither; and the better ones'
 * weights in l(x) by their rank.
 */
final class TpeGroups {
  /** In neither group: failed, cancelled, or (below the root) of another branch. */
  static final byte NONE = 0;

  /** Among the better trials. */
  static final byte BELOW = 1;

  /** Among the worse trials. */
  static final byte ABOVE = 2;

  private final double bestWeight;
  private byte[] member = new byte[0];
  private int better; // the size of the better group: the first of the ranked observations
  private double[] byRank = new double[0]; // a better observation's weight in l(x), by observation
  private final ParetoSplit pareto;
  private double[] worseWeight = new double[0]; // a worse observation's weight in g(x), by age
  private boolean aged; // whether the worse ones' weights ramp with age (several objectives)
  private int[] paretoBetter =
      new int[0]; // with several objectives: the better ones, heaviest first

  TpeGroups(double bestWeight) {
    this.bestWeight = bestWeight;
    this.pareto = new ParetoSplit(bestWeight);
  }

  /**
   * Splits the observations into the better ones (the best {@code min(ceil(0.1 n), 25)} complete
   * trials, as Optuna's default gamma) and the rest; returns each observation's group. With one
   * objective no observation weighs less for its age: Optuna ramps the weight of all but the newest
   * 25 down with age, which on the stationary problems of bench/samplers-vs-optuna.sh (200 seeds)
   * left TPE behind on every one but Hartmann6 at 200 trials.
   *
   * <p>With several objectives or constraints on the outcome, {@link ParetoSplit} chooses the
   * better ones (MOTPE), and the worse ones do weigh less for their age, as Optuna's: the oldest 1
   * / n, rising evenly to 1 for the newest 25 ({@link #worseWeight}). g(x) then follows where the
   * search went lately, and l(x) / g(x) favours the parts of the front it has not filled yet. On
   * the tuning problems of MultiObjectiveTuning (seeds 100-119, 200 trials; with ParetoSplit's
   * reference beyond the worst by twice the range) the median hypervolume rose on all five, on ZDT6
   * from 3.94 to 4.19 and on DTLZ7 from 29.2 to 31.0.
   */
  byte[] split(Observations observations) {
    int n = observations.size();
    if (member.length < n) {
      member = new byte[Math.max(n, member.length * 2)];
    }
    Arrays.fill(member, 0, n, NONE);
    int complete = observations.complete();
    better = Math.min(complete, Math.min((int) Math.ceil(0.1 * observations.considered()), 25));
    if (observations.pareto()) {
      for (int i = 0; i < complete; i++) {
        member[observations.ranked(i)] = ABOVE;
      }
      paretoBetter = pareto.better(observations, better);
      for (int obs : paretoBetter) {
        member[obs] = BELOW;
      }
    } else {
      for (int i = 0; i < complete; i++) {
        member[observations.ranked(i)] = i < better ? BELOW : ABOVE;
      }
    }
    for (int obs = 0; obs < n; obs++) {
      if (observations.amongWorse(obs)) {
        member[obs] = ABOVE;
      }
    }
    aged = observations.pareto();
    if (aged) {
      weighWorseByAge(n);
    }
    return member;
  }

  /** Optuna's default weights, oldest first: 1 / w rising evenly to 1, then the newest 25 at 1. */
  private void weighWorseByAge(int n) {
    if (worseWeight.length < n) {
      worseWeight = new double[Math.max(n, 2 * worseWeight.length)];
    }
    int worse = 0;
    for (int obs = 0; obs < n; obs++) {
      worse += member[obs] == ABOVE ? 1 : 0;
    }
    int ramp = worse - 25; // observations are in the order the trials were asked
    for (int obs = 0, age = 0; obs < n; obs++) {
      if (member[obs] == ABOVE) {
        worseWeight[obs] =
            age >= ramp
                ? 1
                : ramp == 1 ? 1.0 / worse : 1.0 / worse + (1 - 1.0 / worse) * age / (ramp - 1);
        age++;
      }
    }
  }

  /** A worse observation's weight in g(x), as the last {@link #split} gave it. */
  double worseWeight(int obs) {
    return aged ? worseWeight[obs] : 1;
  }

  /**
   * {@code members}, but only the observations that chose branch {@code name} of {@code key}; with
   * one objective split again among themselves, the better {@code min(ceil(0.1 m), 25)} of their m
   * complete ones in l(x). Split by the whole sweep's ranking, a branch that is worse nearly
   * everywhere has no better trial, its l(x) is the prior alone, and its parameters are drawn at
   * random however often it is tried: a narrow optimum there is found by luck. Its own better
   * trials lead towards it. (With several objectives the front's split stands.)
   */
  static byte[] only(byte[] members, Observations observations, Coordinate key, int name) {
    byte[] m = Arrays.copyOf(members, observations.size());
    for (int obs = 0; obs < m.length; obs++) {
      if (m[obs] != NONE && observations.value(obs, key.index) != name) {
        m[obs] = NONE;
      }
    }
    if (!observations.pareto()) {
      splitAmongThemselves(m, observations);
    }
    return m;
  }

  private static void splitAmongThemselves(byte[] m, Observations observations) {
    int inBranch = 0;
    for (int i = 0; i < observations.complete(); i++) {
      int obs = observations.ranked(i);
      if (obs < m.length && m[obs] != NONE) {
        inBranch++;
      }
    }
    int better = Math.min(inBranch, Math.min((int) Math.ceil(0.1 * inBranch), 25));
    for (int i = 0, seen = 0; i < observations.complete(); i++) {
      int obs = observations.ranked(i);
      if (obs < m.length && m[obs] != NONE) {
        m[obs] = seen++ < better ? BELOW : ABOVE;
      }
    }
  }

  /**
   * Weighs each of the better observations in {@code groups} with a value in coordinate {@code
   * coordinate} by its rank r among them, 1 + (bestWeight - 1) / 2^r, for {@link #weight}.
   *
   * @return the best of them (the incumbent), or -1 for none
   */
  int weighByRank(Observations observations, byte[] groups, int coordinate) {
    if (byRank.length < observations.size()) {
      byRank = new double[Math.max(observations.size(), 2 * byRank.length)];
    }
    int best = -1;
    if (observations.pareto()) {
      // the weights ParetoSplit gave; and no incumbent: a front has no one best trial to refine,
      // and narrowing the heaviest one's kernel (an end of the front, as a rule) cost hypervolume
      // on ZDT1 at 300 trials (mean over seeds 0-15, reference (11, 11): 97.9 against 99.8)
      for (int obs : paretoBetter) {
        if (obs < groups.length
            && groups[obs] == BELOW
            && !Double.isNaN(observations.value(obs, coordinate))) {
          byRank[obs] = pareto.weight(obs);
        }
      }
      return -1;
    }
    double extra = bestWeight - 1;
    // the split's own better trials are its first ranked; a branch's (see only) may be any
    int ranks = groups == member ? better : observations.complete();
    for (int i = 0; i < ranks; i++) {
      int obs = observations.ranked(i);
      if (obs < groups.length
          && groups[obs] == BELOW
          && !Double.isNaN(observations.value(obs, coordinate))) {
        best = best < 0 ? obs : best;
        byRank[obs] = 1 + extra;
        extra /= 2;
      }
    }
    return best;
  }

  /** A better observation's weight in l(x), as the last {@link #weighByRank} gave it. */
  double weight(int obs) {
    return byRank[obs];
  }
}
