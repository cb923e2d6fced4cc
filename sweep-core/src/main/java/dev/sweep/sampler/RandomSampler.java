package dev.sweep.sampler;

import dev.sweep.config.Config;
import dev.sweep.space.Space;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Independent random samples. Trial {@code i} draws from its own random stream, seeded by
 * {@code (seed, i)} alone, so its config does not depend on threads, completion order or a resume.
 * Create one with {@link Samplers#random(long)}.
 */
public final class RandomSampler implements Sampler {
  /** The default bound on attempts per trial when constraints reject samples. */
  public static final int DEFAULT_MAX_ATTEMPTS = 1_000;

  private final long seed;
  private final boolean distinct;
  private final int maxAttempts;

  RandomSampler(long seed, boolean distinct, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    this.seed = seed;
    this.distinct = distinct;
    this.maxAttempts = maxAttempts;
  }

  /**
   * A copy that never proposes a config twice: a repeated one is drawn again from the same
   * trial's stream and counts as a rejection. Trial {@code i}'s config then also depends on trials
   * {@code 0..i-1}, which the sweep always asks for first, so it is still reproducible.
   */
  public RandomSampler distinct() {
    return new RandomSampler(seed, true, maxAttempts);
  }

  /** A copy with another bound on the attempts per trial (default {@value #DEFAULT_MAX_ATTEMPTS}). */
  public RandomSampler maxAttempts(int maxAttempts) {
    return new RandomSampler(seed, distinct, maxAttempts);
  }

  public long seed() {
    return seed;
  }

  /** The random stream of trial {@code index}: a function of the seed and the index only. */
  public static SplittableRandom stream(long seed, long index) {
    return new SplittableRandom(mix(seed) ^ mix(index + 0x632BE59BD9B4E019L));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public Sampling start(Space space) {
    return new Sampling() {
      private final Rejections rejections = new Rejections(space);
      private final Set<Map<String, Object>> seen = distinct ? new HashSet<>() : null;

      @Override
      public Sample ask(long index) {
        SplittableRandom rng = stream(seed, index);
        rejections.reset();
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
          Map<String, Object> params = space.sample(rng);
          if (seen != null && seen.contains(params)) {
            rejections.duplicate();
            continue;
          }
          Config config = space.toConfig(params);
          if (rejections.allows(config)) {
            if (seen != null) {
              seen.add(params);
            }
            return new Sample(index, params, config, space);
          }
        }
        throw rejections.failure(
            "trial " + index + ": no sample satisfied the constraints in " + maxAttempts + " attempts");
      }
    };
  }

  @Override
  public String toString() {
    return "random(seed=" + seed + (distinct ? ", distinct" : "") + ")";
  }
}
