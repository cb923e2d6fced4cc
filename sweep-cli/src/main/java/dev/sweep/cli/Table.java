package dev.sweep.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: columns separated by two spaces, numbers right-aligned. */
final class Table {
  private final List<List<String>> rows = new ArrayList<>();
  private final boolean[] right;

  /**
   * A table of {@code header}'s columns, those at {@code rightAligned} (indices) right-aligned.
   *
   * @throws IllegalArgumentException if an index is not a column's, naming it
   */
  Table(List<String> header, int... rightAligned) {
    this.right = new boolean[header.size()];
    for (int i : rightAligned) {
      if (i < 0 || i >= right.length) {
        throw new IllegalArgumentException(
            "right-aligned column " + i + " of a table of " + right.length + " columns");
      }
      right[i] = true;
    }
    rows.add(header);
  }

  /**
   * Adds a row below the others.
   *
   * @throws IllegalArgumentException if the row has not one cell per column, showing it
   */
  void add(List<String> row) {
    if (row.size() != right.length) {
      throw new IllegalArgumentException(
          "a row of " + row.size() + " cells in a table of " + right.length + " columns: " + row);
    }
    rows.add(row);
  }

  /** The table, each line starting with {@code indent}. */
  String render(String indent) {
    int[] width = new int[right.length];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        boolean last = i == row.size() - 1;
        String pad = " ".repeat(width[i] - cell.length());
        line.append(right[i] ? pad + cell : last ? cell : cell + pad);
        if (!last) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
