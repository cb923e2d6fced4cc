package dev.sweep.sampler.search;

import java.util.OptionalLong;

/**
 * The rule by which {@link AutoSampler} chooses a sampler: the one place to edit when the benchmark
 * figures (docs/benchmarks.md, the issue 28 suite) move it. It sees the space's {@link
 * SpaceProfile}, the budget when known, the number of objectives and whether the outcome is
 * constrained, and answers an {@link Algorithm} with the reason logged.
 *
 * <p>The rule, provisional until the suite's figures are in:
 *
 * <ol>
 *   <li>several objectives or outcome constraints: TPE (MOTPE), or NSGA-II where the budget is
 *       known and at least {@value #NSGA2_BUDGET};
 *   <li>any choice, list, branch or coupled values: multivariate TPE;
 *   <li>at least {@value #CMA_ES_DIMENSIONS} parameters, every one a float or an integer: CMA-ES;
 *   <li>otherwise (one numeric parameter, or none): univariate TPE.
 * </ol>
 *
 * {@link Algorithm#GP} is never chosen yet: it is slow beyond a few hundred trials and refuses
 * choices and branches.
 */
final class AutoRule {
  /** The budget from which NSGA-II searches a Pareto front rather than MOTPE. */
  static final long NSGA2_BUDGET = 1000;

  /** The fewest parameters that CMA-ES searches (with one, TPE is ahead). */
  static final int CMA_ES_DIMENSIONS = 2;

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
      if (budget.isPresent() && budget.getAsLong() >= NSGA2_BUDGET) {
        return new Decision(Algorithm.NSGA2, outcome + ", " + space + ", " + trials);
      }
      return new Decision(Algorithm.TPE, outcome + ", so MOTPE, " + space + ", " + trials);
    }
    if (!profile.onlyNumeric()) {
      return new Decision(Algorithm.TPE_MULTIVARIATE, space + ", " + trials);
    }
    if (profile.numeric() >= CMA_ES_DIMENSIONS) {
      return new Decision(Algorithm.CMA_ES, space + ", " + trials);
    }
    return new Decision(Algorithm.TPE, space + ", " + trials);
  }
}
