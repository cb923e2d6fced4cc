package dev.sweep.samplers;

import dev.sweep.population.Objective;
import dev.sweep.population.TrialStatus;
import dev.sweep.stopping.StoppingRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The median stopping rule (Google Vizier's, as Optuna's MedianPruner has it): a trial stops at a
 * step when the best value it has reported so far is worse than the median of the values that
 * completed trials reported at that same step; a trial whose every value so far is NaN (diverged)
 * stops too. Nothing stops before {@code startupTrials} trials
 * have completed, nor at steps up to {@code warmupSteps}. Create one with
 * {@link StoppingRules#median()}.
 */
public final class MedianStopping implements StoppingRule {
  private final int startupTrials;
  private final long warmupSteps;

  MedianStopping(int startupTrials, long warmupSteps) {
    if (startupTrials < 0) {
      throw new IllegalArgumentException("startupTrials must be >= 0, got " + startupTrials);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
    }
    this.startupTrials = startupTrials;
    this.warmupSteps = warmupSteps;
  }

  /** A copy that waits for {@code n} completed trials before it stops any (default 5). */
  public MedianStopping startupTrials(int n) {
    return new MedianStopping(n, warmupSteps);
  }

  /** A copy that never stops a trial at a step up to {@code steps} (default 0). */
  public MedianStopping warmupSteps(long steps) {
    return new MedianStopping(startupTrials, steps);
  }

  @Override
  public Stopper start(Objective objective) {
    return new Stopper() {
      private final Map<Long, TreeMap<Long, Double>> curves = new HashMap<>(); // running trials' losses
      private final Map<Long, Double> bestSoFar = new HashMap<>(); // running trials' lowest loss
      private final Map<Long, List<Double>> completedAt = new HashMap<>(); // step -> completed trials' losses, sorted
      private int completed;

      @Override
      public synchronized boolean report(long trial, long step, double value) {
        double loss = Double.isNaN(value) ? Double.POSITIVE_INFINITY : objective.maximize() ? -value : value;
        TreeMap<Long, Double> curve = curves.computeIfAbsent(trial, t -> new TreeMap<>());
        curve.put(step, loss);
        double best = bestSoFar.merge(trial, loss, Math::min);
        if (completed < startupTrials || step <= warmupSteps) {
          return false;
        }
        if (best == Double.POSITIVE_INFINITY) {
          return true; // diverged: NaN or infinite at every step so far
        }
        List<Double> others = completedAt.get(step);
        return others != null && !others.isEmpty() && best > median(others);
      }

      @Override
      public synchronized void finished(long trial, TrialStatus status) {
        TreeMap<Long, Double> curve = curves.remove(trial);
        bestSoFar.remove(trial);
        if (status == TrialStatus.COMPLETED && curve != null) {
          completed++;
          curve.forEach((step, loss) -> {
            List<Double> losses = completedAt.computeIfAbsent(step, s -> new ArrayList<>());
            int at = Collections.binarySearch(losses, loss);
            losses.add(at < 0 ? -at - 1 : at, loss);
          });
        }
      }
    };
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  @Override
  public String toString() {
    return "median(startupTrials=" + startupTrials + ", warmupSteps=" + warmupSteps + ")";
  }
}
