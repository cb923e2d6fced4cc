package dev.sweep;

import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.OptionalDouble;

/**
 * The objective's value that ends a sweep early once a completed trial reaches it (W&amp;B's {@code
 * metric.target}), or {@link #NONE}, which no trial reaches.
 */
record Target(OptionalDouble value) {
  static final Target NONE = new Target(OptionalDouble.empty());

  static Target of(double value) {
    return new Target(OptionalDouble.of(value));
  }

  /** Whether {@code record} completed with an objective at or beyond this target. */
  boolean reachedBy(TrialRecord record, Objective objective) {
    if (value.isEmpty() || record.status() != TrialStatus.COMPLETED) {
      return false; // the common case, under the run's lock: no lookup
    }
    Double reached = record.metrics().get(objective.metric());
    return reached != null && objective.compare(reached, value.getAsDouble()) <= 0;
  }

  @Override
  public String toString() {
    return value.isPresent() ? Double.toString(value.getAsDouble()) : "none";
  }
}
