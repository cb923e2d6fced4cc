package dev.sweep.population;

import dev.sweep.trial.TrialRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The rows of a {@link Table} that make one population, in order: filters and splits share the
 * table and keep only row numbers, so a subset of a million trials copies no column.
 *
 * @param table the columns, shared by every population made from one
 * @param rows the table's rows in this population, in order
 * @param all whether {@code rows} is every row of the table, {@code 0..size-1}: the statistics can
 *     then read a column's own array instead of gathering it
 */
// Internal: the rows are shared, never copied, compared or hashed.
@SuppressWarnings("ArrayRecordComponent")
record TableRows(Table table, int[] rows, boolean all) {
  /** Every row of {@code table}. */
  static TableRows whole(Table table) {
    int[] rows = new int[table.size];
    Arrays.setAll(rows, i -> i);
    return new TableRows(table, rows, true);
  }

  /** The rows {@code subRows} of the same table. */
  TableRows subset(int[] subRows) {
    return new TableRows(table, subRows, false);
  }

  int size() {
    return rows.length;
  }

  /** The trial of the population's {@code index}-th row, made from the columns. */
  TrialRecord record(int index) {
    return table.record(rows[index]);
  }

  /**
   * A row's value of a parameter, or of a config path when it is no sampled parameter; null if
   * none.
   */
  Object valueAt(int row, String param) {
    Column c = table.params.get(param);
    if (c != null) {
      return c.get(row);
    }
    Column m = table.metrics.get(param);
    if (m != null) {
      return m.has(row) ? m.number(row) : null;
    }
    return table.record(row).config().get(param).orElse(null);
  }

  /**
   * The names of {@code columns} that some row of this population has a value of, in the table's
   * order.
   */
  List<String> present(Map<String, Column> columns) {
    List<String> out = new ArrayList<>();
    columns.forEach(
        (name, c) -> {
          for (int row : rows) {
            if (c.has(row)) {
              out.add(name);
              return;
            }
          }
        });
    return out;
  }
}
