package dev.sweep.sampler.search;

import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model-based sampler has seen, one observation per trial asked for, adopted or told, and
 * per proposal the constraints rejected: its point in the space's {@link SpaceEncoding}, what it
 * counts as ({@link Observed}) and, once complete, its loss. The complete ones are kept ranked by
 * loss; with the constant liar, pending ones count among the worse.
 */
final class Observations {
  private final SpaceEncoding encoding;
  private final boolean constantLiar;
  private final int width;
  private double[] cells = new double[0]; // the points, row after row
  private final List<Observed> states = new ArrayList<>();
  private double[] loss = new double[64];
  private int[] byLoss = new int[64]; // the complete observations, best first
  private int complete;
  private int worse;
  private int pending;
  private int pruned;
  private final Map<Long, Integer> byTrial = new HashMap<>();
  private final Objectives objectives;
  private final boolean pareto;
  private double[][] outcomes = new double[64][]; // per complete observation, with pareto
  private double[] violation = new double[64];
  private long settled; // tells and learnings so far: what a cached split depends on
  private int lastSettled = -1;

  Observations(SpaceEncoding encoding, boolean constantLiar, Objectives objectives) {
    this.encoding = encoding;
    this.constantLiar = constantLiar;
    this.width = encoding.dimensions();
    this.objectives = objectives;
    this.pareto = Observed.pareto(objectives);
  }

  /**
   * Adds an observation of {@code params} in {@code state}, for trial {@code trial} (-1 for a
   * proposal that is no trial); returns its number.
   */
  int observe(long trial, Map<String, Object> params, Observed state) {
    int obs = states.size();
    if (cells.length < (obs + 1) * width) {
      cells = Arrays.copyOf(cells, Math.max(64 * width, 2 * cells.length));
    }
    System.arraycopy(encoding.encode(params), 0, cells, obs * width, width);
    if (obs == loss.length) {
      loss = Arrays.copyOf(loss, obs * 2);
      outcomes = Arrays.copyOf(outcomes, obs * 2);
      violation = Arrays.copyOf(violation, obs * 2);
    }
    states.add(null);
    set(obs, state);
    if (trial >= 0) {
      byTrial.put(trial, obs);
    }
    return obs;
  }

  /** Learns how a trial ended: a trial never asked for is observed first. */
  void tell(TrialRecord record) {
    Integer at = byTrial.get(record.id());
    settle(at != null ? at : observe(record.id(), record.params(), Observed.PENDING), record);
  }

  /**
   * Learns an earlier sweep's trial, as an observation of no trial of this sweep: its id is the
   * earlier sweep's, and may be one of this sweep's.
   */
  void learn(TrialRecord earlier) {
    settle(observe(-1, earlier.params(), Observed.PENDING), earlier);
  }

  /** Observation {@code obs} ends as {@code record} did. */
  private void settle(int obs, TrialRecord record) {
    unset(obs);
    settled++;
    lastSettled = obs;
    Objective primary = objectives.primary();
    double[] values = pareto ? objectives.minimized(record) : null;
    Observed now = pareto ? Observed.of(record, values) : Observed.of(record, primary);
    if (now == Observed.COMPLETE) {
      loss[obs] = pareto ? values[0] : Observed.loss(record, primary);
      if (pareto) {
        outcomes[obs] = values;
        violation[obs] = objectives.violation(record);
      }
      insertByLoss(obs);
    } else if (now == Observed.WORSE) {
      pruned++;
    }
    set(obs, now);
  }

  private void set(int obs, Observed state) {
    states.set(obs, state);
    switch (state) {
      case PENDING -> pending++;
      case COMPLETE -> complete++;
      case WORSE -> worse++;
      case IGNORED -> {}
    }
  }

  private void unset(int obs) {
    switch (states.get(obs)) {
      case PENDING -> pending--;
      case COMPLETE -> {
        complete--;
        int i = 0;
        while (byLoss[i] != obs) {
          i++;
        }
        System.arraycopy(byLoss, i + 1, byLoss, i, complete - i);
      }
      case WORSE -> worse--;
      case IGNORED -> {}
    }
  }

  private void insertByLoss(int obs) {
    if (complete == byLoss.length) {
      byLoss = Arrays.copyOf(byLoss, byLoss.length * 2);
    }
    double l = loss[obs];
    int lo = 0;
    int hi = complete;
    while (lo < hi) { // after equal losses: the earlier trial ranks first
      int mid = (lo + hi) >>> 1;
      if (loss[byLoss[mid]] <= l) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    System.arraycopy(byLoss, lo, byLoss, lo + 1, complete - lo);
    byLoss[lo] = obs;
  }

  /** The number of observations. */
  int size() {
    return states.size();
  }

  /** Observation {@code obs}'s value in coordinate {@code coordinate}: NaN where it has none. */
  double value(int obs, int coordinate) {
    return cells[obs * width + coordinate];
  }

  /** Observation {@code obs}'s point, a copy. */
  double[] point(int obs) {
    return Arrays.copyOfRange(cells, obs * width, (obs + 1) * width);
  }

  /** Every point, row after row ({@link #row}), to be read in place until the next observation. */
  double[] cells() {
    return cells;
  }

  /** Where observation {@code obs}'s point starts in {@link #cells}. */
  int row(int obs) {
    return obs * width;
  }

  Observed state(int obs) {
    return states.get(obs);
  }

  /** A complete observation's loss (lower is better). */
  double loss(int obs) {
    return loss[obs];
  }

  /**
   * The complete observation of rank {@code rank} (0 for the best; equal losses in order of
   * observation).
   */
  int ranked(int rank) {
    return byLoss[rank];
  }

  /** The number of complete observations. */
  int complete() {
    return complete;
  }

  /** Whether the observations rank by several objectives or constraints ({@link ParetoSplit}). */
  boolean pareto() {
    return pareto;
  }

  /** A complete observation's value of each objective, each to minimise; with {@link #pareto}. */
  double[] outcome(int obs) {
    return outcomes[obs];
  }

  /** A complete observation's violation of the constraints, 0 if feasible; with {@link #pareto}. */
  double violation(int obs) {
    return violation[obs];
  }

  /** How many trials were told or learnt so far: the complete set changes only then. */
  long settled() {
    return settled;
  }

  /** The observation told or learnt last; -1 before any. */
  int lastSettled() {
    return lastSettled;
  }

  /** The number of times a trial was told pruned. */
  int pruned() {
    return pruned;
  }

  /**
   * Whether observation {@code obs} counts among the worse trials: pruned or rejected, or pending
   * with the liar.
   */
  boolean amongWorse(int obs) {
    Observed s = states.get(obs);
    return s == Observed.WORSE || (s == Observed.PENDING && constantLiar);
  }

  /**
   * How many observations a split into better and worse trials considers: the complete ones and
   * those {@linkplain #amongWorse among the worse}.
   */
  int considered() {
    return complete + worse + (constantLiar ? pending : 0);
  }
}
