package dev.sweep;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The final metrics of a trial. The sweep's objective metric must be among them and finite, or the
 * trial counts as failed.
 *
 * <pre>{@code
 * return Result.of("error", 0.031);
 * return Result.of("error", 0.031, "train_loss", 0.12);
 * return Result.of(Map.of("error", 0.031, "params_m", 11.2));
 * }</pre>
 *
 * @param metrics values by metric name, in the order given
 */
public record Result(Map<String, Double> metrics) {
  /** The metric name used by {@link #of(double)} and by the default objective. */
  public static final String VALUE = "value";

  public Result {
    requireNonNull(metrics, "metrics == null");
    Map<String, Double> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw new IllegalArgumentException("metric name is blank or null in " + metrics);
      }
      if (e.getValue() == null) { // the message made only when it is thrown: this is on every trial
        throw new NullPointerException("metric '" + e.getKey() + "' == null");
      }
      copy.put(e.getKey(), e.getValue());
    }
    metrics = Collections.unmodifiableMap(copy);
  }

  /** A result with the single metric {@value #VALUE}, as Optuna's objective functions return. */
  public static Result of(double value) {
    return new Result(Map.of(VALUE, value));
  }

  public static Result of(String metric, double value) {
    return new Result(Map.of(metric, value));
  }

  public static Result of(String metric1, double value1, String metric2, double value2) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(metric1, value1);
    m.put(metric2, value2);
    return new Result(m);
  }

  /** A result from any numbers by name. */
  public static Result of(Map<String, ? extends Number> metrics) {
    Map<String, Double> m = new LinkedHashMap<>();
    metrics.forEach(
        (k, v) -> {
          if (v == null) {
            throw new NullPointerException("metric '" + k + "' == null");
          }
          m.put(k, v.doubleValue());
        });
    return new Result(m);
  }
}
