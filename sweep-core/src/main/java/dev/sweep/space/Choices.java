package dev.sweep.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Factories of categorical domains: plain or weighted choices, booleans and constants.
 *
 * <pre>{@code
 * Space.builder()
 *     .add("optim.name", Choices.of("sgd", "adam"))
 *     .add("train.batch", Choices.of(32, 64, 128))
 *     .add("data.augment", Choices.weighted(Map.of("none", 1.0, "flip", 3.0)))
 *     .add("train.amp", Choices.bool())
 *     .add("train.epochs", Choices.constant(10))
 *     .build();
 * }</pre>
 */
public final class Choices {
  private Choices() {}

  /** One of these values, each equally likely. */
  public static ChoiceDomain of(Object... values) {
    return new ChoiceDomain("choice", Arrays.asList(values), null);
  }

  /** One of these values, each equally likely. */
  public static ChoiceDomain of(List<?> values) {
    return new ChoiceDomain("choice", values, null);
  }

  /**
   * One of these values, each with a probability proportional to its weight (map order is kept).
   */
  public static ChoiceDomain weighted(Map<?, ? extends Number> weights) {
    List<Object> values = new ArrayList<>(weights.keySet());
    double[] w = weights.values().stream().mapToDouble(Number::doubleValue).toArray();
    return new ChoiceDomain("weightedChoice", values, w);
  }

  /** One of these values with these weights (parallel lists). */
  public static ChoiceDomain weighted(List<?> values, double... weights) {
    return new ChoiceDomain("weightedChoice", values, weights);
  }

  /** {@code true} or {@code false}, each equally likely. */
  public static ChoiceDomain bool() {
    return new ChoiceDomain("bool", List.of(true, false), null);
  }

  /** Always this value. */
  public static ChoiceDomain constant(Object value) {
    return new ChoiceDomain("constant", Arrays.asList(value), null);
  }
}
