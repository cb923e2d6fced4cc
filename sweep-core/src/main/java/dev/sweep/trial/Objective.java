package dev.sweep.trial;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metric a sweep optimises, and in which direction.
 *
 * <pre>{@code
 * Objective.minimize("val_error")
 * Objective.maximize("accuracy")
 * }</pre>
 *
 * @param metric the name of the metric in each trial's result
 * @param maximize whether larger is better
 */
public record Objective(String metric, boolean maximize) {
  public Objective {
    requireNonNull(metric, "metric == null");
    if (metric.isBlank()) {
      throw new IllegalArgumentException("objective metric name is blank");
    }
  }

  public static Objective minimize(String metric) {
    return new Objective(metric, false);
  }

  public static Objective maximize(String metric) {
    return new Objective(metric, true);
  }

  /** This objective and another to minimise: a sweep with several objectives. */
  public Objectives andMinimize(String metric) {
    return Objectives.of(this).andMinimize(metric);
  }

  /** This objective and another to maximise: a sweep with several objectives. */
  public Objectives andMaximize(String metric) {
    return Objectives.of(this).andMaximize(metric);
  }

  /** This objective alone, subject to constraints on the outcome. */
  public Objectives subjectTo(MetricBound... bounds) {
    return Objectives.of(this).subjectTo(bounds);
  }

  /** Negative when {@code a} is better than {@code b}. */
  public int compare(double a, double b) {
    return maximize ? Double.compare(b, a) : Double.compare(a, b);
  }

  /**
   * The objective as the files of a sweep write it ({@code sweep.json}, {@code trials.json}):
   * {@code metric}, then {@code goal} ({@code minimize} or {@code maximize}), always in that order.
   */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("metric", metric);
    map.put("goal", maximize ? "maximize" : "minimize");
    return Collections.unmodifiableMap(map);
  }

  /**
   * The objective that {@link #toMap()} wrote: {@code metric} (default {@code value}) and {@code
   * goal} ({@code maximize}, else minimised), as a sweep's files hold it.
   */
  public static Objective read(JsonNode map) {
    String metric = map.path("metric").asText("value");
    return map.path("goal").asText("minimize").equals("maximize")
        ? maximize(metric)
        : minimize(metric);
  }

  @Override
  public String toString() {
    return (maximize ? "maximize " : "minimize ") + metric;
  }
}
