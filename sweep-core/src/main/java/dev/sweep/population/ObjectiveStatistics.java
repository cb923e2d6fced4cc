package dev.sweep.population;

import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.Arrays;
import java.util.List;

/**
 * The objective of a population's trials, read from the table once and kept: by row (for the
 * group-bys and the parameters), as the finite values (for the summary), as the {@link Edf}, and
 * ranked (best and worst). One per population; thread-safe, since what it makes on first use is
 * never changed after and published through volatile fields.
 */
final class ObjectiveStatistics {
  private static final byte COMPLETED = (byte) TrialStatus.COMPLETED.ordinal();

  private final Objective objective;
  private final TableRows rows;
  private volatile double[] byRow; // made on first use: see byRow(); may be longer than rows
  private volatile boolean allFinite; // byRow has no NaN: every trial has a finite objective
  private volatile Edf edf; // made on first use

  ObjectiveStatistics(Objective objective, TableRows rows) {
    this.objective = objective;
    this.rows = rows;
  }

  /**
   * The objective of each trial of this population, in order: NaN where it did not complete or its
   * objective is not finite. Made once, in one pass over the column; the statistics of the
   * objective read it instead of the table.
   */
  double[] byRow() {
    double[] y = byRow;
    if (y == null) {
      y = columnIfAllFinite();
      if (y != null) {
        allFinite = true;
      } else {
        y = new double[rows.size()];
        fill(y, null);
      }
      byRow = y;
    }
    return y;
  }

  /** Whether every trial has a finite objective; known once {@link #byRow()} has been called. */
  boolean allFinite() {
    return allFinite;
  }

  /**
   * The objective column's own array (never written to; it may be longer than the population), when
   * it is the objective of every trial: the whole table, every trial completed, every value finite;
   * else null.
   */
  private double[] columnIfAllFinite() {
    Table table = rows.table();
    return rows.all()
            && table.allCompleted
            && table.metrics.get(objective.metric()) instanceof Column.Doubles d
        ? d.finiteValues()
        : null;
  }

  /**
   * Fills {@code y} with the objective of each trial (NaN where none) and, if {@code finite} is not
   * null, packs the finite ones into it too, in the same pass; returns how many there are.
   */
  private int fill(double[] y, double[] finite) {
    Table table = rows.table();
    int[] r = rows.rows();
    Column column = table.metrics.get(objective.metric());
    double[] direct = column == null ? null : column.doublesIfComplete();
    byte[] status = table.status;
    int n = 0;
    for (int i = 0; i < r.length; i++) {
      int row = r[i];
      double v =
          column == null || status[row] != COMPLETED
              ? Double.NaN
              : direct != null ? direct[row] : column.number(row);
      if (Double.isFinite(v)) {
        y[i] = v;
        if (finite != null) {
          finite[n] = v;
        }
        n++;
      } else {
        y[i] = Double.NaN;
      }
    }
    return n;
  }

  /**
   * The objective of every completed trial with a finite one, in trial order: a copy of the
   * caller's own.
   */
  double[] values() {
    int size = rows.size();
    double[] y = byRow;
    if (y == null) {
      double[] all = columnIfAllFinite();
      if (all != null) {
        byRow = all;
        allFinite = true;
        return Arrays.copyOf(all, size);
      }
      y = new double[size]; // the first statistic of the objective: both in one pass
      double[] out = new double[size];
      int n = fill(y, out);
      byRow = y;
      return n == out.length ? out : Arrays.copyOf(out, n);
    }
    if (allFinite) {
      return Arrays.copyOf(y, size);
    }
    double[] out = new double[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (!Double.isNaN(y[i])) {
        out[n++] = y[i];
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  Edf edf() {
    Edf e = edf;
    if (e == null) {
      double[] y = byRow();
      // the EDF never writes to its values: where they are all the trials' objectives, it shares
      // them
      if (allFinite && rows.table().metrics.get(objective.metric()) instanceof Column.Doubles d) {
        e = new Edf(y, rows.size(), d.min, d.max);
      } else {
        e = new Edf(values());
      }
      edf = e;
    }
    return e;
  }

  /**
   * The {@code k} completed trials of smallest {@code sign * objective}, in that order, then by id.
   *
   * @throws IllegalArgumentException if {@code k} is negative
   */
  List<TrialRecord> ranked(int k, double sign) {
    if (k < 0) {
      throw new IllegalArgumentException("top and bottom need k >= 0, got " + k);
    }
    if (k == 0) {
      return List.of();
    }
    double[] y = byRow();
    int[] r = rows.rows();
    long[] ids = rows.table().ids;
    TopRows top =
        new TopRows(
            Math.min(k, r.length),
            (a, b) -> {
              int c = Double.compare(sign * y[a], sign * y[b]);
              return c != 0 ? c : Long.compare(ids[r[a]], ids[r[b]]);
            });
    // most trials lose to the k-th best so far at a glance: only the others reach the heap
    double worstKept = Double.POSITIVE_INFINITY;
    int kept = 0;
    for (int i = 0; i < r.length; i++) {
      double key = sign * y[i];
      if (key <= worstKept) { // false for NaN
        top.offer(i);
        if (++kept >= k) {
          worstKept = sign * y[top.worst()];
        }
      }
    }
    return Arrays.stream(top.sorted()).mapToObj(rows::record).toList();
  }
}
