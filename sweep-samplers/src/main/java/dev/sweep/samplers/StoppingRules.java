package dev.sweep.samplers;

/**
 * The early-stopping rules, as version 0.1 made them.
 *
 * @deprecated use {@link dev.sweep.stopping.rules.StoppingRules} in {@code
 *     dev.sweep.stopping.rules}, which makes the same rules: {@code StoppingRules.asha(1, 3)} there
 *     for {@code StoppingRules.asha(1, 3)} here
 */
@Deprecated(since = "0.2", forRemoval = true)
@SuppressWarnings("removal") // returns the deprecated wrappers, so that 0.1's programs compile
public final class StoppingRules {
  private StoppingRules() {}

  /**
   * @deprecated use {@link dev.sweep.stopping.rules.StoppingRules#median()}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public static MedianStopping median() {
    return new MedianStopping(dev.sweep.stopping.rules.StoppingRules.median());
  }

  /**
   * @deprecated use {@link dev.sweep.stopping.rules.StoppingRules#asha(long, int)}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public static SuccessiveHalving asha(long minSteps, int reduction) {
    return new SuccessiveHalving(dev.sweep.stopping.rules.StoppingRules.asha(minSteps, reduction));
  }

  /**
   * @deprecated use {@link dev.sweep.stopping.rules.StoppingRules#hyperband(long, long, int)}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public static Hyperband hyperband(long minSteps, long maxSteps, int reduction) {
    return new Hyperband(
        dev.sweep.stopping.rules.StoppingRules.hyperband(minSteps, maxSteps, reduction));
  }

  /**
   * @deprecated use {@link dev.sweep.stopping.rules.StoppingRules#wandbHyperband(long, double,
   *     boolean)}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public static WandbHyperband wandbHyperband(long minIter, double eta, boolean strict) {
    return new WandbHyperband(
        dev.sweep.stopping.rules.StoppingRules.wandbHyperband(minIter, eta, strict));
  }

  /**
   * @deprecated use {@link dev.sweep.stopping.rules.StoppingRules#wandbHyperband(long, int, double,
   *     boolean)}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public static WandbHyperband wandbHyperband(long maxIter, int s, double eta, boolean strict) {
    return new WandbHyperband(
        dev.sweep.stopping.rules.StoppingRules.wandbHyperband(maxIter, s, eta, strict));
  }
}
