package dev.sweep.population;

import dev.sweep.internal.Dominance;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pareto fronts and ranks of a population ({@link Population#paretoFront}, {@link
 * Population#paretoRanks}): each completed trial with a finite value of every objective is a point,
 * its objectives minimised ({@link Objectives#minimized}), compared by {@link Dominance}.
 */
final class ParetoFront {
  private static final byte COMPLETED = (byte) TrialStatus.COMPLETED.ordinal();

  private ParetoFront() {}

  /** The completed trials with a finite value of every objective, their points and violations. */
  private record Points(List<TrialRecord> trials, List<double[]> points, List<Double> violation) {}

  private static Points points(TableRows rows, Objectives objectives) {
    Table table = rows.table();
    Points out = new Points(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int row : rows.rows()) {
      if (table.status[row] != COMPLETED) {
        continue;
      }
      TrialRecord record = table.record(row);
      double[] p = objectives.minimized(record);
      if (Arrays.stream(p).noneMatch(Double::isNaN)) { // NaN: missing or not finite
        out.trials().add(record);
        out.points().add(p);
        out.violation().add(objectives.violation(record));
      }
    }
    return out;
  }

  /**
   * The feasible trials that no other feasible trial dominates, in trial order: rank 0 under
   * constrained domination, less the infeasible trials that hold rank 0 when none is feasible.
   * Linear in the trials times the front's size rather than quadratic, so that {@code sweep show
   * --pareto} takes a large sweep: in lexicographic order a point can only be dominated by one
   * before it, and one of those that dominates it is on the front.
   */
  static List<TrialRecord> front(TableRows rows, Objectives objectives) {
    Points all = points(rows, objectives);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < all.trials().size(); i++) {
      if (all.violation().get(i) == 0) {
        order.add(i);
      }
    }
    order.sort((a, b) -> Arrays.compare(all.points().get(a), all.points().get(b)));
    List<Integer> front = new ArrayList<>();
    for (int i : order) {
      double[] p = all.points().get(i);
      if (front.stream().noneMatch(f -> Dominance.dominates(all.points().get(f), p))) {
        front.add(i);
      }
    }
    return front.stream()
        .map(all.trials()::get)
        .sorted(Comparator.comparingLong(TrialRecord::id))
        .toList();
  }

  /** The front's minimised points, as {@link #front} finds its trials. */
  static double[][] frontPoints(TableRows rows, Objectives objectives) {
    return front(rows, objectives).stream().map(objectives::minimized).toArray(double[][]::new);
  }

  /**
   * Each ranked trial's rank by its id, in trial order: {@link Dominance#ranks}, constrained where
   * the objectives have constraints. Quadratic in the trials.
   */
  static Map<Long, Integer> ranks(TableRows rows, Objectives objectives) {
    Points all = points(rows, objectives);
    double[][] pts = all.points().toArray(new double[0][]);
    double[] violation =
        objectives.constraints().isEmpty()
            ? null
            : all.violation().stream().mapToDouble(Double::doubleValue).toArray();
    int[] rank = Dominance.ranks(pts, violation);
    Map<Long, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < rank.length; i++) {
      out.put(all.trials().get(i).id(), rank[i]);
    }
    return Collections.unmodifiableMap(out);
  }
}
