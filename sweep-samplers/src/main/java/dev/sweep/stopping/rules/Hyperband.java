package dev.sweep.stopping.rules;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sweep.stopping.StoppingRule;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Hyperband (Li et al., 2017) over asynchronous successive halving, as Optuna's HyperbandPruner has
 * it: {@code floor(log_reduction(maxSteps / minSteps)) + 1} brackets, bracket {@code b} halving
 * from step {@code minSteps * reduction^b} on, so that the most aggressive bracket stops trials
 * after {@code minSteps} and the most patient lets them run long. Each trial joins one bracket,
 * chosen from its id, in proportion to Hyperband's budget for the bracket, and competes only with
 * the trials of its bracket. No rung stands at or beyond {@code maxSteps}, and a trial that reports
 * step {@code maxSteps} or later is never stopped (so the most patient bracket, whose first rung
 * would be {@code maxSteps}, runs its trials to the end, as Hyperband's last bracket does). Create
 * one with {@link StoppingRules#hyperband}.
 */
public final class Hyperband implements StoppingRule {
  private final long minSteps;
  private final long maxSteps;
  private final int reduction;
  private final int brackets;
  private final long[] cumulativeBudget;

  Hyperband(long minSteps, long maxSteps, int reduction) {
    if (minSteps < 1 || maxSteps < minSteps) {
      throw new IllegalArgumentException(
          "hyperband needs 1 <= minSteps <= maxSteps, got minSteps "
              + minSteps
              + ", maxSteps "
              + maxSteps);
    }
    checkArgument(reduction >= 2, "reduction must be >= 2, got %s", reduction);
    this.minSteps = minSteps;
    this.maxSteps = maxSteps;
    this.reduction = reduction;
    int n = 1;
    while (minSteps * Math.pow(reduction, n) <= maxSteps) {
      n++;
    }
    this.brackets = n;
    this.cumulativeBudget = new long[n];
    long total = 0;
    for (int b = 0; b < n; b++) {
      int s = n - 1 - b;
      total += (long) Math.ceil(n * Math.pow(reduction, s) / (s + 1));
      cumulativeBudget[b] = total;
    }
  }

  /** How many brackets this Hyperband runs. */
  public int brackets() {
    return brackets;
  }

  /** The bracket trial {@code id} joins: a hash of the id over the brackets' budgets. */
  int bracketOf(long id) {
    long z = id * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    long slot = Long.remainderUnsigned(z ^ (z >>> 31), cumulativeBudget[brackets - 1]);
    int b = 0;
    while (slot >= cumulativeBudget[b]) {
      b++;
    }
    return b;
  }

  @Override
  public Stopper start(Objective objective) {
    List<Stopper> rungs = new ArrayList<>();
    for (int b = 0; b < brackets; b++) {
      rungs.add(new SuccessiveHalving(minSteps, reduction, b, maxSteps).start(objective));
    }
    return new Stopper() {
      @Override
      public boolean report(long trial, long step, double value) {
        return rungs.get(bracketOf(trial)).report(trial, step, value);
      }

      @Override
      public String why(long trial) {
        int b = bracketOf(trial);
        String why = rungs.get(b).why(trial);
        return why.isEmpty() ? why : "bracket " + b + " of 0.." + (brackets - 1) + ": " + why;
      }

      @Override
      public void finished(long trial, TrialStatus status) {
        rungs.get(bracketOf(trial)).finished(trial, status);
      }
    };
  }

  @Override
  public String toString() {
    return "hyperband(minSteps="
        + minSteps
        + ", maxSteps="
        + maxSteps
        + ", reduction="
        + reduction
        + ")";
  }
}
