package dev.sweep.stopping.rules;

import dev.sweep.trial.Objective;
import dev.sweep.stopping.StoppingRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous successive halving (ASHA; Li et al., 2018), as Optuna's SuccessiveHalvingPruner has
 * it. Rungs stand at steps {@code minSteps * reduction^(rate + k)}, k = 0, 1, …; a trial that
 * reaches a rung records its value there and goes on only if it is among the best
 * {@code 1 / reduction} of all values recorded at that rung so far (or the best, while fewer than
 * {@code reduction} trials have reached it). Trials are never held back to wait for others, so
 * workers never idle. With {@link #maxSteps(long)} (Ray's {@code max_t}) no rung stands at or
 * beyond the last step, and a trial that reports a step at or beyond it is never stopped: a trial
 * that ran its whole budget ends completed, not pruned. Create one with
 * {@link StoppingRules#asha(long, int)}.
 */
public final class SuccessiveHalving implements StoppingRule {
  private final long minSteps;
  private final int reduction;
  private final int rate;
  private final long maxSteps; // Long.MAX_VALUE: none

  SuccessiveHalving(long minSteps, int reduction, int rate, long maxSteps) {
    if (minSteps < 1) {
      throw new IllegalArgumentException("minSteps must be >= 1, got " + minSteps);
    }
    if (reduction < 2) {
      throw new IllegalArgumentException("reduction must be >= 2, got " + reduction);
    }
    if (rate < 0) {
      throw new IllegalArgumentException("the minimum early-stopping rate must be >= 0, got " + rate);
    }
    if (maxSteps < minSteps) {
      throw new IllegalArgumentException("maxSteps must be >= minSteps (" + minSteps + "), got " + maxSteps);
    }
    this.minSteps = minSteps;
    this.reduction = reduction;
    this.rate = rate;
    this.maxSteps = maxSteps;
  }

  /**
   * A copy for trials of {@code steps} steps: no rung at or beyond {@code steps}, and a trial that
   * reports step {@code steps} or later is never stopped (default: no maximum, so a trial may be
   * stopped at its last step).
   */
  public SuccessiveHalving maxSteps(long steps) {
    return new SuccessiveHalving(minSteps, reduction, rate, steps);
  }

  @Override
  public Stopper start(Objective objective) {
    return new Rungs(objective);
  }

  /** The rungs of one bracket: Hyperband runs several, with different rates. */
  final class Rungs extends ExplainedStopper {
    private final Map<Long, Integer> rungOf = new HashMap<>(); // the next rung each trial will reach
    private final List<List<Double>> recorded = new ArrayList<>(); // per rung, the losses recorded there

    Rungs(Objective objective) {
      super(objective);
    }

    @Override
    public synchronized boolean report(long trial, long step, double value) {
      double loss = Double.isNaN(value) ? Double.POSITIVE_INFINITY : objective.maximize() ? -value : value;
      int rung = rungOf.getOrDefault(trial, 0);
      while (step >= rungStep(rung) && rungStep(rung) < maxSteps) {
        while (recorded.size() <= rung) {
          recorded.add(new ArrayList<>());
        }
        List<Double> competing = recorded.get(rung);
        competing.add(loss);
        rungOf.put(trial, rung + 1);
        if (!promotable(loss, competing) && step < maxSteps) {
          return stop(trial, why(rung, loss, competing.size()));
        }
        rung++;
      }
      return false;
    }

    /** What decided at {@code rung}, among {@code values} recorded there: for the trial's record. */
    private String why(int rung, double loss, int values) {
      String where = "rung " + rung + " (step " + rungStep(rung) + ")";
      if (loss == Double.POSITIVE_INFINITY) {
        return "NaN (or infinitely bad) at " + where + ", which never goes on";
      }
      int promoted = Math.max(1, values / reduction);
      return (promoted == 1 ? "not the best" : "not among the best 1/" + reduction + " (" + promoted + ")")
          + " of the " + values + " values at " + where;
    }

    private long rungStep(int rung) {
      double step = minSteps * Math.pow(reduction, rate + rung);
      return step >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) step;
    }

    /** Among the best 1 / reduction of the competing values, or the best while there are few. */
    private boolean promotable(double loss, List<Double> competing) {
      if (loss == Double.POSITIVE_INFINITY) {
        return false;
      }
      int better = 0;
      for (double c : competing) {
        better += c < loss ? 1 : 0;
      }
      int promoted = Math.max(1, competing.size() / reduction);
      return better < promoted;
    }
  }

  @Override
  public String toString() {
    return "asha(minSteps=" + minSteps + ", reduction=" + reduction + (rate > 0 ? ", rate=" + rate : "")
        + (maxSteps < Long.MAX_VALUE ? ", maxSteps=" + maxSteps : "") + ")";
  }
}
