package dev.sweep.trial;

import static java.util.Objects.requireNonNull;

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

  /** Negative when {@code a} is better than {@code b}. */
  public int compare(double a, double b) {
    return maximize ? Double.compare(b, a) : Double.compare(a, b);
  }

  @Override
  public String toString() {
    return (maximize ? "maximize " : "minimize ") + metric;
  }
}
