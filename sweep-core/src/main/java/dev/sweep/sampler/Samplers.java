package dev.sweep.sampler;

/**
 * The samplers of the core library; quasi-random and adaptive ones are {@code
 * dev.sweep.sampler.search.SearchSamplers} in {@code sweep-samplers}.
 *
 * <pre>{@code
 * Sweep.builder(space, runner).sampler(Samplers.grid()).build();
 * Sweep.builder(space, runner).sampler(Samplers.random(42)).maxTrials(200).build();
 * Sweep.builder(space, runner).sampler(RandomSampler.builder().seed(42).distinct(true).build()).maxTrials(200).build();
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
    return RandomSampler.builder().seed(seed).build();
  }
}
