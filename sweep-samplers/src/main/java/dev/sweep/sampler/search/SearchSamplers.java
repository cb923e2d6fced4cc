package dev.sweep.sampler.search;

import dev.sweep.sampler.RandomSampler;

/**
 * Makes the search samplers beyond grid and random ones (those are in {@link
 * dev.sweep.sampler.Samplers}), each with its defaults; their builders set the rest.
 *
 * <pre>{@code
 * Sweep.builder(space, runner).sampler(SearchSamplers.tpe(42)).maxTrials(200).threads(4).build();
 * }</pre>
 */
public final class SearchSamplers {
  private SearchSamplers() {}

  /**
   * A Sobol sequence with the digital shift of {@code seed}, which tries up to {@value
   * RandomSampler#DEFAULT_MAX_ATTEMPTS} points per trial where constraints reject them; see {@link
   * SobolSampler}, and {@link SobolSampler#builder()} for the bound.
   */
  public static SobolSampler sobol(long seed) {
    return SobolSampler.builder().seed(seed).build();
  }

  /**
   * A Latin hypercube of {@code trials} trials from {@code seed}, which tries up to {@value
   * RandomSampler#DEFAULT_MAX_ATTEMPTS} points per trial where constraints reject them; see {@link
   * LatinHypercubeSampler}, and {@link LatinHypercubeSampler#builder(int)} for the bound.
   *
   * @throws IllegalArgumentException if {@code trials} is below 1
   */
  public static LatinHypercubeSampler latinHypercube(int trials, long seed) {
    return LatinHypercubeSampler.builder(trials).seed(seed).build();
  }

  /**
   * Univariate TPE from {@code seed}, with the constant liar and the rest of {@link
   * TpeSampler.Builder}'s defaults; see {@link TpeSampler}.
   */
  public static TpeSampler tpe(long seed) {
    return TpeSampler.builder().seed(seed).build();
  }

  /**
   * Gaussian-process Bayesian optimisation from {@code seed}, with the constant liar and the rest
   * of {@link GpSampler.Builder}'s defaults; see {@link GpSampler}.
   */
  public static GpSampler gp(long seed) {
    return GpSampler.builder().seed(seed).build();
  }

  /**
   * NSGA-II from {@code seed}, with Optuna's defaults (generations of 50, crossover 0.9, swapping
   * 0.5, mutation 1 / the number of parameters); see {@link Nsga2Sampler}, and {@link
   * Nsga2Sampler#builder()} for the rest. For several objectives, TPE also serves: {@link
   * TpeSampler} becomes MOTPE.
   */
  public static Nsga2Sampler nsga2(long seed) {
    return Nsga2Sampler.builder().seed(seed).build();
  }

  /**
   * CMA-ES from {@code seed}, with Optuna's defaults (step size 1/6 of the unit cube, {@code 4 +
   * floor(3 ln n)} trials per generation, random search for choices and branches) and IPOP
   * restarts; see {@link CmaEsSampler}, and {@link CmaEsSampler#builder()} for the rest.
   */
  public static CmaEsSampler cmaEs(long seed) {
    return CmaEsSampler.builder().seed(seed).build();
  }

  /**
   * The sampler for a user who does not know which to pick: chooses TPE, CMA-ES or NSGA-II for the
   * sweep's space and objectives, with {@code seed}, and says at INFO which and why; see {@link
   * AutoSampler}, and {@link AutoSampler#builder()} to give it the budget.
   */
  public static AutoSampler auto(long seed) {
    return AutoSampler.builder().seed(seed).build();
  }
}
