package dev.sweep.samplers;

import dev.sweep.sampler.Sampler;
import dev.sweep.space.Space;

/**
 * A Latin hypercube, as version 0.1 made it.
 *
 * @deprecated use {@link dev.sweep.sampler.search.LatinHypercubeSampler}, which this forwards to
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class LatinHypercubeSampler implements Sampler {
  private final dev.sweep.sampler.search.LatinHypercubeSampler delegate;

  LatinHypercubeSampler(dev.sweep.sampler.search.LatinHypercubeSampler delegate) {
    this.delegate = delegate;
  }

  /** A copy with another bound on the attempts per trial when constraints reject points. */
  public LatinHypercubeSampler maxAttempts(int maxAttempts) {
    return new LatinHypercubeSampler(
        dev.sweep.sampler.search.LatinHypercubeSampler.builder(delegate.trials())
            .seed(delegate.seed())
            .maxAttempts(maxAttempts)
            .build());
  }

  @Override
  public Sampling start(Space space) {
    return delegate.start(space);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
