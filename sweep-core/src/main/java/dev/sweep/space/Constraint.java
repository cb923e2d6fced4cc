package dev.sweep.space;

import static java.util.Objects.requireNonNull;

import dev.sweep.config.Config;
import java.util.function.Predicate;

/**
 * A named predicate that a config must satisfy, e.g. a bound on a model's FLOPs computed as a
 * derived value. Samplers reject configs that fail it.
 *
 * @param name what error messages and rejection counts call it
 * @param test true when the config is allowed; it sees sampled and derived values
 */
public record Constraint(String name, Predicate<Config> test) {
  public Constraint {
    requireNonNull(name, "name == null");
    requireNonNull(test, "test == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("constraint name is blank; give each constraint a name");
    }
  }

  /**
   * Whether {@code config} satisfies this constraint.
   *
   * @throws IllegalStateException naming the constraint and config if the predicate throws
   */
  public boolean allows(Config config) {
    try {
      return test.test(config);
    } catch (ProbeException e) {
      throw e; // the probe's failure, not this constraint's: it names the config already
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "constraint '" + name + "' threw " + e + " on config " + config, e);
    }
  }
}
