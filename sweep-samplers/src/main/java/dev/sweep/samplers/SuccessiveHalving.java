package dev.sweep.samplers;

import dev.sweep.population.Objective;
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
 * workers never idle. Create one with {@link StoppingRules#asha(long, int)}.
 */
public final class SuccessiveHalving implements StoppingRule {
  private final long minSteps;
  private final int reduction;
  private final int rate;

  SuccessiveHalving(long minSteps, int reduction, int rate) {
    if (minSteps < 1) {
      throw new IllegalArgumentException("minSteps must be >= 1, got " + minSteps);
    }
    if (reduction < 2) {
      throw new IllegalArgumentException("reduction must be >= 2, got " + reduction);
    }
    if (rate < 0) {
      throw new IllegalArgumentException("the minimum early-stopping rate must be >= 0, got " + rate);
    }
    this.minSteps = minSteps;
    this.reduction = reduction;
    this.rate = rate;
  }

  @Override
  public Stopper start(Objective objective) {
    return new Rungs(objective);
  }

  /** The rungs of one bracket: Hyperband runs several, with different rates. */
  final class Rungs implements Stopper {
    private final Objective objective;
    private final Map<Long, Integer> rungOf = new HashMap<>(); // the next rung each trial will reach
    private final List<List<Double>> recorded = new ArrayList<>(); // per rung, the losses recorded there

    Rungs(Objective objective) {
      this.objective = objective;
    }

    @Override
    public synchronized boolean report(long trial, long step, double value) {
      double loss = Double.isNaN(value) ? Double.POSITIVE_INFINITY : objective.maximize() ? -value : value;
      int rung = rungOf.getOrDefault(trial, 0);
      while (step >= rungStep(rung)) {
        while (recorded.size() <= rung) {
          recorded.add(new ArrayList<>());
        }
        List<Double> competing = recorded.get(rung);
        competing.add(loss);
        rungOf.put(trial, ++rung);
        if (!promotable(loss, competing)) {
          return true;
        }
      }
      return false;
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
    return "asha(minSteps=" + minSteps + ", reduction=" + reduction + (rate > 0 ? ", rate=" + rate : "") + ")";
  }
}
