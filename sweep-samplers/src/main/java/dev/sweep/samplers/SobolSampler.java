package dev.sweep.samplers;

import dev.sweep.sampler.Sampler;
import dev.sweep.space.Space;

/**
 * A Sobol sequence, as version 0.1 made it.
 *
 * @deprecated use {@link dev.sweep.sampler.search.SobolSampler}, which this forwards to
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class SobolSampler implements Sampler {
  private final dev.sweep.sampler.search.SobolSampler delegate;

  SobolSampler(dev.sweep.sampler.search.SobolSampler delegate) {
    this.delegate = delegate;
  }

  /** A copy with another bound on the attempts per trial when constraints reject points. */
  public SobolSampler maxAttempts(int maxAttempts) {
    return new SobolSampler(
        dev.sweep.sampler.search.SobolSampler.builder()
            .seed(delegate.seed())
            .maxAttempts(maxAttempts)
            .build());
  }

  public long seed() {
    return delegate.seed();
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
