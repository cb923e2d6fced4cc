package dev.sweep.trial;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A constraint on a trial's outcome: one of its metrics (or a value derived or probed from its
 * config) must stay at most, or at least, a bound. A completed trial that breaks one is
 * <em>infeasible</em>, as a trial whose Optuna {@code constraints_func} gives a value above 0: it
 * stays in the population, but is never on the Pareto front or the best, and multi-objective
 * samplers rank it after every feasible trial, by how far it is off.
 *
 * <pre>{@code
 * Objective.minimize("error").andMinimize("latency_ms")
 *     .subjectTo(MetricBound.atMost("memory_gb", 16))
 * }</pre>
 *
 * @param metric the metric's name in each trial's result, or a derived or probed value's path
 * @param bound the bound, finite
 * @param upper whether the bound is an upper one (at most), else a lower one (at least)
 */
public record MetricBound(String metric, double bound, boolean upper) {
  public MetricBound {
    requireNonNull(metric, "metric == null");
    if (metric.isBlank()) {
      throw new IllegalArgumentException("outcome constraint's metric name is blank");
    }
    if (!Double.isFinite(bound)) {
      throw new IllegalArgumentException(
          "outcome constraint on '" + metric + "': bound must be finite, got " + bound);
    }
  }

  /** {@code metric <= max}. */
  public static MetricBound atMost(String metric, double max) {
    return new MetricBound(metric, max, true);
  }

  /** {@code metric >= min}. */
  public static MetricBound atLeast(String metric, double min) {
    return new MetricBound(metric, min, false);
  }

  /**
   * How far {@code value} is beyond the bound: 0 when it keeps it, positive when not, infinite when
   * the value is missing or not a number (a trial that did not report it cannot be shown to keep
   * it).
   */
  public double violation(double value) {
    if (Double.isNaN(value)) {
      return Double.POSITIVE_INFINITY;
    }
    double over = upper ? value - bound : bound - value;
    return over > 0 ? over : 0;
  }

  /**
   * How far {@code record} is beyond the bound ({@link #violation(double)} of its value, read as
   * {@link Objectives#value} reads an objective's: the result's metric, else a numeric param).
   */
  public double violation(TrialRecord record) {
    return violation(Objectives.value(record, metric));
  }

  /**
   * The constraint as the files of a sweep write it: {@code metric}, then {@code max} or {@code
   * min}.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("metric", metric);
    map.put(upper ? "max" : "min", bound);
    return Collections.unmodifiableMap(map);
  }

  @Override
  public String toString() {
    return metric + (upper ? " <= " : " >= ") + bound;
  }
}
