package dev.sweep.stopping.rules;

import dev.sweep.stopping.StoppingRule;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
import java.util.HashMap;
import java.util.Map;

/**
 * A stopper that keeps why it stopped each trial it stopped, until the trial ends: what {@link
 * #why} gives the trial's record. Subclasses synchronize on themselves, as this does.
 */
abstract class ExplainedStopper implements StoppingRule.Stopper {
  final Objective objective;
  private final Map<Long, String> reasons =
      new HashMap<>(); // of stopped trials that have not ended

  ExplainedStopper(Objective objective) {
    this.objective = objective;
  }

  /** Says stop, keeping {@code reason} for {@link #why}. Call it holding this stopper's lock. */
  final boolean stop(long trial, String reason) {
    reasons.put(trial, reason);
    return true;
  }

  /** A loss (lower is better) as the objective's metric reads it, for messages. */
  final double metric(double loss) {
    return objective.maximize() ? 0.0 - loss : loss; // 0.0 - loss: never -0.0
  }

  @Override
  public synchronized String why(long trial) {
    return reasons.getOrDefault(trial, "");
  }

  @Override
  public synchronized void finished(long trial, TrialStatus status) {
    reasons.remove(trial);
  }
}
