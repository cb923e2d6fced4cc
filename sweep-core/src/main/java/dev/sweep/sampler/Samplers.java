package dev.sweep.sampler;

/**
 * The samplers of the core library; quasi-random and adaptive ones live in {@code sweep-samplers}.
 *
 * <pre>{@code
 * Sweep.builder(space, runner).sampler(Samplers.grid()).build();
 * Sweep.builder(space, runner).sampler(Samplers.random(42).distinct()).maxTrials(200).build();
 * }</pre>
 */
public final class Samplers {
  private Samplers() {}

  /** Every combination of grid values; see {@link GridSampler}. */
  public static GridSampler grid() {
    return new GridSampler();
  }

  /** Independent random samples, reproducible from {@code seed}; see {@link RandomSampler}. */
  public static RandomSampler random(long seed) {
    return new RandomSampler(seed, false, RandomSampler.DEFAULT_MAX_ATTEMPTS);
  }
}
