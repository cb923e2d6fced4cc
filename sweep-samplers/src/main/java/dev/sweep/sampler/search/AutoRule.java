package dev.sweep.sampler.search;

import java.util.OptionalLong;

/**
 * The rule by which {@link AutoSampler} chooses a sampler: the one place to edit when the benchmark
 * figures move it. It sees the space's {@link SpaceProfile}, the budget when known, the number of
 * objectives and whether the outcome is constrained, and answers an {@link Algorithm} with the
 * reason logged.
 *
 * <p>Chosen on the tuning half of the issue 28 suite alone (sweep-benchmarks' {@code
 * Suite.tuning()}, seeds 1000-1019, 100 and 200 trials; SuiteQuality), each row by the sampler with
 * the lowest median regret in most of its cells (docs/guide/samplers.md has the counts):
 *
 * <ol>
 *   <li>several objectives or outcome constraints: TPE, which is MOTPE (above NSGA-II on all five
 *       of MultiObjectiveTuning's problems at 200 trials, on three at 500);
 *   <li>branches: univariate TPE (its branches split among their own trials; the multivariate one
 *       had the higher regret on both branch problems);
 *   <li>any choice, list or coupled values, or an integer: multivariate TPE (best on the
 *       categorical and integer families);
 *   <li>two or three parameters, every one a float: CMA-ES (at or below multivariate TPE's median
 *       on 11 of 12 two-dimensional BBOB problems at 100 trials and 9 at 200, univariate TPE's on 5
 *       and 10);
 *   <li>four or more floats: multivariate TPE (CMA-ES at or below it on 4 and 3 of 12 five- and
 *       ten-dimensional problems at 100 trials, 5 and 6 at 200);
 *   <li>one parameter, or none: univariate TPE (CMA-ES needs two).
 * </ol>
 *
 * {@link Algorithm#GP} is not chosen: it refuses choices and branches, its ask grows as the cube of
 * the trials, and it was not run on the suite.
 */
final class AutoRule {
  /** The most floats for which CMA-ES is chosen. */
  static final int CMA_ES_MAX_FLOATS = 3;

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

  /** The algorithm chosen and why, in words for the log: {@code "5 parameters (5 floats) ..."}. */
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
      return new Decision(Algorithm.TPE, outcome + ", so MOTPE, " + space + ", " + trials);
    }
    if (profile.branches() > 0) {
      return new Decision(Algorithm.TPE, space + ", " + trials);
    }
    if (!profile.onlyNumeric() || profile.ints() > 0) {
      return new Decision(Algorithm.TPE_MULTIVARIATE, space + ", " + trials);
    }
    if (profile.floats() >= 2 && profile.floats() <= CMA_ES_MAX_FLOATS) {
      return new Decision(Algorithm.CMA_ES, space + ", " + trials);
    }
    if (profile.floats() > CMA_ES_MAX_FLOATS) {
      return new Decision(Algorithm.TPE_MULTIVARIATE, space + ", " + trials);
    }
    return new Decision(Algorithm.TPE, space + ", " + trials);
  }
}
