package dev.sweep.population;

import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Pareto front of a population over several objectives ({@link Population#paretoFront}): each
 * completed trial is a point, {@code {row, then each objective, minimised}}, and the front is the
 * points that no other point dominates.
 */
final class ParetoFront {
  private static final byte COMPLETED = (byte) TrialStatus.COMPLETED.ordinal();

  private ParetoFront() {}

  /**
   * The trials on the front, in trial order; none if a metric is no column.
   *
   * @throws IllegalArgumentException if fewer than two objectives are given
   */
  static List<TrialRecord> of(TableRows rows, List<Objective> objectives) {
    if (objectives.size() < 2) {
      throw new IllegalArgumentException(
          "a Pareto front needs two objectives or more, got " + objectives);
    }
    List<Column> columns =
        objectives.stream().map(o -> rows.table().metrics.get(o.metric())).toList();
    if (columns.contains(null)) {
      return List.of();
    }
    List<double[]> candidates = points(rows, objectives, columns);
    candidates.sort(Comparator.comparingDouble(c -> c[1]));
    // Sorted by the first objective, a trial can only be beaten by one before it that is on the
    // front.
    List<double[]> front = new ArrayList<>();
    for (double[] c : candidates) {
      if (front.stream().noneMatch(f -> dominates(f, c))) {
        front.removeIf(f -> dominates(c, f));
        front.add(c);
      }
    }
    Table table = rows.table();
    return front.stream()
        .map(c -> table.record((int) c[0]))
        .sorted(Comparator.comparingLong(TrialRecord::id))
        .toList();
  }

  /**
   * The completed trials whose every objective is finite, as points: maximised objectives negated.
   */
  private static List<double[]> points(
      TableRows rows, List<Objective> objectives, List<Column> columns) {
    byte[] status = rows.table().status;
    int m = objectives.size();
    List<double[]> points = new ArrayList<>();
    for (int row : rows.rows()) {
      if (status[row] != COMPLETED) {
        continue;
      }
      double[] c = new double[m + 1];
      c[0] = row;
      boolean finite = true;
      for (int j = 0; j < m && finite; j++) {
        double v = columns.get(j).number(row);
        finite = Double.isFinite(v);
        c[j + 1] = objectives.get(j).maximize() ? -v : v;
      }
      if (finite) {
        points.add(c);
      }
    }
    return points;
  }

  /**
   * Whether point {@code a} is at least as good as {@code b} on every objective and better on one.
   */
  private static boolean dominates(double[] a, double[] b) {
    boolean better = false;
    for (int j = 1; j < a.length; j++) {
      if (a[j] > b[j]) {
        return false;
      }
      better |= a[j] < b[j];
    }
    return better;
  }
}
