package dev.sweep.sampler.search;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Space;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * Quasi-random samples from a Sobol sequence (commons-math3's direction numbers, up to 1,000
 * coordinates), which covers the space more evenly than independent random samples: the first 2^k
 * points fill the unit cube's cells of volume 2^-k. Each seed applies its own digital shift (an
 * exclusive or of every coordinate's bits with a random mask), which keeps that property, so that
 * different seeds give different, equally even, sequences. Create one with {@link
 * SearchSamplers#sobol(long)}, or with {@link #builder()} to set more than the seed.
 *
 * <p>Trial {@code i} takes point {@code i}: a function of the seed and {@code i} alone, as with the
 * random sampler. A point that a constraint rejects is replaced by random points from trial {@code
 * i}'s own stream until one passes. Use a power of two of trials for the most even cover.
 */
public final class SobolSampler implements Sampler {
  private static final int BITS = 52; // commons-math3's points are k / 2^52
  private static final double SCALE = 0x1p52;

  private final long seed;
  private final int maxAttempts;

  private SobolSampler(Builder b) {
    this.seed = b.seed;
    this.maxAttempts = b.maxAttempts;
  }

  /**
   * A builder of Sobol samplers, with the defaults of {@link SearchSamplers#sobol(long)}: {@code
   * SobolSampler.builder().seed(42).maxAttempts(100).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  public long seed() {
    return seed;
  }

  /** Points per trial that constraints may reject before the sweep stops. */
  public int maxAttempts() {
    return maxAttempts;
  }

  @Override
  public Sampling start(Space space) {
    SpaceEncoding encoding = new SpaceEncoding(space);
    int d = CubeSampling.dimensions(encoding);
    checkArgument(
        d <= 1000, "a Sobol sequence has at most 1000 coordinates; this space needs %s", d);
    long[] shift = new long[d];
    SplittableRandom masks = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = 0; i < d; i++) {
      shift[i] = masks.nextLong() >>> (64 - BITS);
    }
    SobolSequenceGenerator sobol = new SobolSequenceGenerator(d);
    return new CubeSampling(
        space,
        encoding,
        seed,
        maxAttempts,
        (index, rng) -> {
          if (index >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                "a Sobol sequence has at most 2^31 - 1 points, trial " + index + " is beyond");
          }
          double[] point = sobol.skipTo((int) index);
          for (int i = 0; i < d; i++) {
            point[i] = (((long) (point[i] * SCALE)) ^ shift[i]) / SCALE;
          }
          return point;
        },
        OptionalLong.empty());
  }

  @Override
  public String toString() {
    return "sobol(seed=" + seed + ")";
  }

  /** Builds a {@link SobolSampler}; each setter checks its argument as it comes. */
  public static final class Builder {
    private long seed;
    private int maxAttempts = RandomSampler.DEFAULT_MAX_ATTEMPTS;

    private Builder() {}

    /**
     * The seed of the sequence's digital shift (default 0).
     *
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Points per trial that constraints may reject before the sweep stops (default {@value
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

    public SobolSampler build() {
      return new SobolSampler(this);
    }
  }
}
