package dev.sweep.stopping.rules;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sweep.stopping.StoppingRule;
import dev.sweep.trial.Objective;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * W&amp;B's {@code early_terminate: {type: hyperband}}, as its sweeps library computes it. A
 * trial's iteration is how many finite values of the metric it has reported (steps are not used).
 * Bands stand at iterations {@code floor(min_iter * eta^k)}, or, from {@code max_iter} and {@code
 * s}, at {@code floor(max_iter / eta^k)} for k = 1..s while at least 1. At band b the threshold is
 * the value at index {@code floor(len / eta)} of the sorted b-th values of every trial that got
 * that far, finished or not. A running trial stops when its best value so far (with {@code strict},
 * its value at the last band it passed) is worse than that band's threshold. Given {@code
 * max_iter}, a trial that reports its {@code max_iter}-th value or later is never stopped: it ran
 * its whole budget, and ends completed. Create one with {@link StoppingRules#wandbHyperband(long,
 * double, boolean)} or {@link StoppingRules#wandbHyperband(long, int, double, boolean)}.
 */
public final class WandbHyperband implements StoppingRule {
  private final List<Long> bands;
  private final double eta;
  private final boolean strict;
  private final long maxIter; // Long.MAX_VALUE: none
  private final String origin; // "min_iter 3" or "max_iter 27, s 2": what the bands came from

  WandbHyperband(List<Long> bands, double eta, boolean strict, long maxIter, String origin) {
    checkArgument(eta > 1 && Double.isFinite(eta), "eta must be a number > 1, got %s", eta);
    if (bands.isEmpty()) {
      throw new IllegalArgumentException(
          "no band: max_iter / eta is below 1; raise max_iter or lower eta");
    }
    this.bands = List.copyOf(bands);
    this.eta = eta;
    this.strict = strict;
    this.maxIter = maxIter;
    this.origin = origin;
  }

  static WandbHyperband fromMinIter(long minIter, double eta, boolean strict) {
    checkArgument(minIter >= 1, "min_iter must be >= 1, got %s", minIter);
    List<Long> bands = new ArrayList<>();
    for (int k = 0; k < 100; k++) {
      double band = minIter * Math.pow(eta, k);
      if (band > Long.MAX_VALUE / 2.0) {
        break;
      }
      if (bands.isEmpty() || (long) band != bands.get(bands.size() - 1)) {
        bands.add((long) band);
      }
    }
    return new WandbHyperband(bands, eta, strict, Long.MAX_VALUE, "min_iter " + minIter);
  }

  static WandbHyperband fromMaxIter(long maxIter, int s, double eta, boolean strict) {
    if (maxIter < 1 || s < 0) {
      throw new IllegalArgumentException(
          "max_iter must be >= 1 and s >= 0, got max_iter " + maxIter + ", s " + s);
    }
    List<Long> bands = new ArrayList<>();
    double band = maxIter;
    for (int k = 0; k < s; k++) {
      band /= eta;
      if (band < 1) {
        break;
      }
      bands.add((long) band);
    }
    Collections.sort(bands);
    return new WandbHyperband(bands, eta, strict, maxIter, "max_iter " + maxIter + ", s " + s);
  }

  /** The iterations where trials are compared. */
  public List<Long> bands() {
    return bands;
  }

  @Override
  public Stopper start(Objective objective) {
    return new ExplainedStopper(objective) {
      private final Map<Long, List<Double>> histories = new HashMap<>(); // losses: lower is better
      private final Map<Long, Double> best = new HashMap<>(); // each trial's lowest loss so far
      private final List<List<Double>> atBand = new ArrayList<>(); // per band, sorted

      @Override
      public synchronized boolean report(long trial, long step, double value) {
        if (!Double.isFinite(value)) {
          return false; // W&B counts only finite values as iterations
        }
        List<Double> history = histories.computeIfAbsent(trial, t -> new ArrayList<>());
        double loss = objective.maximize() ? -value : value;
        history.add(loss);
        double lowest = best.merge(trial, loss, Math::min);
        int n = history.size();
        int band = -1;
        for (int b = 0; b < bands.size() && bands.get(b) <= n; b++) {
          band = b;
          if (bands.get(b) == n) {
            insert(b, history.get(n - 1));
          }
        }
        if (band < 0 || n >= maxIter) {
          return false;
        }
        List<Double> values = atBand.get(band);
        double threshold = values.get((int) (values.size() / eta));
        double mine = strict ? history.get((int) (long) bands.get(band) - 1) : lowest;
        if (mine <= threshold) {
          return false;
        }
        String where = "band " + band + " (iteration " + bands.get(band) + ")";
        return stop(
            trial,
            strict
                ? "its value "
                    + metric(mine)
                    + " at "
                    + where
                    + " is worse than "
                    + metric(threshold)
                    + ", the threshold of the "
                    + values.size()
                    + " values there"
                : "its best so far, "
                    + metric(mine)
                    + ", is worse than "
                    + metric(threshold)
                    + ", the threshold of the "
                    + values.size()
                    + " values at "
                    + where);
      }

      private void insert(int band, double value) {
        while (atBand.size() <= band) {
          atBand.add(new ArrayList<>());
        }
        List<Double> values = atBand.get(band);
        int at = Collections.binarySearch(values, value);
        values.add(at < 0 ? -at - 1 : at, value);
      }
    };
  }

  @Override
  public String toString() {
    return "wandbHyperband(" + origin + ", eta " + eta + (strict ? ", strict" : "") + ")";
  }
}
