package dev.sweep.sampler.search;

import dev.sweep.sampler.RandomSampler;

/**
 * The quasi-random and adaptive samplers. The grid and random ones are in
 * {@link dev.sweep.sampler.Samplers}.
 *
 * <pre>{@code
 * Sweep.builder(space, runner).sampler(SearchSamplers.sobol(42)).maxTrials(128).build();
 * Sweep.builder(space, runner).sampler(SearchSamplers.latinHypercube(100, 42)).build();
 * Sweep.builder(space, runner).sampler(SearchSamplers.tpe(42)).maxTrials(200).threads(4).build();
 * Sweep.builder(space, runner).sampler(SearchSamplers.gp(42)).maxTrials(60).build(); // numeric spaces
 * }</pre>
 */
public final class SearchSamplers {
  private SearchSamplers() {}

  /** A Sobol sequence with a digital shift of {@code seed}; see {@link SobolSampler}. */
  public static SobolSampler sobol(long seed) {
    return new SobolSampler(seed, RandomSampler.DEFAULT_MAX_ATTEMPTS);
  }

  /** A Latin hypercube of {@code trials} trials; see {@link LatinHypercubeSampler}. */
  public static LatinHypercubeSampler latinHypercube(int trials, long seed) {
    return new LatinHypercubeSampler(trials, seed, RandomSampler.DEFAULT_MAX_ATTEMPTS);
  }

  /** Univariate TPE with the constant liar and the builder's defaults; see {@link TpeSampler}. */
  public static TpeSampler tpe(long seed) {
    return TpeSampler.builder().seed(seed).build();
  }

  /** Gaussian-process Bayesian optimisation with the constant liar; see {@link GpSampler}. */
  public static GpSampler gp(long seed) {
    return GpSampler.builder().seed(seed).build();
  }
}
