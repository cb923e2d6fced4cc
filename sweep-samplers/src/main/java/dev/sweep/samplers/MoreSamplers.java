package dev.sweep.samplers;

import dev.sweep.sampler.search.AutoSampler;
import dev.sweep.sampler.search.SearchSamplers;

/**
 * The quasi-random and adaptive samplers, as version 0.1 made them.
 *
 * @deprecated use {@link SearchSamplers} in {@code dev.sweep.sampler.search}, which makes the same
 *     samplers: {@code SearchSamplers.tpe(42)} for {@code MoreSamplers.tpe(42)}
 */
@Deprecated(since = "0.2", forRemoval = true)
@SuppressWarnings("removal") // returns the deprecated wrappers, so that 0.1's programs compile
public final class MoreSamplers {
  private MoreSamplers() {}

  /**
   * @deprecated use {@link SearchSamplers#sobol(long)}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public static SobolSampler sobol(long seed) {
    return new SobolSampler(SearchSamplers.sobol(seed));
  }

  /**
   * @deprecated use {@link SearchSamplers#latinHypercube(int, long)}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public static LatinHypercubeSampler latinHypercube(int trials, long seed) {
    return new LatinHypercubeSampler(SearchSamplers.latinHypercube(trials, seed));
  }

  /**
   * @deprecated use {@link SearchSamplers#tpe(long)}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public static TpeSampler tpe(long seed) {
    return TpeSampler.builder().seed(seed).build();
  }

  /**
   * @deprecated use {@link SearchSamplers#gp(long)}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public static GpSampler gp(long seed) {
    return GpSampler.builder().seed(seed).build();
  }

  /**
   * @deprecated use {@link SearchSamplers#auto(long)}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public static AutoSampler auto(long seed) {
    return SearchSamplers.auto(seed);
  }
}
