package dev.sweep.sampler.search;

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
 * different seeds give different, equally even, sequences. Create one with
 * {@link SearchSamplers#sobol(long)}.
 *
 * <p>Trial {@code i} takes point {@code i}: a function of the seed and {@code i} alone, as with the
 * random sampler. A point that a constraint rejects is replaced by random points from trial
 * {@code i}'s own stream until one passes. Use a power of two of trials for the most even cover.
 */
public final class SobolSampler implements Sampler {
  private static final int BITS = 52; // commons-math3's points are k / 2^52
  private static final double SCALE = 0x1p52;

  private final long seed;
  private final int maxAttempts;

  SobolSampler(long seed, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    this.seed = seed;
    this.maxAttempts = maxAttempts;
  }

  /** A copy with another bound on the attempts per trial when constraints reject points. */
  public SobolSampler maxAttempts(int maxAttempts) {
    return new SobolSampler(seed, maxAttempts);
  }

  public long seed() {
    return seed;
  }

  @Override
  public Sampling start(Space space) {
    SpaceEncoding encoding = new SpaceEncoding(space);
    int d = CubeSampling.dimensions(encoding);
    if (d > 1000) {
      throw new IllegalArgumentException("a Sobol sequence has at most 1000 coordinates; this space needs " + d);
    }
    long[] shift = new long[d];
    SplittableRandom masks = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = 0; i < d; i++) {
      shift[i] = masks.nextLong() >>> (64 - BITS);
    }
    SobolSequenceGenerator sobol = new SobolSequenceGenerator(d);
    return new CubeSampling(space, encoding, seed, maxAttempts, (index, rng) -> {
      if (index >= Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "a Sobol sequence has at most 2^31 - 1 points, trial " + index + " is beyond");
      }
      double[] point = sobol.skipTo((int) index);
      for (int i = 0; i < d; i++) {
        point[i] = (((long) (point[i] * SCALE)) ^ shift[i]) / SCALE;
      }
      return point;
    }, OptionalLong.empty());
  }

  @Override
  public String toString() {
    return "sobol(seed=" + seed + ")";
  }
}
