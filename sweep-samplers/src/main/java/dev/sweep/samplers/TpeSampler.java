package dev.sweep.samplers;

import dev.sweep.sampler.Sampler;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;

/**
 * The tree-structured Parzen estimator, as version 0.1 made it.
 *
 * @deprecated use {@link dev.sweep.sampler.search.TpeSampler}, which this forwards to
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class TpeSampler implements Sampler {
  private final dev.sweep.sampler.search.TpeSampler delegate;

  private TpeSampler(dev.sweep.sampler.search.TpeSampler delegate) {
    this.delegate = delegate;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Sampling start(Space space) {
    return delegate.start(space);
  }

  @Override
  public Sampling start(Space space, Objective objective) {
    return delegate.start(space, objective);
  }

  public long seed() {
    return delegate.seed();
  }

  public int startupTrials() {
    return delegate.startupTrials();
  }

  public int candidates() {
    return delegate.candidates();
  }

  public boolean multivariate() {
    return delegate.multivariate();
  }

  public boolean constantLiar() {
    return delegate.constantLiar();
  }

  public double priorWeight() {
    return delegate.priorWeight();
  }

  public double bestWeight() {
    return delegate.bestWeight();
  }

  public int maxAttempts() {
    return delegate.maxAttempts();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  /**
   * Builds a {@link TpeSampler}.
   *
   * @deprecated use {@link dev.sweep.sampler.search.TpeSampler.Builder}, which this forwards to
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public static final class Builder {
    private final dev.sweep.sampler.search.TpeSampler.Builder delegate =
        dev.sweep.sampler.search.TpeSampler.builder();

    private Builder() {}

    public Builder seed(long seed) {
      delegate.seed(seed);
      return this;
    }

    public Builder startupTrials(int startupTrials) {
      delegate.startupTrials(startupTrials);
      return this;
    }

    public Builder candidates(int candidates) {
      delegate.candidates(candidates);
      return this;
    }

    public Builder multivariate(boolean multivariate) {
      delegate.multivariate(multivariate);
      return this;
    }

    public Builder constantLiar(boolean constantLiar) {
      delegate.constantLiar(constantLiar);
      return this;
    }

    public Builder priorWeight(double priorWeight) {
      delegate.priorWeight(priorWeight);
      return this;
    }

    public Builder bestWeight(double bestWeight) {
      delegate.bestWeight(bestWeight);
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      delegate.maxAttempts(maxAttempts);
      return this;
    }

    public TpeSampler build() {
      return new TpeSampler(delegate.build());
    }
  }
}
