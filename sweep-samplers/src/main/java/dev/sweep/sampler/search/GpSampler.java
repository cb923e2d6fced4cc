package dev.sweep.sampler.search;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sweep.Result;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;

/**
 * Bayesian optimisation with a Gaussian process, for small spaces of numeric parameters (W&amp;B's
 * "bayes" method): after some random start-up trials, each ask fits a Gaussian process with a
 * Matérn 5/2 kernel to the trials so far (on [0, 1] per parameter through its domain's
 * distribution, so log domains in log space; the objective standardised) and proposes the config
 * with the largest expected improvement. Each ask costs O(n^3) in the n trials so far: it suits
 * tens to a few hundred expensive trials, where TPE suits thousands of cheap ones.
 *
 * <pre>{@code
 * Sweep.builder(space, runner).sampler(GpSampler.builder().seed(42).build()).maxTrials(60).build();
 * }</pre>
 *
 * <p>Only float and integer parameters (and lists, drawn at random) are modelled: a choice or a
 * branch is refused when the sweep starts, with the parameter's name; use {@link TpeSampler} for
 * those. <b>Parallel trials.</b> With the constant liar (on by default), trials asked for and not
 * yet finished count as if they had the worst value so far, so that parallel asks move away from
 * each other. <b>Constraints</b> are checked on the candidate points themselves, so the model
 * proposes only configs they allow; a random start-up config they reject is drawn again, up to
 * {@code maxAttempts} times. <b>Outcomes.</b> Pruned trials count as the worst so far, failed and
 * cancelled ones are left out. <b>Determinism</b> is TPE's: trial {@code i} draws from a random
 * stream of the seed and {@code i}, and its proposal is a function of that stream and the asks and
 * tells before it.
 */
public final class GpSampler implements Sampler {
  private final long seed;
  private final int startupTrials;
  private final int candidates;
  private final boolean constantLiar;
  private final int maxAttempts;

  private GpSampler(Builder b) {
    this.seed = b.seed;
    this.startupTrials = b.startupTrials;
    this.candidates = b.candidates;
    this.constantLiar = b.constantLiar;
    this.maxAttempts = b.maxAttempts;
  }

  /**
   * A builder of Gaussian-process samplers, with the defaults of {@link SearchSamplers#gp(long)}:
   * {@code GpSampler.builder().seed(42).startupTrials(5).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Samples {@code space} minimising the metric {@value Result#VALUE}. */
  @Override
  public Sampling start(Space space) {
    return start(space, Objective.minimize(Result.VALUE));
  }

  /**
   * @throws IllegalArgumentException naming the first parameter that is not numeric
   */
  @Override
  public Sampling start(Space space, Objective objective) {
    SpaceEncoding encoding = new SpaceEncoding(space);
    GpModel model = new GpModel(this, space, encoding);
    return new ModelSampling(space, objective, encoding, settings(), model);
  }

  private ModelSampling.Settings settings() {
    return new ModelSampling.Settings(seed, startupTrials, maxAttempts, constantLiar);
  }

  public long seed() {
    return seed;
  }

  public int startupTrials() {
    return startupTrials;
  }

  /**
   * Random points at which the expected improvement is evaluated per ask, before refining the best.
   */
  public int candidates() {
    return candidates;
  }

  public boolean constantLiar() {
    return constantLiar;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  @Override
  public String toString() {
    return "gp(seed="
        + seed
        + (constantLiar ? "" : ", no constant liar")
        + (startupTrials != Builder.STARTUP ? ", startup=" + startupTrials : "")
        + (candidates != Builder.CANDIDATES ? ", candidates=" + candidates : "")
        + ")";
  }

  /** Builds a {@link GpSampler}; each setter checks its argument as it comes. */
  public static final class Builder {
    static final int STARTUP = 10;
    static final int CANDIDATES = 1000;

    private long seed;
    private int startupTrials = STARTUP;
    private int candidates = CANDIDATES;
    private boolean constantLiar = true;
    private int maxAttempts = RandomSampler.DEFAULT_MAX_ATTEMPTS;

    private Builder() {}

    /**
     * The seed of every trial's random stream (default 0).
     *
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Random trials before the model takes over (default {@value #STARTUP}); pruned trials count,
     * and the model waits for two completed ones in any case.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code startupTrials} is below 2
     */
    public Builder startupTrials(int startupTrials) {
      checkArgument(startupTrials >= 2, "startupTrials must be >= 2, got %s", startupTrials);
      this.startupTrials = startupTrials;
      return this;
    }

    /**
     * Random points scored per ask before the best few are refined (default {@value #CANDIDATES}).
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code candidates} is below 1
     */
    public Builder candidates(int candidates) {
      checkArgument(candidates >= 1, "candidates must be >= 1, got %s", candidates);
      this.candidates = candidates;
      return this;
    }

    /**
     * Counts running trials as the worst so far (default true), so that parallel asks move away
     * from each other.
     *
     * @return this builder
     */
    public Builder constantLiar(boolean constantLiar) {
      this.constantLiar = constantLiar;
      return this;
    }

    /**
     * Configs per trial that constraints may reject before the sweep stops (default {@value
     * RandomSampler#DEFAULT_MAX_ATTEMPTS}).
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code maxAttempts} is below 1
     */
    public Builder maxAttempts(int maxAttempts) {
      checkArgument(maxAttempts >= 1, "maxAttempts must be >= 1, got %s", maxAttempts);
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The sampler; every setting was checked as it was set, and no two of them conflict. */
    public GpSampler build() {
      return new GpSampler(this);
    }
  }
}
