package dev.sweep.population;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The combinations of values of some parameters that a population's trials have: {@code keys} in
 * order of first appearance, and for each trial of the population the index of its combination, or
 * -1 if it lacks a value. What {@code split} and {@code groupBy} are made of.
 */
final class Groups {
  /**
   * The most combinations counted in an array indexed by the dictionary codes; more go through a
   * map.
   */
  private static final int MAX_CODED = 1 << 20;

  private final int[] keyOf;
  private final List<List<Object>> keys;

  private Groups(int[] keyOf, List<List<Object>> keys) {
    this.keyOf = keyOf;
    this.keys = keys;
  }

  /**
   * Groups the trials by {@code params}. Over dictionary columns (choices, strings, booleans) a
   * combination is a number computed from the codes, so a million trials make no key objects.
   */
  static Groups of(TableRows rows, List<String> params) {
    List<Column> columns = params.stream().map(rows.table().params::get).toList();
    long combinations = 1;
    for (Column c : columns) {
      combinations =
          c instanceof Column.Codes codes
              ? combinations * Math.max(1, codes.levels().size())
              : Long.MAX_VALUE;
      if (combinations > MAX_CODED) {
        break;
      }
    }
    return combinations <= MAX_CODED
        ? byCodes(rows.rows(), columns.toArray(Column.Codes[]::new), (int) combinations)
        : byValues(rows, params);
  }

  /** Groups by dictionary columns alone: the combination of codes indexes an array. */
  private static Groups byCodes(int[] rows, Column.Codes[] codes, int combinations) {
    int[] keyOf = new int[rows.length];
    List<List<Object>> keys = new ArrayList<>();
    int[] indexOf = new int[combinations];
    Arrays.fill(indexOf, -1);
    for (int i = 0; i < rows.length; i++) {
      int combination = combination(codes, rows[i]);
      if (combination < 0) {
        keyOf[i] = -1;
        continue;
      }
      if (indexOf[combination] < 0) {
        indexOf[combination] = keys.size();
        List<Object> values = new ArrayList<>(codes.length);
        for (Column.Codes c : codes) {
          values.add(c.get(rows[i]));
        }
        keys.add(List.copyOf(values));
      }
      keyOf[i] = indexOf[combination];
    }
    return new Groups(keyOf, keys);
  }

  /**
   * The number of a row's combination of codes (mixed radix, a digit per column); -1 if it lacks
   * one.
   */
  private static int combination(Column.Codes[] codes, int row) {
    int combination = 0;
    for (Column.Codes c : codes) {
      int code = c.code(row);
      if (code < 0) {
        return -1;
      }
      combination = combination * c.levels().size() + code;
    }
    return combination;
  }

  /** Groups by any values (numbers, config paths): each combination is a list, found in a map. */
  private static Groups byValues(TableRows rows, List<String> params) {
    int[] r = rows.rows();
    int[] keyOf = new int[r.length];
    List<List<Object>> keys = new ArrayList<>();
    Map<List<Object>, Integer> indexOf = new HashMap<>();
    for (int i = 0; i < r.length; i++) {
      List<Object> key = key(rows, r[i], params);
      if (key == null) {
        keyOf[i] = -1;
        continue;
      }
      Integer index = indexOf.get(key);
      if (index == null) {
        index = keys.size();
        indexOf.put(key, index);
        keys.add(key);
      }
      keyOf[i] = index;
    }
    return new Groups(keyOf, keys);
  }

  /** A row's values of {@code params}; null if it lacks one. */
  private static List<Object> key(TableRows rows, int row, List<String> params) {
    List<Object> key = new ArrayList<>(params.size());
    for (String param : params) {
      Object v = rows.valueAt(row, param);
      if (v == null) {
        return null;
      }
      key.add(v);
    }
    return List.copyOf(key);
  }

  /** The combinations, in order of first appearance. */
  List<List<Object>> keys() {
    return keys;
  }

  /** For each combination, the table rows of the trials that have it, in population order. */
  int[][] members(int[] rows) {
    int[] counts = new int[keys.size()];
    for (int k : keyOf) {
      if (k >= 0) {
        counts[k]++;
      }
    }
    int[][] members = new int[counts.length][];
    for (int k = 0; k < counts.length; k++) {
      members[k] = new int[counts[k]];
    }
    int[] filled = new int[counts.length];
    for (int i = 0; i < rows.length; i++) {
      int k = keyOf[i];
      if (k >= 0) {
        members[k][filled[k]++] = rows[i];
      }
    }
    return members;
  }

  /**
   * For each combination, the summary of {@code y} (by population row, NaN: none) over its trials.
   */
  Summary[] summaries(double[] y) {
    Summary.Accumulator[] acc = new Summary.Accumulator[keys.size()];
    Arrays.setAll(acc, k -> new Summary.Accumulator());
    for (int i = 0; i < keyOf.length; i++) {
      int k = keyOf[i];
      if (k >= 0 && !Double.isNaN(y[i])) {
        acc[k].add(y[i]);
      }
    }
    Summary[] out = new Summary[acc.length];
    Arrays.setAll(out, k -> acc[k].summary());
    return out;
  }
}
