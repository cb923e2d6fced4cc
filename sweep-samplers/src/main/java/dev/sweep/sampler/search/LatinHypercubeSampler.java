package dev.sweep.sampler.search;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Space;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * A Latin hypercube of {@code n} trials: each coordinate's range is cut into {@code n} equal strata
 * and every stratum holds exactly one trial, so each parameter on its own is spread evenly however
 * many parameters there are. The strata are shuffled per coordinate from the seed, and each trial
 * sits at a random place within its strata. Create one with {@link
 * SearchSamplers#latinHypercube(int, long)}, or with {@link #builder(int)} to set more; the sweep
 * runs {@code n} trials.
 *
 * <p>Trial {@code i}'s point is a function of the seed, {@code n} and {@code i}. A point that a
 * constraint rejects is replaced by random points from trial {@code i}'s own stream until one
 * passes; that trial's strata then stay empty.
 */
public final class LatinHypercubeSampler implements Sampler {
  private final int trials;
  private final long seed;
  private final int maxAttempts;

  private LatinHypercubeSampler(Builder b) {
    this.trials = b.trials;
    this.seed = b.seed;
    this.maxAttempts = b.maxAttempts;
  }

  /**
   * A builder of a Latin hypercube of {@code trials} trials, with the defaults of {@link
   * SearchSamplers#latinHypercube(int, long)}: {@code
   * LatinHypercubeSampler.builder(40).seed(42).maxAttempts(100).build()}.
   *
   * @throws IllegalArgumentException if {@code trials} is below 1
   */
  public static Builder builder(int trials) {
    return new Builder(trials);
  }

  /** The number of trials, and of strata per coordinate. */
  public int trials() {
    return trials;
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
    int[][] strata = new int[d][];
    SplittableRandom shuffle = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
    for (int k = 0; k < d; k++) {
      strata[k] = permutation(trials, shuffle);
    }
    return new CubeSampling(
        space,
        encoding,
        seed,
        maxAttempts,
        (index, rng) -> {
          if (index < 0 || index >= trials) {
            throw new NoSuchElementException(
                "trial " + index + " is beyond this Latin hypercube's " + trials + " trials");
          }
          double[] point = new double[d];
          for (int k = 0; k < d; k++) {
            point[k] = (strata[k][(int) index] + rng.nextDouble()) / trials;
          }
          return point;
        },
        OptionalLong.of(trials));
  }

  /** A uniformly random permutation of {@code 0..n-1} (Fisher–Yates). */
  private static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  @Override
  public String toString() {
    return "latinHypercube(trials=" + trials + ", seed=" + seed + ")";
  }

  /** Builds a {@link LatinHypercubeSampler}; each setter checks its argument as it comes. */
  public static final class Builder {
    private final int trials;
    private long seed;
    private int maxAttempts = RandomSampler.DEFAULT_MAX_ATTEMPTS;

    private Builder(int trials) {
      checkArgument(trials >= 1, "a Latin hypercube needs at least 1 trial, got %s", trials);
      this.trials = trials;
    }

    /**
     * The seed of the strata's shuffles and of the places within them (default 0).
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

    public LatinHypercubeSampler build() {
      return new LatinHypercubeSampler(this);
    }
  }
}
