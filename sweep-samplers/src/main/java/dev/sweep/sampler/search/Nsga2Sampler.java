package dev.sweep.sampler.search;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sweep.Result;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;

/**
 * NSGA-II (Deb et al., 2002), as Optuna 3.1's NSGA-II sampler has it: a genetic search of the
 * Pareto front of several objectives. Trials come in generations of {@link Builder#populationSize}
 * completed trials; the first generation is drawn from the space's prior. After a generation
 * completes, its trials and the previous parents are sorted by Pareto rank (constrained domination
 * where the sweep keeps constraints on the outcome: every feasible trial before every infeasible
 * one, those by how far off) and the best {@code populationSize} become the parents, the last rank
 * that fits in part by crowding distance. Each trial of the next generation is a child of parents
 * picked by binary tournament on (rank, crowding): with {@link Builder#crossoverProbability} a
 * uniform crossover of two (each parameter from the second with {@link
 * Builder#swappingProbability}), else a copy of one; then each parameter is drawn again from its
 * prior with {@link Builder#mutationProbability}.
 *
 * <pre>{@code
 * Sampler.Sampling sampling = SearchSamplers.nsga2(42)
 *     .start(space, Objective.minimize("error").andMinimize("latency_ms"));
 * Sampler tuned = Nsga2Sampler.builder().seed(42).populationSize(20).build();
 * }</pre>
 *
 * <p><b>Spaces.</b> Children are made in the space's encoding ({@link SpaceEncoding}): numeric
 * parameters by their quantile (log domains in log space, integers by their cells), choices, branch
 * names and coupled values as categories. A parameter one parent lacks (it chose another branch)
 * comes from the other; one neither has is drawn from its prior, as are lists. A child the space's
 * constraints reject is made again, from other parents, and after half the attempts from the prior
 * alone. <b>Outcomes.</b> Completed trials with a value for every objective make up the
 * generations; failed, pruned and cancelled ones are never parents and do not fill a generation.
 *
 * <p><b>Determinism.</b> Trial {@code i} draws from a random stream of the seed and {@code i}
 * alone; its generation, and so its parents, follow from the trials told before it was asked. A
 * sequential sweep gives the same configs for the same seed, also when it resumes (the configs its
 * folder holds are adopted, their outcomes told again in order); parallel trials may fill a
 * generation in another order from run to run.
 */
public final class Nsga2Sampler implements Sampler {
  private final long seed;
  private final int populationSize;
  private final double crossoverProbability;
  private final double mutationProbability;
  private final double swappingProbability;
  private final Crossover crossover;
  private final int maxAttempts;

  private Nsga2Sampler(Builder b) {
    this.seed = b.seed;
    this.populationSize = b.populationSize;
    this.crossoverProbability = b.crossoverProbability;
    this.mutationProbability = b.mutationProbability;
    this.swappingProbability = b.swappingProbability;
    this.crossover = b.crossover;
    this.maxAttempts = b.maxAttempts;
  }

  /**
   * A builder of NSGA-II samplers, with the defaults of {@link SearchSamplers#nsga2(long)}: {@code
   * Nsga2Sampler.builder().seed(42).populationSize(20).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Samples {@code space} minimising the metric {@value Result#VALUE}: a genetic algorithm. */
  @Override
  public Sampling start(Space space) {
    return start(space, Objective.minimize(Result.VALUE));
  }

  /** Samples {@code space} seeking {@code objective} alone: a genetic algorithm. */
  @Override
  public Sampling start(Space space, Objective objective) {
    return start(space, Objectives.of(objective));
  }

  /**
   * Samples {@code space} for the Pareto front of {@code objectives}, keeping their constraints.
   */
  @Override
  public Sampling start(Space space, Objectives objectives) {
    return new Nsga2Sampling(this, space, objectives);
  }

  public long seed() {
    return seed;
  }

  /** Completed trials per generation, and parents kept from one to the next. */
  public int populationSize() {
    return populationSize;
  }

  public double crossoverProbability() {
    return crossoverProbability;
  }

  /**
   * The chance that a child's parameter is drawn from its prior; NaN for the default, 1 / the
   * number of the parent's parameters.
   */
  public double mutationProbability() {
    return mutationProbability;
  }

