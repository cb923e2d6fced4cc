package dev.sweep.samplers;

import dev.sweep.stopping.StoppingRule;
import dev.sweep.trial.Objective;

/**
 * The median stopping rule, as version 0.1 made it.
 *
 * @deprecated use {@link dev.sweep.stopping.rules.MedianStopping}, which this forwards to
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class MedianStopping implements StoppingRule {
  private final dev.sweep.stopping.rules.MedianStopping delegate;

  MedianStopping(dev.sweep.stopping.rules.MedianStopping delegate) {
    this.delegate = delegate;
  }

  /** A copy that waits for {@code n} completed trials before it stops any (default 5). */
  public MedianStopping startupTrials(int n) {
    return new MedianStopping(copy().startupTrials(n).build());
  }

  /** A copy that never stops a trial at a step up to {@code steps} (default 0). */
  public MedianStopping warmupSteps(long steps) {
    return new MedianStopping(copy().warmupSteps(steps).build());
  }

  /** A copy for trials of {@code steps} steps (default: no maximum). */
  public MedianStopping maxSteps(long steps) {
    return new MedianStopping(copy().maxSteps(steps).build());
  }

  private dev.sweep.stopping.rules.MedianStopping.Builder copy() {
    return dev.sweep.stopping.rules.MedianStopping.builder()
        .startupTrials(delegate.startupTrials())
        .warmupSteps(delegate.warmupSteps())
        .maxSteps(delegate.maxSteps());
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
