package dev.sweep.space;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The values one parameter may take, and how to draw them. Create domains through {@link Floats},
 * {@link Ints}, {@link Choices} and {@link Lists}; a domain's arguments are checked when it is
 * added to a {@link Space} at a path, so that an error can name that path.
 *
 * <p>Domains are immutable and thread-safe.
 */
public sealed interface Domain permits ScalarDomain, ListDomain {

  /** Draws one value: a {@code Double}, {@code Long}, {@code String}, {@code Boolean} or list. */
  Object sample(RandomGenerator rng);

  /**
   * Every value a grid sweep takes, in order, or empty for a continuous domain without explicit
   * grid points.
   */
  Optional<List<Object>> gridValues();

  /**
   * Checks the arguments of this domain.
   *
   * @throws IllegalArgumentException naming {@code path}, the bad values and what is allowed
   */
  void check(String path);

  /** A short description such as {@code logUniform[0.0001, 0.1]}, for messages and reports. */
  String describe();
}
