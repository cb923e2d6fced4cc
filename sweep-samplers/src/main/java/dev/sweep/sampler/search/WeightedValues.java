package dev.sweep.sampler.search;

import java.util.Arrays;

/**
 * One group's values and their weights (and, for numeric values, the narrowest kernel's mass at
 * each: {@link SortedColumn#narrowMass}), in growable arrays that are reused from one proposal to
 * the next.
 */
final class WeightedValues {
  double[] values = new double[64];
  double[] weights = new double[64];
  double[] masses = new double[64];
  int size;

  void clear() {
    size = 0;
  }

  /** {@code size} values, to be set in place. */
  void resize(int size) {
    if (values.length < size) {
      values = new double[Math.max(size, 2 * values.length)];
      weights = new double[values.length];
      masses = new double[values.length];
    }
    this.size = size;
  }

  void add(double value, double weight) {
    add(value, weight, Double.NaN);
  }

  void add(double value, double weight, double mass) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      weights = Arrays.copyOf(weights, size * 2);
      masses = Arrays.copyOf(masses, size * 2);
    }
    values[size] = value;
    masses[size] = mass;
    weights[size++] = weight;
  }
}
