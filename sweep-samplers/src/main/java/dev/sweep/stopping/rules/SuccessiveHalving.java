package dev.sweep.stopping.rules;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sweep.stopping.StoppingRule;
import dev.sweep.trial.Objective;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous successive halving (ASHA; Li et al., 2018), as Optuna's SuccessiveHalvingPruner has
 * it. Rungs stand at steps {@code minSteps * reduction^(rate + k)}, k = 0, 1, …; a trial that
 * reaches a rung records its value there and goes on only if it is among the best {@code 1 /
 * reduction} of all values recorded at that rung so far (or the best, while fewer than {@code
 * reduction} trials have reached it). Trials are never held back to wait for others, so workers
 * never idle. With {@link Builder#maxSteps(long)} (Ray's {@code max_t}) no rung stands at or beyond
 * the last step, and a trial that reports a step at or beyond it is never stopped: a trial that ran
 * its whole budget ends completed, not pruned. Create one with {@link StoppingRules#asha(long,
 * int)}, or with {@link #builder(long, int)} to set the maximum.
 */
public final class SuccessiveHalving implements StoppingRule {
  private final long minSteps;
  private final int reduction;
  private final int rate;
  private final long maxSteps; // Long.MAX_VALUE: none

  /**
   * The rule with its first rung at {@code minSteps * reduction^rate}: {@link Builder#build()}'s
   * rate is 0, {@link Hyperband}'s brackets have the others. The arguments are checked by whoever
   * calls.
   */
  SuccessiveHalving(long minSteps, int reduction, int rate, long maxSteps) {
    this.minSteps = minSteps;
    this.reduction = reduction;
    this.rate = rate;
    this.maxSteps = maxSteps;
  }

  /**
   * A builder of ASHA with rungs at {@code minSteps * reduction^k}: {@code
   * SuccessiveHalving.builder(1, 3).maxSteps(27).build()}.
   *
   * @throws IllegalArgumentException if {@code minSteps} is below 1 or {@code reduction} below 2
   */
  public static Builder builder(long minSteps, int reduction) {
    return new Builder(minSteps, reduction);
  }

  public long minSteps() {
    return minSteps;
  }

  public int reduction() {
    return reduction;
  }

  /** The trials' length; {@link Long#MAX_VALUE} for none. */
  public long maxSteps() {
    return maxSteps;
  }

  @Override
  public Stopper start(Objective objective) {
    return new Rungs(objective);
  }

  /** The rungs of one bracket: Hyperband runs several, with different rates. */
  final class Rungs extends ExplainedStopper {
    private final Map<Long, Integer> rungOf =
        new HashMap<>(); // the next rung each trial will reach
    private final List<List<Double>> recorded =
        new ArrayList<>(); // per rung, the losses recorded there

    Rungs(Objective objective) {
      super(objective);
    }

    @Override
    public synchronized boolean report(long trial, long step, double value) {
      double loss =
          Double.isNaN(value) ? Double.POSITIVE_INFINITY : objective.maximize() ? -value : value;
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

    /**
     * What decided at {@code rung}, among {@code values} recorded there: for the trial's record.
     */
    private String why(int rung, double loss, int values) {
      String where = "rung " + rung + " (step " + rungStep(rung) + ")";
      if (loss == Double.POSITIVE_INFINITY) {
        return "NaN (or infinitely bad) at " + where + ", which never goes on";
      }
      int promoted = Math.max(1, values / reduction);
      return (promoted == 1
              ? "not the best"
              : "not among the best 1/" + reduction + " (" + promoted + ")")
          + " of the "
          + values
          + " values at "
          + where;
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
    return "asha(minSteps="
        + minSteps
        + ", reduction="
        + reduction
        + (rate > 0 ? ", rate=" + rate : "")
        + (maxSteps < Long.MAX_VALUE ? ", maxSteps=" + maxSteps : "")
        + ")";
  }

  /**
   * Builds a {@link SuccessiveHalving}; each setter checks its argument as it comes, and {@link
   * #build()} that the maximum is not below the first rung.
   */
  public static final class Builder {
    private final long minSteps;
    private final int reduction;
    private long maxSteps = Long.MAX_VALUE;

    private Builder(long minSteps, int reduction) {
      checkArgument(minSteps >= 1, "minSteps must be >= 1, got %s", minSteps);
      checkArgument(reduction >= 2, "reduction must be >= 2, got %s", reduction);
      this.minSteps = minSteps;
      this.reduction = reduction;
    }

    /**
     * The trials' length: no rung at or beyond {@code maxSteps}, and a trial that reports step
     * {@code maxSteps} or later is never stopped (default: no maximum, so a trial may be stopped at
     * its last step). Give it, so that a trial that runs its whole budget ends completed.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code maxSteps} is below 1
     */
    public Builder maxSteps(long maxSteps) {
      checkArgument(maxSteps >= 1, "maxSteps must be >= 1, got %s", maxSteps);
      this.maxSteps = maxSteps;
      return this;
    }

    /**
     * The rule.
     *
     * @throws IllegalArgumentException if the maximum is below {@code minSteps}
     */
    public SuccessiveHalving build() {
      if (maxSteps < minSteps) {
        throw new IllegalArgumentException(
            "maxSteps must be >= minSteps (" + minSteps + "), got " + maxSteps);
      }
      return new SuccessiveHalving(minSteps, reduction, 0, maxSteps);
    }
  }
}
