package dev.sweep.samplers;

import dev.sweep.stopping.StoppingRule;
import dev.sweep.trial.Objective;
import java.util.List;

/**
 * W&amp;B's hyperband early termination, as version 0.1 made it.
 *
 * @deprecated use {@link dev.sweep.stopping.rules.WandbHyperband}, which this forwards to
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class WandbHyperband implements StoppingRule {
  private final dev.sweep.stopping.rules.WandbHyperband delegate;

  WandbHyperband(dev.sweep.stopping.rules.WandbHyperband delegate) {
    this.delegate = delegate;
  }

  /** The iterations where trials are compared. */
  public List<Long> bands() {
    return delegate.bands();
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
