package dev.sweep.stopping.rules;

/**
 * Makes the early-stopping rules, each with its defaults; each watches the objective's metric in
 * the trials' reports, and the rules' builders set the rest.
 *
 * <pre>{@code
 * Sweep.builder(space, runner).stopping(StoppingRules.asha(1, 3, 27)).build();
 * }</pre>
 */
public final class StoppingRules {
  private StoppingRules() {}

  /**
   * The median rule, which stops nothing before 5 trials have completed and may stop a trial from
   * its first step on; see {@link MedianStopping}, and {@link MedianStopping#builder()} for the
   * warm-up and the trials' length.
   */
  public static MedianStopping median() {
    return MedianStopping.builder().build();
  }

  /**
   * Asynchronous successive halving with rungs at {@code minSteps * reduction^k} and no maximum, so
   * that a trial may be stopped at its last step; see {@link SuccessiveHalving}. Give trials that
   * run a known number of steps {@link #asha(long, int, long)}.
   *
   * @throws IllegalArgumentException if {@code minSteps} is below 1 or {@code reduction} below 2
   */
  public static SuccessiveHalving asha(long minSteps, int reduction) {
    return SuccessiveHalving.builder(minSteps, reduction).build();
  }

  /**
   * Asynchronous successive halving with rungs at {@code minSteps * reduction^k} below {@code
   * maxSteps}, the trials' length: a trial that runs its whole budget is never stopped at its last
   * step. See {@link SuccessiveHalving}.
   *
   * @throws IllegalArgumentException if {@code minSteps} is below 1, {@code reduction} below 2 or
   *     {@code maxSteps} below {@code minSteps}
   */
  public static SuccessiveHalving asha(long minSteps, int reduction, long maxSteps) {
    return SuccessiveHalving.builder(minSteps, reduction).maxSteps(maxSteps).build();
  }

  /**
   * Hyperband over ASHA brackets between {@code minSteps} and {@code maxSteps}; see {@link
   * Hyperband}.
   *
   * @throws IllegalArgumentException unless 1 &le; {@code minSteps} &le; {@code maxSteps} and
   *     {@code reduction} &ge; 2
   */
  public static Hyperband hyperband(long minSteps, long maxSteps, int reduction) {
    return new Hyperband(minSteps, maxSteps, reduction);
  }

  /**
   * W&amp;B's hyperband early termination with bands at {@code minIter * eta^k}; see {@link
   * WandbHyperband}.
   *
   * @throws IllegalArgumentException if {@code minIter} is below 1 or {@code eta} is not a number
   *     above 1
   */
  public static WandbHyperband wandbHyperband(long minIter, double eta, boolean strict) {
    return WandbHyperband.fromMinIter(minIter, eta, strict);
  }

  /**
   * W&amp;B's hyperband early termination with {@code s} bands below {@code maxIter}, the trials'
   * length; see {@link WandbHyperband}.
   *
   * @throws IllegalArgumentException if {@code maxIter} is below 1, {@code s} negative, {@code eta}
   *     not a number above 1, or no band is left
   */
  public static WandbHyperband wandbHyperband(long maxIter, int s, double eta, boolean strict) {
    return WandbHyperband.fromMaxIter(maxIter, s, eta, strict);
  }
}
