package dev.sweep.sampler.search;

import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
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

  /**
   * How a told trial counts when it seeks several objectives: complete with a finite value of each,
   * pruned, or neither. A complete trial may still break a constraint on the outcome.
   */
  static Observed of(TrialRecord record, double[] minimised) {
    if (record.status() == TrialStatus.COMPLETED) {
      boolean finite = true;
      for (double v : minimised) {
        finite &= Double.isFinite(v);
      }
      if (finite) {
        return COMPLETE;
      }
    }
    return record.status() == TrialStatus.PRUNED ? WORSE : IGNORED;
  }

  /**
   * Whether {@code objectives} call for the Pareto split: several, or constraints on the outcome.
   */
  static boolean pareto(Objectives objectives) {
    return objectives.several() || !objectives.constraints().isEmpty();
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
