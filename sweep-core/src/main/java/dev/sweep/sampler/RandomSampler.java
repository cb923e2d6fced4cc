package dev.sweep.sampler;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sweep.config.Config;
import dev.sweep.space.Space;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Independent random samples. Trial {@code i} draws from its own random stream, seeded by {@code
 * (seed, i)} alone, so its config does not depend on threads, completion order or a resume. Create
 * one with {@link Samplers#random(long)}, or with {@link #builder()} to set more than the seed:
 * {@code RandomSampler.builder().seed(42).distinct(true).build()}.
 */
public final class RandomSampler implements Sampler {
  /** The default bound on attempts per trial when constraints reject samples. */
  public static final int DEFAULT_MAX_ATTEMPTS = 1_000;

  private final long seed;
  private final boolean distinct;
  private final int maxAttempts;

  private RandomSampler(Builder b) {
    this.seed = b.seed;
    this.distinct = b.distinct;
    this.maxAttempts = b.maxAttempts;
  }

  /**
   * A builder of random samplers, with the defaults of {@link Samplers#random(long)} and seed 0.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this sampler's settings. */
  public Builder toBuilder() {
    return builder().seed(seed).distinct(distinct).maxAttempts(maxAttempts);
  }

  /**
   * A copy that never proposes a config twice.
   *
   * @deprecated use {@code RandomSampler.builder().seed(seed).distinct(true).build()}: one builder
   *     convention for every sampler
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public RandomSampler distinct() {
    return toBuilder().distinct(true).build();
  }

  /**
   * A copy with another bound on the attempts per trial.
   *
   * @deprecated use {@code RandomSampler.builder().seed(seed).maxAttempts(n).build()}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public RandomSampler maxAttempts(int maxAttempts) {
    return toBuilder().maxAttempts(maxAttempts).build();
  }

  public long seed() {
    return seed;
  }

  /** Whether the sampler never proposes a config twice. */
  public boolean isDistinct() {
    return distinct;
  }

  /** Samples per trial that constraints may reject before the sweep stops. */
  public int maxAttempts() {
    return maxAttempts;
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
            return Sample.ofFresh(index, params, config, space);
          }
        }
        throw rejections.failure(
            "trial "
                + index
                + ": no sample satisfied the constraints in "
                + maxAttempts
                + " attempts");
      }

      @Override
      public void skip(long index) {
        if (seen != null) {
          ask(index); // distinct samples depend on the earlier ones
        }
      }
    };
  }

  @Override
  public String toString() {
    return "random(seed=" + seed + (distinct ? ", distinct" : "") + ")";
  }

  /** Builds a {@link RandomSampler}; each setter checks its argument as it comes. */
  public static final class Builder {
    private long seed;
    private boolean distinct;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

    private Builder() {}

    /**
     * The seed of every trial's random stream. Default: 0.
     *
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Whether the sampler never proposes a config twice: a repeated one is drawn again from the
     * same trial's stream and counts as a rejection. Trial {@code i}'s config then also depends on
     * trials {@code 0..i-1}, which the sweep always asks for first, so it is still reproducible.
     * Default: false.
     *
     * @return this builder
     */
    public Builder distinct(boolean distinct) {
      this.distinct = distinct;
      return this;
    }

    /**
     * Samples per trial that constraints (and, when distinct, repeats) may reject before the sweep
     * stops. Default: {@value RandomSampler#DEFAULT_MAX_ATTEMPTS}.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code maxAttempts} is below 1
     */
    public Builder maxAttempts(int maxAttempts) {
      checkArgument(maxAttempts >= 1, "maxAttempts must be >= 1, got %s", maxAttempts);
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The sampler. */
    public RandomSampler build() {
      return new RandomSampler(this);
    }
  }
}
