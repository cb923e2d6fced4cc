package dev.sweep.sampler.search;

import java.util.Arrays;

/**
 * One numeric dimension's observed values in ascending order, with the observation each came from:
 * kept sorted as observations arrive, so that an ask reads the neighbours it needs for the kernels'
 * widths in one pass instead of sorting every time. Each value also keeps the mass on [0, 1] of the
 * narrowest kernel ({@link Parzen#NARROWEST}) centred on it: after 100 trials most kernels are that
 * narrow, and near a bound (where searches often end up) their masses would otherwise take a normal
 * CDF each, per parameter and ask.
 */
final class SortedColumn {
  private double[] values = new double[16];
  private int[] observations = new int[16];
  private double[] narrowMass = new double[16];
  private int size;

  void add(double value, int observation) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      observations = Arrays.copyOf(observations, size * 2);
      narrowMass = Arrays.copyOf(narrowMass, size * 2);
    }
    int at = size > 0 && values[size - 1] > value ? Parzen.upperBound(values, size, value) : size;
    System.arraycopy(values, at, values, at + 1, size - at);
    System.arraycopy(observations, at, observations, at + 1, size - at);
    System.arraycopy(narrowMass, at, narrowMass, at + 1, size - at);
    values[at] = value;
    observations[at] = observation;
    narrowMass[at] = Parzen.mass(value, Parzen.NARROWEST);
    size++;
  }

  int size() {
    return size;
  }

  double value(int i) {
    return values[i];
  }

  int observation(int i) {
    return observations[i];
  }

  /** {@link Parzen#mass} of the narrowest kernel centred on value {@code i}. */
  double narrowMass(int i) {
    return narrowMass[i];
  }
}
