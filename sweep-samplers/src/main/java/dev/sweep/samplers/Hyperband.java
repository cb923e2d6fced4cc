package dev.sweep.samplers;

import dev.sweep.stopping.StoppingRule;
import dev.sweep.trial.Objective;

/**
 * Hyperband over asynchronous successive halving, as version 0.1 made it.
 *
 * @deprecated use {@link dev.sweep.stopping.rules.Hyperband}, which this forwards to
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class Hyperband implements StoppingRule {
  private final dev.sweep.stopping.rules.Hyperband delegate;

  Hyperband(dev.sweep.stopping.rules.Hyperband delegate) {
    this.delegate = delegate;
  }

  /** How many brackets this Hyperband runs. */
  public int brackets() {
    return delegate.brackets();
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
