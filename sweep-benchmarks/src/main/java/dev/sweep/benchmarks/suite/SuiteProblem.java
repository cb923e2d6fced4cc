package dev.sweep.benchmarks.suite;

import dev.sweep.config.Config;
import dev.sweep.space.Space;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * One minimisation problem of the suite.
 *
 * @param name unique, e.g. {@code bbob-f07-d05-i1}
 * @param family what kind of problem; every family has problems in both halves of the split
 * @param space the sampled space
 * @param value the noise-free value of a config
 * @param optimum the known minimum of {@code value}; regret = value - optimum
 * @param optimumParams flat params ({@code path -> value}) where the optimum is attained
 * @param continuous every parameter a float (what CMA-ES can take)
 * @param tuning in the tuning half ({@link Suite#tuning}) rather than the report half
 * @param noise on noisy problems, what the sampler is told instead of the value
 * @param optimumRegion on branch problems, the narrow region of the best branch's optimum
 */
public record SuiteProblem(
    String name,
    String family,
    Space space,
    ToDoubleFunction<Config> value,
    double optimum,
    Map<String, Object> optimumParams,
    boolean continuous,
    boolean tuning,
    Optional<Noise> noise,
    Optional<Predicate<Config>> optimumRegion) {

  /** A noise model: the observed value from the true one, fopt and four uniforms. */
  @FunctionalInterface
  public interface Noise {
    double observe(double value, double optimum, double[] u);
  }

  /** Noisy problems draw their noise under this id (unique per noisy problem, 1-based). */
  public record Noisy(int id, Noise model) implements Noise {
    @Override
    public double observe(double value, double optimum, double[] u) {
      return model.observe(value, optimum, u);
    }
  }

  /** The noise-free value minus the optimum. */
  public double regret(Config config) {
    return value.applyAsDouble(config) - optimum;
  }

  /**
   * What a sampler is told for trial {@code trial} (0-based) of seed {@code seed}: the value, plus
   * noise drawn from COCO's generator seeded by (problem, seed, trial) on noisy problems.
   */
  public double observe(Config config, long seed, int trial) {
    double v = value.applyAsDouble(config);
    if (noise.isEmpty()) {
      return v;
    }
    Noise n = noise.get();
    int id = n instanceof Noisy noisy ? noisy.id() : 0;
    return n.observe(v, optimum, uniforms(id, seed, trial));
  }

  /** Four uniforms for trial {@code trial} of seed {@code seed} of noisy problem {@code id}. */
  static double[] uniforms(int id, long seed, int trial) {
    long s = (id * 1000003L + (seed + 1) * 10007L + trial * 7L) % 2147483646L + 1;
    return CocoRandom.unif(4, s);
  }

  /** The config of flat params, as a sampler would give it. */
  public Config config(Map<String, ?> params) {
    return space.toConfig(space.asSample(params));
  }

  /** A branch problem: whether {@code config} is in the best branch's optimum region. */
  public boolean inOptimumRegion(Config config) {
    return optimumRegion.isPresent() && optimumRegion.get().test(config);
  }

  SuiteProblem inHalf(boolean tuning) {
    return new SuiteProblem(
        name,
        family,
        space,
        value,
        optimum,
        optimumParams,
        continuous,
        tuning,
        noise,
        optimumRegion);
  }
}
