package dev.sweep.trial;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  /** The point as files write it: {@code {"step": 3, "loss": 0.21, …}}, metrics in name order. */
  public Map<String, Object> toMap() {
    Map<String, Object> point = new LinkedHashMap<>();
    point.put("step", step);
    point.putAll(new TreeMap<>(metrics));
    return point;
  }

  /**
   * A point from the form {@link #toMap()} writes: {@code step}, and every other number a metric.
   */
  public static CurvePoint fromMap(Map<String, ?> point) {
    Map<String, Double> values = new LinkedHashMap<>();
    point.forEach(
        (k, v) -> {
          if (!k.equals("step") && v instanceof Number n) {
            values.put(k, n.doubleValue());
          }
        });
    return new CurvePoint(((Number) point.get("step")).longValue(), values);
  }

  /** The points of a curve as {@link #toMap()} writes them. */
  public static List<Map<String, Object>> toMaps(List<CurvePoint> curve) {
    return curve.stream().map(CurvePoint::toMap).toList();
  }
}
