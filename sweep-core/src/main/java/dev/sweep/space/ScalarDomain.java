package dev.sweep.space;

/**
 * A domain of single values (floats, integers, choices), which maps onto the unit interval through
 * its own distribution: quasi-random samplers place points in the unit cube and read values off
 * here, and model-based ones (TPE) fit their densities there, where the domain's prior is uniform.
 *
 * <pre>{@code
 * FloatDomain lr = Floats.logUniform(1e-4, 1e-1);
 * lr.atQuantile(0.5);        // 0.00316…, the geometric midpoint
 * lr.quantileOf(0.01);       // 0.666…
 * }</pre>
 */
public sealed interface ScalarDomain extends Domain permits FloatDomain, IntDomain, ChoiceDomain {

  /**
   * The value at quantile {@code u} of this domain's distribution, for {@code u} in [0, 1] (values
   * outside are clamped): the inverse of its cumulative distribution function. A discrete domain
   * gives each value a cell as wide as its probability.
   */
  Object atQuantile(double u);

  /**
   * Where {@code value} lies in this domain's distribution, in [0, 1]: the inverse of {@link
   * #atQuantile}; for a discrete domain, the middle of the value's cell.
   *
   * @throws IllegalArgumentException if {@code value} is not a value of this domain
   */
  double quantileOf(Object value);
}
