package dev.sweep.process;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric read from the log lines of a program that cannot write a metrics file, as mlrunner's
 * Examiner does: the number is group 1, or the group named {@code value}; with a group named {@code
 * step} too, each match is also a point of the curve. The last match is the final value.
 *
 * @param metric the metric's name
 * @param pattern matched against each line of the logs
 */
record LogParser(String metric, Pattern pattern) {
  LogParser {
    requireNonNull(metric, "metric == null");
    requireNonNull(pattern, "pattern == null");
    if (metric.isBlank()) {
      throw new IllegalArgumentException(
          "the metric name of the parser /" + pattern + "/ is blank");
    }
    if (pattern.matcher("").groupCount() < 1) {
      throw new IllegalArgumentException(
          "the pattern /"
              + pattern
              + "/ for metric '"
              + metric
              + "' has no group; put the number in one, e.g. val error: ([0-9.eE+-]+)");
    }
    if (hasGroup(pattern, "step") && !hasGroup(pattern, "value")) {
      throw new IllegalArgumentException(
          "the pattern /"
              + pattern
              + "/ for metric '"
              + metric
              + "' has a group named step, so it needs one named value too, e.g. "
              + "epoch (?<step>\\d+).*loss (?<value>[0-9.eE+-]+)");
    }
  }

  private static boolean hasGroup(Pattern pattern, String name) {
    return pattern.pattern().contains("(?<" + name + ">");
  }

  boolean hasStep() {
    return hasGroup(pattern, "step");
  }

  /** The value of the last match in {@code line}, or null if none (or it is not a number). */
  Match match(String line) {
    Matcher m = pattern.matcher(line);
    Match last = null;
    boolean named = hasGroup(pattern, "value");
    while (m.find()) {
      String text = named ? m.group("value") : m.group(1);
      Double value = text == null ? null : number(text);
      if (value != null) {
        last = new Match(value, hasStep() ? step(m.group("step")) : null);
      }
    }
    return last;
  }

  /** A value and the step it belongs to, if the pattern has one. */
  record Match(double value, Long step) {}

  private static Long step(String text) {
    Double d = text == null ? null : number(text);
    return d == null || d != Math.rint(d) || Double.isInfinite(d) ? null : d.longValue();
  }

  /** A number as programs print it, Python's {@code nan} and {@code inf} included; null if none. */
  static Double number(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "nan", "+nan", "-nan" -> Double.NaN;
      case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(t);
        } catch (NumberFormatException e) {
          yield null;
        }
      }
    };
  }
}
