package dev.sweep.stopping;

import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;

/**
 * A rule that stops unpromising trials early, from the values of the objective's metric they report
 * as they train ({@link dev.sweep.Trial#report}). A stopped trial is recorded {@link
 * TrialStatus#PRUNED} and keeps its curve. The median rule, ASHA and Hyperband are in {@code
 * sweep-samplers} ({@code dev.sweep.stopping.rules.StoppingRules}).
 *
 * <pre>{@code
 * Sweep.builder(space, runner)
 *     .objective(Objective.minimize("loss"))
 *     .stopping(StoppingRules.asha(1, 3))   // looks at each report of "loss"
 *     .build();
 * }</pre>
 *
 * <p>A runner in this JVM sees the decision through {@link dev.sweep.Trial#shouldStop()}; a process
 * gets SIGTERM (then SIGKILL after the grace period) and finds the file {@code $SWEEP_STOP_FILE}; a
 * SLURM job is cancelled.
 *
 * <p>A trial the rule stops at its last report is pruned all the same: the sweep cannot tell a
 * runner that had finished from one that stopped because it was asked to. So a rule that knows the
 * trials' length (ASHA's and the median rule's {@code maxSteps}, Hyperband's) never stops a trial
 * at or beyond it, and a trial that runs its whole budget ends completed.
 */
@FunctionalInterface
public interface StoppingRule {

  /** Starts the rule for one sweep that seeks {@code objective}. */
  Stopper start(Objective objective);

  /** The rule's state within one sweep. Called from the trials' threads, so thread-safe. */
  interface Stopper {
    /**
     * Trial {@code trial} reported {@code value} of the objective's metric at {@code step}.
     *
     * @return whether the trial should stop now
     */
    boolean report(long trial, long step, double value);

    /**
     * Why {@link #report} said stop to {@code trial}: the rung, bracket or band that decided and
     * what it compared, for the trial's record; empty when the rule does not say. Asked right after
     * {@code report} returned true, before {@link #finished}.
     */
    default String why(long trial) {
      return "";
    }

    /**
     * The trial ended with {@code status}: completed trials are what others are measured against.
     */
    default void finished(long trial, TrialStatus status) {}
  }
}
