package dev.sweep.space;

import dev.sweep.config.Config;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One of a list of values, optionally weighted; booleans and constants are choices too. Create one
 * with {@link Choices}.
 */
public final class ChoiceDomain implements ScalarDomain {
  private final List<Object> values;
  private final double[] weights; // null: uniform
  private final double[] cumulative;
  private final String label;

  ChoiceDomain(String label, List<?> values, double[] weights) {
    this.label = label;
    this.values = values.stream().map(v -> Config.normalize(v, label)).toList();
    this.weights = weights == null ? null : weights.clone();
    this.cumulative = weights == null ? null : cumulative(weights);
  }

  private static double[] cumulative(double[] weights) {
    double[] c = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      c[i] = sum;
    }
    return c;
  }

  /** The values, in the order given. */
  public List<Object> values() {
    return values;
  }

  /** The normalised weight of each value (uniform when none were given). */
  public double[] probabilities() {
    double[] p = new double[values.size()];
    double total = weights == null ? values.size() : cumulative[cumulative.length - 1];
    for (int i = 0; i < p.length; i++) {
      p[i] = (weights == null ? 1 : weights[i]) / total;
    }
    return p;
  }

  @Override
  public void check(String path) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(path + ": " + label + " needs at least one value");
    }
    Set<Object> seen = new HashSet<>();
    for (Object v : values) {
      if (!seen.add(v)) {
        throw new IllegalArgumentException(
            path + ": " + label + " lists the value " + v + " twice; values must be distinct");
      }
    }
    if (weights != null) {
      if (weights.length != values.size()) {
        throw new IllegalArgumentException(
            path
                + ": "
                + label
                + " has "
                + values.size()
                + " values but "
                + weights.length
                + " weights");
      }
      for (int i = 0; i < weights.length; i++) {
        if (!(weights[i] >= 0) || !Double.isFinite(weights[i])) {
          throw new IllegalArgumentException(
              path
                  + ": "
                  + label
                  + " weight of "
                  + values.get(i)
                  + " is "
                  + weights[i]
                  + "; weights must be finite and >= 0");
        }
      }
      if (!(cumulative[cumulative.length - 1] > 0)) {
        throw new IllegalArgumentException(
            path + ": " + label + " weights sum to 0; at least one must be > 0");
      }
    }
  }

  @Override
  public Object atQuantile(double u) {
    double q = Math.min(1, Math.max(0, u));
    if (cumulative == null) {
      return values.get((int) Math.min(values.size() - 1, Math.floor(q * values.size())));
    }
    double x = q * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (x < cumulative[i]) {
        return values.get(i);
      }
    }
    int last = values.size() - 1;
    while (weights[last] == 0) { // u = 1 lands on the last value that may be chosen
      last--;
    }
    return values.get(last);
  }

  @Override
  public double quantileOf(Object value) {
    int i = values.indexOf(value);
    if (i < 0) {
      throw new IllegalArgumentException(value + " is not a value of " + describe());
    }
    if (cumulative == null) {
      return (i + 0.5) / values.size();
    }
    double before = i == 0 ? 0 : cumulative[i - 1];
    return (before + cumulative[i]) / 2 / cumulative[cumulative.length - 1];
  }

  /**
   * The value of this domain equal to {@code value}; a number matches a number of the same value
   * ({@code 1} and {@code 1.0} alike, as YAML and CSV may write either).
   */
  Optional<Object> member(Object value) {
    if (values.contains(value)) {
      return Optional.of(value);
    }
    if (value instanceof Number n) {
      return values.stream()
          .filter(v -> v instanceof Number m && m.doubleValue() == n.doubleValue())
          .findFirst();
    }
    return Optional.empty();
  }

  @Override
  public Object sample(RandomGenerator rng) {
    if (cumulative == null) {
      return values.get(rng.nextInt(values.size()));
    }
    double u = rng.nextDouble() * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return values.get(i);
      }
    }
    return values.get(values.size() - 1);
  }

  @Override
  public Optional<List<Object>> gridValues() {
    return Optional.of(values);
  }

  @Override
  public String describe() {
    return label + values;
  }

  @Override
  public String toString() {
    return describe();
  }
}
