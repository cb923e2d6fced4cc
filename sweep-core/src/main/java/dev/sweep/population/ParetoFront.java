package dev.sweep.population;

import dev.sweep.internal.Dominance;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pareto ranks of a population over several objectives ({@link Population#paretoFront}, {@link
 * Population#paretoRanks}): each completed trial with a finite value of every objective is a point,
 * its objectives minimised ({@link Objectives#minimised}), ranked by {@link Dominance#ranks} under
 * the objectives' constraints. Sorting is quadratic in the trials; the front is what people ask
 * for, a few thousand trials at most. Immutable: its arrays are never written after it is made.
 */
final class ParetoFront {
  private static final byte COMPLETED = (byte) TrialStatus.COMPLETED.ordinal();

  private final List<TrialRecord> trials; // the ranked trials, in trial order
  private final double[][] points; // each ranked trial's minimised objectives
  private final int[] rank;
  private final boolean[] feasible; // whether each keeps every constraint

  private ParetoFront(List<TrialRecord> trials, double[][] points, int[] rank, boolean[] feasible) {
    this.trials = trials;
    this.points = points;
    this.rank = rank;
    this.feasible = feasible;
  }

  /** The completed trials of {@code rows} with a finite value of every objective, ranked. */
  static ParetoFront of(TableRows rows, Objectives objectives) {
    Table table = rows.table();
    List<TrialRecord> trials = new ArrayList<>();
    List<double[]> points = new ArrayList<>();
    List<Double> violations = new ArrayList<>();
    for (int row : rows.rows()) {
      if (table.status[row] != COMPLETED) {
        continue;
      }
      TrialRecord record = table.record(row);
      double[] p = objectives.minimised(record);
      boolean finite = true;
      for (double v : p) {
        finite &= !Double.isNaN(v); // minimised() gives NaN for a missing or non-finite value
      }
      if (finite) {
        trials.add(record);
        points.add(p);
        violations.add(objectives.violation(record));
      }
    }
    double[][] pts = points.toArray(new double[0][]);
    double[] violation = violations.stream().mapToDouble(Double::doubleValue).toArray();
    boolean constrained = !objectives.constraints().isEmpty();
    int[] rank = Dominance.ranks(pts, constrained ? violation : null);
    boolean[] feasible = new boolean[pts.length];
    for (int i = 0; i < pts.length; i++) {
      feasible[i] = violation[i] == 0;
    }
    return new ParetoFront(trials, pts, rank, feasible);
  }

  /**
   * The front: the feasible trials of rank 0, in trial order. Where none is feasible, rank 0 holds
   * the least infeasible trials, which are no answer: then the front is empty.
   */
  List<TrialRecord> front() {
    List<TrialRecord> front = new ArrayList<>();
    for (int i = 0; i < rank.length; i++) {
      if (rank[i] == 0 && feasible[i]) {
        front.add(trials.get(i));
      }
    }
    return front;
  }

  /** The front's minimised points, as {@link #front()} lists its trials. */
  double[][] frontPoints() {
    List<double[]> front = new ArrayList<>();
    for (int i = 0; i < rank.length; i++) {
      if (rank[i] == 0 && feasible[i]) {
        front.add(points[i]);
      }
    }
    return front.toArray(new double[0][]);
  }

  /** Each ranked trial's rank by its id, in trial order. */
  Map<Long, Integer> ranks() {
    Map<Long, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < rank.length; i++) {
      out.put(trials.get(i).id(), rank[i]);
    }
    return Collections.unmodifiableMap(out);
  }
}
