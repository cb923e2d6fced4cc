package dev.sweep.population;

import java.util.Map;

/**
 * The metrics a trial reported at one step of its training curve.
 *
 * @param step the step (epoch, iteration, …), as the runner counts it
 * @param metrics values by metric name
 */
public record CurvePoint(long step, Map<String, Double> metrics) {
  public CurvePoint {
    metrics = Map.copyOf(metrics);
  }
}
