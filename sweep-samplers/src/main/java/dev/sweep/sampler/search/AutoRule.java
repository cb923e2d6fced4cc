package dev.sweep.sampler.search;

import java.util.OptionalLong;

/**
 * The rule by which {@link AutoSampler} chooses a sampler: the one place to edit when the benchmark
 * figures move it. It sees the space's {@link SpaceProfile}, the budget when known, the number of
 * objectives and whether the outcome is constrained, and answers an {@link Algorithm} with the
 * reason logged.
 *
 * <p>Chosen on the tuning half of the issue 28 suite alone (sweep-benchmarks' {@code
 * Suite.tuning()}, 47 problems, seeds 1000-1019, 100 and 200 trials; SuiteQuality beside
 * bench/suite_optuna.py), each row by the share of cells where the sampler's median regret is at or
 * below Optuna's default TPE's, and by the worst ratio (docs/guide/samplers.md has the counts):
 *
 * <ol>
 *   <li>several objectives or outcome constraints: TPE, which is MOTPE (above NSGA-II on all five
 *       of MultiObjectiveTuning's problems at 200 trials, on three at 500); multivariate, as with
 *       one objective, where the space has a choice, list, coupled values or an integer and no
 *       branches (MultiObjectiveTuning's mixed2, seeds 100-119: median hypervolume 11.515
 *       univariate, 11.649 multivariate, random search 11.509; its float-only problems lost with
 *       multivariate MOTPE, ZDT4 395.7 to 365.0);
 *   <li>branches: univariate TPE (its branches split among their own trials; 4 of 4 cells);
 *   <li>any choice, list or coupled values, or an integer: multivariate TPE (12 of 12 cells of the
 *       categorical, integer and tabular problems);
 *   <li>two floats or more and nothing else: CMA-ES (2-D 20 of 24 cells, 5-D 16, 10-D 16, noisy 5-D
 *       5 of 6; multivariate TPE had 20 of 24 in 5-D but 14 in 10-D and 1 of 6 noisy, ten times
 *       Optuna's regret there, as the best trial's weight chases noise);
 *   <li>one float, or none: univariate TPE (CMA-ES needs two).
 * </ol>
 *
 * {@link Algorithm#GP} is not chosen: it refuses choices and branches, its ask grows as the cube of
 * the trials, and it was not run on the suite.
 */
final class AutoRule {
  private AutoRule() {}

  /** What the rule can choose. */
  enum Algorithm {
    /** {@link TpeSampler}, univariate: MOTPE with several objectives or constraints. */
    TPE("TPE"),
    /** {@link TpeSampler} with {@code multivariate(true)}. */
    TPE_MULTIVARIATE("multivariate TPE"),
    /** {@link GpSampler}. */
    GP("GP"),
    /** {@link CmaEsSampler}. */
    CMA_ES("CMA-ES"),
    /** {@link Nsga2Sampler}. */
    NSGA2("NSGA-II");

    final String label;

    Algorithm(String label) {
      this.label = label;
    }
  }

  /**
   * The algorithm chosen and why, in words for the log: {@code "3 floats, no choices or branches,
   * budget 200"}.
   */
  record Decision(Algorithm algorithm, String why) {}

  /**
   * The sampler for a space of {@code profile}, a budget of {@code budget} trials (empty when
   * unknown), {@code objectives} objectives and, where {@code constraints}, bounds on the outcome.
   */
  static Decision choose(
      SpaceProfile profile, OptionalLong budget, int objectives, boolean constraints) {
    String space = profile.describe();
    String trials = budget.isPresent() ? "budget " + budget.getAsLong() : "budget unknown";
    if (objectives > 1 || constraints) {
      String outcome =
          (objectives > 1 ? objectives + " objectives" : "1 objective")
              + (constraints ? " with outcome constraints" : "");
      if (profile.branches() == 0 && (!profile.onlyNumeric() || profile.ints() > 0)) {
        return new Decision(
            Algorithm.TPE_MULTIVARIATE,
            outcome + ", so multivariate MOTPE, " + space + ", " + trials);
      }
      return new Decision(Algorithm.TPE, outcome + ", so MOTPE, " + space + ", " + trials);
    }
    if (profile.branches() > 0) {
      return new Decision(Algorithm.TPE, space + ", " + trials);
    }
    if (!profile.onlyNumeric() || profile.ints() > 0) {
      return new Decision(Algorithm.TPE_MULTIVARIATE, space + ", " + trials);
    }
    if (profile.floats() >= 2) {
      return new Decision(Algorithm.CMA_ES, space + ", " + trials);
    }
    return new Decision(Algorithm.TPE, space + ", " + trials);
  }
}
