package dev.sweep.stopping.rules;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sweep.stopping.StoppingRule;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
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
 * stops too. Nothing stops before {@code startupTrials} trials have completed, nor at steps up to
 * {@code warmupSteps}, nor, with {@link Builder#maxSteps(long)}, at the last step or beyond. Create
 * one with {@link StoppingRules#median()}, or with {@link #builder()} to set more.
 */
public final class MedianStopping implements StoppingRule {
  private final int startupTrials;
  private final long warmupSteps;
  private final long maxSteps; // Long.MAX_VALUE: none

  private MedianStopping(Builder b) {
    this.startupTrials = b.startupTrials;
    this.warmupSteps = b.warmupSteps;
    this.maxSteps = b.maxSteps;
  }

  /**
   * A builder of median rules, with the defaults of {@link StoppingRules#median()}: {@code
   * MedianStopping.builder().warmupSteps(3).maxSteps(50).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  public int startupTrials() {
    return startupTrials;
  }

  public long warmupSteps() {
    return warmupSteps;
  }

  /** The trials' length; {@link Long#MAX_VALUE} for none. */
  public long maxSteps() {
    return maxSteps;
  }

  @Override
  public Stopper start(Objective objective) {
    return new ExplainedStopper(objective) {
      private final Map<Long, TreeMap<Long, Double>> curves =
          new HashMap<>(); // running trials' losses
      private final Map<Long, Double> bestSoFar = new HashMap<>(); // running trials' lowest loss
      private final Map<Long, List<Double>> completedAt =
          new HashMap<>(); // step -> completed trials' losses, sorted
      private int completed;

      @Override
      public synchronized boolean report(long trial, long step, double value) {
        double loss =
            Double.isNaN(value) ? Double.POSITIVE_INFINITY : objective.maximize() ? -value : value;
        TreeMap<Long, Double> curve = curves.computeIfAbsent(trial, t -> new TreeMap<>());
        curve.put(step, loss);
        double best = bestSoFar.merge(trial, loss, Math::min);
        if (completed < startupTrials || step <= warmupSteps || step >= maxSteps) {
          return false;
        }
        if (best == Double.POSITIVE_INFINITY) {
          return stop(trial, "every value so far is NaN (or infinitely bad)"); // diverged
        }
        List<Double> others = completedAt.get(step);
        if (others == null || others.isEmpty() || best <= median(others)) {
          return false;
        }
        return stop(
            trial,
            "its best "
                + metric(best)
                + " is worse than "
                + metric(median(others))
                + ", the median of the "
                + others.size()
                + " completed trials at step "
                + step);
      }

      @Override
      public synchronized void finished(long trial, TrialStatus status) {
        TreeMap<Long, Double> curve = curves.remove(trial);
        bestSoFar.remove(trial);
        super.finished(trial, status);
        if (status == TrialStatus.COMPLETED && curve != null) {
          completed++;
          curve.forEach(
              (step, loss) -> {
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
    return "median(startupTrials="
        + startupTrials
        + ", warmupSteps="
        + warmupSteps
        + (maxSteps < Long.MAX_VALUE ? ", maxSteps=" + maxSteps : "")
        + ")";
  }

  /** Builds a {@link MedianStopping}; each setter checks its argument as it comes. */
  public static final class Builder {
    private int startupTrials = 5;
    private long warmupSteps;
    private long maxSteps = Long.MAX_VALUE;

    private Builder() {}

    /**
     * Completed trials to wait for before any trial is stopped (default 5).
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code startupTrials} is negative
     */
    public Builder startupTrials(int startupTrials) {
      checkArgument(startupTrials >= 0, "startupTrials must be >= 0, got %s", startupTrials);
      this.startupTrials = startupTrials;
      return this;
    }

    /**
     * No trial is stopped at a step up to {@code warmupSteps} (default 0).
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code warmupSteps} is negative
     */
    public Builder warmupSteps(long warmupSteps) {
      checkArgument(warmupSteps >= 0, "warmupSteps must be >= 0, got %s", warmupSteps);
      this.warmupSteps = warmupSteps;
      return this;
    }

    /**
     * The trials' length: a trial that reports step {@code maxSteps} or later is never stopped, so
     * one that ran its whole budget ends completed (default: no maximum).
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code maxSteps} is below 1
     */
    public Builder maxSteps(long maxSteps) {
      checkArgument(maxSteps >= 1, "maxSteps must be >= 1, got %s", maxSteps);
      this.maxSteps = maxSteps;
      return this;
    }

    /** The rule; every setting was checked as it was set, and no two of them conflict. */
    public MedianStopping build() {
      return new MedianStopping(this);
    }
  }
}
