package dev.sweep.population;

import java.util.BitSet;
import java.util.List;

/**
 * One column of a population's table, a value (or none) per row, kept in primitive arrays: whole
 * numbers as {@code long}s, other numbers as {@code double}s, anything else (strings, booleans,
 * lists, a column of mixed kinds) as {@code int} codes into a dictionary of its distinct values.
 * Built by {@link ColumnBuilder}; immutable once built.
 */
abstract sealed class Column permits Column.Longs, Column.Doubles, Column.Codes {
  private final BitSet present; // null: every row has a value

  Column(BitSet present) {
    this.present = present;
  }

  boolean has(int row) {
    return present == null || present.get(row);
  }

  /** The row's value as a {@code Long}, {@code Double} or dictionary value; null if it has none. */
  abstract Object get(int row);

  /** Whether every value is a number (so {@link #number} is the value). */
  abstract boolean numeric();

  /**
   * The row's value as a number: NaN where it has none or it is no number (booleans are 0 and 1).
   */
  abstract double number(int row);

  /**
   * The values themselves when every row has one and they are doubles, else null: for loops over
   * every trial.
   */
  double[] doublesIfComplete() {
    return null;
  }

  /** Bytes held, for the population's own accounting (arrays only). */
  abstract long bytes();

  final boolean complete() {
    return present == null;
  }

  final long presenceBytes() {
    return present == null ? 0 : present.size() / 8;
  }

  static final class Longs extends Column {
    private final long[] values;

    Longs(long[] values, BitSet present) {
      super(present);
      this.values = values;
    }

    @Override
    Object get(int row) {
      return has(row) ? values[row] : null;
    }

    @Override
    boolean numeric() {
      return true;
    }

    @Override
    double number(int row) {
      return has(row) ? values[row] : Double.NaN;
    }

    @Override
    long bytes() {
      return 8L * values.length + presenceBytes();
    }
  }

  /** Numbers, some of which may have been whole ({@code wholes}: given as {@code Long}s). */
  static final class Doubles extends Column {
    private final double[] values; // rows 0..size-1, and perhaps room beyond
    private final BitSet wholes; // null: none
    private final boolean finite; // every value is finite
    final double min; // of the values (NaN aside), for statistics that want the range up front
    final double max;

    Doubles(
        double[] values, BitSet present, BitSet wholes, boolean finite, double min, double max) {
      super(present);
      this.values = values;
      this.wholes = wholes;
      this.finite = finite;
      this.min = min;
      this.max = max;
    }

    /**
     * The column's own array, if every row has a finite value: rows 0..size-1 (it may have room
     * beyond, which is no row). Read only.
     */
    double[] finiteValues() {
      return complete() && finite ? values : null;
    }

    @Override
    Object get(int row) {
      if (!has(row)) {
        return null;
      }
      return wholes != null && wholes.get(row) ? (Object) (long) values[row] : (Object) values[row];
    }

    @Override
    boolean numeric() {
      return true;
    }

    @Override
    double number(int row) {
      return has(row) ? values[row] : Double.NaN;
    }

    @Override
    double[] doublesIfComplete() {
      return complete() ? values : null;
    }

    @Override
    long bytes() {
      return 8L * values.length + presenceBytes() + (wholes == null ? 0 : wholes.size() / 8);
    }
  }

  /** Codes into {@code levels}, in order of first appearance; -1 where a row has none. */
  static final class Codes extends Column {
    private final int[] codes;
    private final List<Object> levels;

    Codes(int[] codes, List<Object> levels) {
      super(null);
      this.codes = codes;
      this.levels = List.copyOf(levels);
    }

    @Override
    boolean has(int row) {
      return codes[row] >= 0;
    }

    int code(int row) {
      return codes[row];
    }

    List<Object> levels() {
      return levels;
    }

    @Override
    Object get(int row) {
      int c = codes[row];
      return c < 0 ? null : levels.get(c);
    }

    @Override
    boolean numeric() {
      return levels.stream().allMatch(v -> v instanceof Number);
    }

    @Override
    double number(int row) {
      Object v = get(row);
      return v instanceof Number n
          ? n.doubleValue()
          : v instanceof Boolean b ? (b ? 1 : 0) : Double.NaN;
    }

    @Override
    long bytes() {
      return 4L * codes.length;
    }
  }
}
