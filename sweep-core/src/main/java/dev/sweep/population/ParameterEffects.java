package dev.sweep.population;

import dev.sweep.trial.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How a population's objective depends on its parameters: the (parameter, objective) pairs that
 * {@link ParameterStatistics} studies, and each parameter's share of the objective's variance
 * ({@link Population#importance()}). Read from the columns, with no record made.
 */
final class ParameterEffects {
  private final Objective objective;
  private final TableRows rows;
  private final ObjectiveStatistics stats;

  ParameterEffects(Objective objective, TableRows rows, ObjectiveStatistics stats) {
    this.objective = objective;
    this.rows = rows;
    this.stats = stats;
  }

  /** See {@link Population#parameter(String)}. */
  ParameterStatistics parameter(String param) {
    double[] y = stats.byRow();
    Column column = rows.table().params.get(param);
    double[] whole = column instanceof Column.Doubles d ? d.finiteValues() : null;
    if (stats.allFinite() && rows.all() && whole != null) {
      // every trial has both: the statistics read the two columns themselves
      return new ParameterStatistics(param, objective, whole, y, rows.size());
    }
    return gathered(param, column, y);
  }

  /**
   * The statistics over the trials that have both a finite objective and the parameter, gathered
   * into arrays.
   */
  private ParameterStatistics gathered(String param, Column column, double[] y) {
    int[] r = rows.rows();
    double[] xs = new double[r.length];
    double[] ys = new double[r.length];
    int n = 0;
    boolean numeric = column != null && column.numeric();
    double[] direct = column == null ? null : column.doublesIfComplete();
    for (int i = 0; i < r.length; i++) {
      if (Double.isNaN(y[i])) {
        continue;
      }
      int row = r[i];
      if (direct != null) {
        xs[n] = direct[row];
      } else if (numeric) {
        if (!column.has(row)) {
          continue;
        }
        xs[n] = column.number(row);
      } else {
        Number x = number(param, column, row);
        if (x == null) {
          continue;
        }
        xs[n] = x.doubleValue();
      }
      ys[n++] = y[i];
    }
    return new ParameterStatistics(
        param,
        objective,
        n == xs.length ? xs : Arrays.copyOf(xs, n),
        n == ys.length ? ys : Arrays.copyOf(ys, n));
  }

  /**
   * A row's value of a parameter that is no numeric column (a config path, a mixed column); null if
   * it has none.
   *
   * @throws IllegalArgumentException if the value is not a number
   */
  private Number number(String param, Column column, int row) {
    Object x = column != null ? column.get(row) : rows.valueAt(row, param);
    if (x == null) {
      return null;
    }
    if (!(x instanceof Number number)) {
      throw new IllegalArgumentException(
          param
              + ": trial "
              + rows.table().ids[row]
              + " has "
              + x
              + ", not a number; "
              + "groupBy(\""
              + param
              + "\") summarises a categorical parameter");
    }
    return number;
  }

  /** See {@link Population#importance()}: every parameter present, largest share first. */
  List<Population.Importance> importance(List<String> params) {
    double[] y = stats.byRow();
    List<Population.Importance> out = new ArrayList<>();
    for (String param : params) {
      Population.Importance importance = importance(param, y);
      if (importance != null) {
        out.add(importance);
      }
    }
    out.sort(Comparator.comparingDouble(Population.Importance::share).reversed());
    return out;
  }

  /**
   * The correlation ratio of the objective grouped by one parameter: by level, or in 10 quantile
   * bins for a numeric one; null where fewer than two trials have both.
   */
  private Population.Importance importance(String param, double[] y) {
    Column column = rows.table().params.get(param);
    int[] r = rows.rows();
    int[] groups = new int[r.length];
    double[] ys = new double[r.length];
    double[] xs = column.numeric() ? new double[r.length] : null;
    int n = 0;
    for (int i = 0; i < r.length; i++) {
      int row = r[i];
      if (Double.isNaN(y[i]) || !column.has(row)) {
        continue;
      }
      if (xs != null) {
        xs[n] = column.number(row);
      } else {
        groups[n] = column instanceof Column.Codes codes ? codes.code(row) : 0;
      }
      ys[n++] = y[i];
    }
    if (n < 2) {
      return null;
    }
    if (xs != null) {
      binned(Arrays.copyOf(xs, n), groups);
    }
    return new Population.Importance(param, correlationRatio(groups, ys, n), n);
  }

  /**
   * Puts each of {@code x} into one of 10 quantile bins: {@code groups[i]} is the bin of {@code
   * x[i]}.
   */
  private static void binned(double[] x, int[] groups) {
    double[] edges = ParameterStatistics.quantileEdges(x, 10);
    for (int i = 0; i < x.length; i++) {
      groups[i] = ParameterStatistics.binOf(edges, x[i]);
    }
  }

  /** η²: the between-group sum of squares of the first {@code n} of {@code ys} over their total. */
  private static double correlationRatio(int[] groups, double[] ys, int n) {
    double mean = 0;
    int groupCount = 0;
    for (int i = 0; i < n; i++) {
      mean += ys[i];
      groupCount = Math.max(groupCount, groups[i] + 1);
    }
    mean /= n;
    double total = 0;
    double[] counts = new double[groupCount];
    double[] sums = new double[groupCount];
    for (int i = 0; i < n; i++) {
      total += (ys[i] - mean) * (ys[i] - mean);
      counts[groups[i]]++;
      sums[groups[i]] += ys[i];
    }
    if (total == 0) {
      return 0;
    }
    double between = 0;
    for (int g = 0; g < groupCount; g++) {
      if (counts[g] > 0) {
        double groupMean = sums[g] / counts[g];
        between += counts[g] * (groupMean - mean) * (groupMean - mean);
      }
    }
    return between / total;
  }
}