  public double swappingProbability() {
    return swappingProbability;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** How two parents' numeric parameters cross; see {@link Crossover}. */
  public Crossover crossover() {
    return crossover;
  }

  /** How a crossover makes a child's numeric parameters; categories always cross uniformly. */
  public enum Crossover {
    /**
     * Each parameter from one parent or the other (the second with the swapping probability), as
     * Optuna 3.1's default.
     */
    UNIFORM,
    /**
     * Simulated binary crossover (Deb and Agrawal, 1995) of each numeric parameter's quantile: a
     * value near the two parents' rather than one of them, so that generations refine as well as
     * recombine; categories still cross uniformly.
     */
    SBX
  }

  @Override
  public String toString() {
    return "nsga2(seed="
        + seed
        + (populationSize != Builder.POPULATION ? ", populationSize=" + populationSize : "")
        + (crossoverProbability != Builder.CROSSOVER
            ? ", crossoverProbability=" + crossoverProbability
            : "")
        + (Double.isNaN(mutationProbability) ? "" : ", mutationProbability=" + mutationProbability)
        + (swappingProbability != Builder.SWAPPING
            ? ", swappingProbability=" + swappingProbability
            : "")
        + (crossover != Crossover.UNIFORM ? ", crossover=" + crossover : "")
        + ")";
  }

  /**
   * Builds an {@link Nsga2Sampler}; each setter checks its argument as it comes. Optuna's defaults.
   */
  public static final class Builder {
    static final int POPULATION = 50;
    static final double CROSSOVER = 0.9;
    static final double SWAPPING = 0.5;

    private long seed;
    private int populationSize = POPULATION;
    private double crossoverProbability = CROSSOVER;
    private double mutationProbability = Double.NaN;
    private double swappingProbability = SWAPPING;
    private Crossover crossover = Crossover.UNIFORM;
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
     * Completed trials per generation, and parents kept (default {@value #POPULATION}).
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code populationSize} is below 2
     */
    public Builder populationSize(int populationSize) {
      checkArgument(populationSize >= 2, "populationSize must be >= 2, got %s", populationSize);
      this.populationSize = populationSize;
      return this;
    }

    /**
     * The chance that a child crosses two parents rather than copies one (default {@value
     * #CROSSOVER}).
     *
     * @return this builder
     * @throws IllegalArgumentException if it is not in [0, 1]
     */
    public Builder crossoverProbability(double crossoverProbability) {
      checkArgument(
          crossoverProbability >= 0 && crossoverProbability <= 1,
          "crossoverProbability must be in [0, 1], got %s",
          crossoverProbability);
      this.crossoverProbability = crossoverProbability;
      return this;
    }

    /**
     * The chance that each of a child's parameters is drawn from its prior instead (default 1 / the
     * number of the first parent's parameters).
     *
     * @return this builder
     * @throws IllegalArgumentException if it is not in [0, 1]
     */
    public Builder mutationProbability(double mutationProbability) {
      checkArgument(
          mutationProbability >= 0 && mutationProbability <= 1,
          "mutationProbability must be in [0, 1], got %s",
          mutationProbability);
      this.mutationProbability = mutationProbability;
      return this;
    }

    /**
     * In a crossover, the chance that a parameter comes from the second parent (default {@value
     * #SWAPPING}).
     *
     * @return this builder
     * @throws IllegalArgumentException if it is not in [0, 1]
     */
    public Builder swappingProbability(double swappingProbability) {
      checkArgument(
          swappingProbability >= 0 && swappingProbability <= 1,
          "swappingProbability must be in [0, 1], got %s",
          swappingProbability);
      this.swappingProbability = swappingProbability;
      return this;
    }

    /**
     * How numeric parameters cross (default {@link Crossover#UNIFORM}).
     *
     * @return this builder
     */
    public Builder crossover(Crossover crossover) {
      this.crossover = java.util.Objects.requireNonNull(crossover, "crossover == null");
      return this;
    }

    /**
     * Children per trial that constraints may reject before the sweep stops (default {@value
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
    public Nsga2Sampler build() {
      return new Nsga2Sampler(this);
    }
  }
}
