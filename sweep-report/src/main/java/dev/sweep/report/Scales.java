package dev.sweep.report;

import dev.sweep.population.Edf;
import java.util.Arrays;

/** The ranges and log-or-linear choice of the page's axes. */
final class Scales {
  private Scales() {}

  /**
   * A log axis for values that a log-uniform or log-normal domain draws, as learning rates and
   * weight decays are: all positive, spanning two decades or more, and with their median in the
   * middle half of the range in log10 (a uniform draw from [0, 0.5] spans decades too, but its
   * median sits near the top).
   */
  static boolean logScale(double[] values) {
    double[] r = range(values);
    if (!(r[0] > 0) || r[1] / r[0] < 100) {
      return false;
    }
    double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
    double median = Edf.of(finite).quantile(0.5);
    double at = (Math.log10(median) - Math.log10(r[0])) / (Math.log10(r[1]) - Math.log10(r[0]));
    return at >= 0.25 && at <= 0.75;
  }

  /**
   * The lowest and highest finite values: {@code {lo, hi}}, infinities reversed if there is none.
   */
  static double[] range(double[] v) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      if (Double.isFinite(x)) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
    return new double[] {lo, hi};
  }
}
