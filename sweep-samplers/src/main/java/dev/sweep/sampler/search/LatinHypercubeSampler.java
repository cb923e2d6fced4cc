package dev.sweep.sampler.search;

import dev.sweep.sampler.Sampler;
import dev.sweep.space.Space;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * A Latin hypercube of {@code n} trials: each coordinate's range is cut into {@code n} equal
 * strata and every stratum holds exactly one trial, so each parameter on its own is spread evenly
 * however many parameters there are. The strata are shuffled per coordinate from the seed, and each
 * trial sits at a random place within its strata. Create one with
 * {@link SearchSamplers#latinHypercube(int, long)}; the sweep runs {@code n} trials.
 *
 * <p>Trial {@code i}'s point is a function of the seed, {@code n} and {@code i}. A point that a
 * constraint rejects is replaced by random points from trial {@code i}'s own stream until one
 * passes; that trial's strata then stay empty.
 */
public final class LatinHypercubeSampler implements Sampler {
  private final int trials;
  private final long seed;
  private final int maxAttempts;

  LatinHypercubeSampler(int trials, long seed, int maxAttempts) {
    if (trials < 1) {
      throw new IllegalArgumentException("a Latin hypercube needs at least 1 trial, got " + trials);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    this.trials = trials;
    this.seed = seed;
    this.maxAttempts = maxAttempts;
  }

  /** A copy with another bound on the attempts per trial when constraints reject points. */
  public LatinHypercubeSampler maxAttempts(int maxAttempts) {
    return new LatinHypercubeSampler(trials, seed, maxAttempts);
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
    return new CubeSampling(space, encoding, seed, maxAttempts, (index, rng) -> {
      if (index < 0 || index >= trials) {
        throw new NoSuchElementException("trial " + index + " is beyond this Latin hypercube's " + trials + " trials");
      }
      double[] point = new double[d];
      for (int k = 0; k < d; k++) {
        point[k] = (strata[k][(int) index] + rng.nextDouble()) / trials;
      }
      return point;
    }, OptionalLong.of(trials));
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
}
