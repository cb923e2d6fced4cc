package dev.sweep.sampler.search;

import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.OptionalDouble;

/** What an observation counts as in a model-based sampler (TPE, the Gaussian process). */
enum Observed {
  /** Asked, not yet told: with the constant liar, one of the worse trials. */
  PENDING,
  /** Completed with a finite objective: ranked by its loss. */
  COMPLETE,
  /** Pruned, or rejected by a constraint: always among the worse trials. */
  WORSE,
  /** Failed or cancelled: says nothing about its config. */
  IGNORED;

  /** How a told trial counts: complete with a finite objective, pruned, or neither. */
  static Observed of(TrialRecord record, Objective objective) {
    if (record.status() == TrialStatus.COMPLETED && Double.isFinite(loss(record, objective))) {
      return COMPLETE;
    }
    return record.status() == TrialStatus.PRUNED ? WORSE : IGNORED;
  }

  /** The trial's objective as a loss to minimise; NaN without one. */
  static double loss(TrialRecord record, Objective objective) {
    OptionalDouble value = record.metric(objective.metric());
    if (value.isEmpty()) {
      return Double.NaN;
    }
    return objective.maximize() ? -value.getAsDouble() : value.getAsDouble();
  }
}
