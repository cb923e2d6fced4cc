package dev.sweep.sampler.search;

import java.util.Arrays;

/**
 * One group's values and their weights, in growable arrays that are reused from one proposal to the
 * next.
 */
final class WeightedValues {
  double[] values = new double[64];
  double[] weights = new double[64];
  int size;

  void clear() {
    size = 0;
  }

  /** {@code size} values, to be set in place. */
  void resize(int size) {
    if (values.length < size) {
      values = new double[Math.max(size, 2 * values.length)];
      weights = new double[values.length];
    }
    this.size = size;
  }

  void add(double value, double weight) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      weights = Arrays.copyOf(weights, size * 2);
    }
    values[size] = value;
    weights[size++] = weight;
  }
}
