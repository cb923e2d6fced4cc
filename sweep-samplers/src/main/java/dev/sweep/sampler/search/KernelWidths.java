package dev.sweep.sampler.search;

/**
 * One group's kernel widths in a {@link JointParzen}: row by row, {@code numeric} per row, with
 * their inverses. Its arrays are reused from one fit to the next.
 */
final class KernelWidths {
  double[] widths = new double[0];
  double[] inverses = new double[0];

  /** Makes room for {@code rows} rows. */
  KernelWidths reset(int rows, int numeric) {
    if (widths.length < rows * numeric) {
      int capacity = Math.max(rows * numeric, 2 * widths.length);
      widths = new double[capacity];
      inverses = new double[capacity];
    }
    return this;
  }

  void set(int at, double width) {
    widths[at] = width;
    inverses[at] = 1 / width;
  }
}
