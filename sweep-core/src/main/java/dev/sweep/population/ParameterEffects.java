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
  /** The seed of the importance's permutations, mixed with the parameter's name. */
  private static final long SEED = 0x5eed_1a9e_0f_5a7eL;

  /** The most distinct values of a number that are grouped by value rather than binned. */
  static final int MAX_VALUES = 10;

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

  /**
   * See {@link Population#parameterImportance()}: every parameter that at least two trials have,
   * largest share first.
   */
  List<Population.ParameterImportance> importance(List<String> params) {
    double[] y = stats.byRow();
    List<Population.ParameterImportance> out = new ArrayList<>();
    for (String param : params) {
      Population.ParameterImportance importance = importance(param, y);
      if (importance != null) {
        out.add(importance);
      }
    }
    out.sort(Comparator.comparingDouble(Population.ParameterImportance::share).reversed());
    return out;
  }

  /**
   * The corrected share of the objective's variance explained by one parameter: grouped by level
   * (or value, for a number with few values), else in about √n quantile bins; null where fewer than
   * two trials have both.
   */
  private Population.ParameterImportance importance(String param, double[] y) {
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
    String grouping = " levels";
    if (xs != null && byValue(xs, n, groups)) {
      // a choice of a few numbers (a grid's values) is grouped as levels are, each value its own
      grouping = " values";
    } else if (xs != null) {
      binned(Arrays.copyOf(xs, n), groups, VarianceShare.binsFor(n));
      grouping = " quantile bins";
    }
    // seeded by the name, so that a parameter's p-value does not depend on the others
    VarianceShare.Result share = VarianceShare.of(groups, ys, n, SEED ^ param.hashCode());
    String method =
        "ε² over "
            + share.groups()
            + grouping
            + ", p from "
            + VarianceShare.PERMUTATIONS
            + " permutations";
    return new Population.ParameterImportance(
        param, share.share(), share.pValue(), n, share.groups(), method);
  }

  /**
   * Puts each of {@code x} into one of {@code count} quantile bins: {@code groups[i]} is the bin of
   * {@code x[i]}. Ties share a bin, so there may be fewer.
   */
  private static void binned(double[] x, int[] groups, int count) {
    double[] edges = ParameterStatistics.quantileEdges(x, count);
    for (int i = 0; i < x.length; i++) {
      groups[i] = ParameterStatistics.binOf(edges, x[i]);
    }
  }

  /**
   * Numbers the first {@code n} of {@code x} by value into {@code groups} if they have at most
   * {@link #MAX_VALUES} distinct values; returns whether they had.
   */
  private static boolean byValue(double[] x, int n, int[] groups) {
    double[] values = new double[MAX_VALUES];
    int count = 0;
    for (int i = 0; i < n; i++) {
      int g = 0;
      while (g < count && Double.compare(values[g], x[i]) != 0) {
        g++;
      }
      if (g == count) {
        if (count == MAX_VALUES) {
          return false;
        }
        values[count++] = x[i];
      }
      groups[i] = g;
    }
    return true;
  }
}
