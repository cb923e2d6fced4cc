package dev.sweep.process;

import dev.sweep.Trial;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one trial's program reported, from its metrics file and from the regex parsers of its logs:
 * passes curve points on to the {@link Trial} and makes the final metrics. Used by the trial's
 * thread only.
 */
final class TrialMetrics {
  private final Trial trial;
  private final Map<String, Double> lastReported = new LinkedHashMap<>();
  private final Map<String, Double> finals = new LinkedHashMap<>();
  private final Map<String, Double> parsed = new LinkedHashMap<>();

  TrialMetrics(Trial trial) {
    this.trial = trial;
  }

  /** A point of the curve: reported to the trial at once. */
  void point(long step, Map<String, Double> metrics) {
    trial.report(step, metrics);
    lastReported.putAll(metrics);
  }

  /** Final values from the metrics file (a line with {@code "final": true} or without a step). */
  void finals(Map<String, Double> metrics) {
    finals.putAll(metrics);
  }

  /** The latest match of a regex parser. */
  void parsed(String metric, double value) {
    parsed.put(metric, value);
  }

  /**
   * For each metric: the last match of its regex parser, else its value in the last final line that
   * has it, else its last reported value.
   */
  Map<String, Double> result() {
    Map<String, Double> result = new LinkedHashMap<>(lastReported);
    result.putAll(finals);
    result.putAll(parsed);
    return result;
  }
}
