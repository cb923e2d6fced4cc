package dev.sweep.stopping.rules;

/**
 * The early-stopping rules. Each watches the objective's metric in the trials' reports.
 *
 * <pre>{@code
 * Sweep.builder(space, runner).stopping(StoppingRules.median()).build();
 * Sweep.builder(space, runner).stopping(StoppingRules.asha(1, 3).maxSteps(27)).build();
 * Sweep.builder(space, runner).stopping(StoppingRules.hyperband(1, 81, 3)).build();
 * }</pre>
 */
public final class StoppingRules {
  private StoppingRules() {}

  /** The median rule after 5 completed trials, from the first step; see {@link MedianStopping}. */
  public static MedianStopping median() {
    return new MedianStopping(5, 0, Long.MAX_VALUE);
  }

  /**
   * Asynchronous successive halving with rungs at {@code minSteps * reduction^k}; give it the
   * trials' length with {@link SuccessiveHalving#maxSteps(long)}, so that a trial that runs its
   * whole budget is never stopped at its last step. See {@link SuccessiveHalving}.
   */
  public static SuccessiveHalving asha(long minSteps, int reduction) {
    return new SuccessiveHalving(minSteps, reduction, 0, Long.MAX_VALUE);
  }

  /** Hyperband over ASHA brackets between {@code minSteps} and {@code maxSteps}; see {@link Hyperband}. */
  public static Hyperband hyperband(long minSteps, long maxSteps, int reduction) {
    return new Hyperband(minSteps, maxSteps, reduction);
  }

  /** W&B's hyperband early termination with bands at {@code minIter * eta^k}; see {@link WandbHyperband}. */
  public static WandbHyperband wandbHyperband(long minIter, double eta, boolean strict) {
    return WandbHyperband.fromMinIter(minIter, eta, strict);
  }

  /** W&B's hyperband early termination with {@code s} bands below {@code maxIter}; see {@link WandbHyperband}. */
  public static WandbHyperband wandbHyperband(long maxIter, int s, double eta, boolean strict) {
    return WandbHyperband.fromMaxIter(maxIter, s, eta, strict);
  }
}
