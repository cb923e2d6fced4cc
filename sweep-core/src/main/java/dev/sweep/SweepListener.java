package dev.sweep;

import dev.sweep.population.Population;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;

/**
 * Receives a sweep's events. For each trial the events come in the order started, reported (any
 * number), threw (if its runner threw), finished, on the thread that runs the trial; {@link
 * #sweepFinished} comes last, on the thread that called {@link Sweep#run()}. An exception thrown
 * here is logged and never fails the sweep.
 *
 * <pre>{@code
 * SweepListener progress = new SweepListener() {
 *   public void trialFinished(TrialRecord t) {
 *     System.out.printf("%d %s %s%n", t.id(), t.status(), t.metrics());
 *   }
 * };
 * }</pre>
 */
public interface SweepListener {
  /** A listener that ignores everything. */
  SweepListener NONE = new SweepListener() {};

  default void trialStarted(Trial trial) {}

  default void trialReported(Trial trial, CurvePoint point) {}

  /**
   * The runner threw {@code thrown} on trial {@code id}'s last attempt: for a listener that shows
   * the failure with its stack trace (the record has only its text). Comes just before {@link
   * #trialFinished}.
   */
  default void trialThrew(long id, Throwable thrown) {}

  default void trialFinished(TrialRecord record) {}

  default void sweepFinished(Population population) {}
}
