package dev.sweep.report;

/** Numbers as the page's tables show them. */
final class Cells {
  private Cells() {}

  /** A metric's value; empty if the trial has none. */
  static String orEmpty(Double v) {
    return v == null ? "" : Plot.label(v);
  }

  /** A number; a dash if it is NaN (no value to show, such as the median of no trials). */
  static String orDash(double v) {
    return Double.isNaN(v) ? "–" : Plot.label(v);
  }
}
