package dev.sweep.cli;

import dev.sweep.trial.TrialRecord;
import java.time.Duration;
import java.util.Locale;

/** Numbers and durations as the commands print them. */
final class Format {
  private Format() {}

  /** The best trial as every command prints it: {@code best: trial 14 error=0.0222 (lr=0.03)}. */
  static String best(TrialRecord best, String metric) {
    return "best: trial "
        + best.id()
        + " "
        + metric
        + "="
        + number(best.metrics().get(metric))
        + " ("
        + best.name()
        + ")";
  }

  /**
   * Four significant digits, without trailing zeros: {@code 0.0251}, {@code 12.5}, {@code 3.1e-05}.
   */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    double a = Math.abs(v);
    String s =
        a >= 1e-3 && a < 1e6
            ? String.format(Locale.ROOT, "%.4g", v)
            : String.format(Locale.ROOT, "%.3e", v);
    if (s.contains("e")) {
      String[] parts = s.split("e", -1);
      return trimZeros(parts[0]) + "e" + parts[1];
    }
    return trimZeros(s);
  }

  private static String trimZeros(String s) {
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  /**
   * A recorded failure for people: its first {@code lines} lines, the exception's package left out
   * ({@code StepFailedException: step 'train' exited with code 1; …}).
   */
  static String failure(String failure, int lines) {
    String text = failure.replaceFirst("^(?:[a-z_][a-z0-9_]*\\.)+(?=[A-Z]\\w*: )", "");
    return String.join("\n", text.lines().limit(lines).toList());
  }

  /** {@code 450ms}, {@code 12.3s}, {@code 3m05s}, {@code 1h02m}. */
  static String duration(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }
}
