package dev.sweep.samplers;

import dev.sweep.stopping.StoppingRule;
import dev.sweep.trial.Objective;

/**
 * Asynchronous successive halving, as version 0.1 made it.
 *
 * @deprecated use {@link dev.sweep.stopping.rules.SuccessiveHalving}, which this forwards to
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class SuccessiveHalving implements StoppingRule {
  private final dev.sweep.stopping.rules.SuccessiveHalving delegate;

  SuccessiveHalving(dev.sweep.stopping.rules.SuccessiveHalving delegate) {
    this.delegate = delegate;
  }

  /** A copy for trials of {@code steps} steps (default: no maximum). */
  public SuccessiveHalving maxSteps(long steps) {
    return new SuccessiveHalving(
        dev.sweep.stopping.rules.SuccessiveHalving.builder(
                delegate.minSteps(), delegate.reduction())
            .maxSteps(steps)
            .build());
  }

  @Override
  public Stopper start(Objective objective) {
    return delegate.start(objective);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
