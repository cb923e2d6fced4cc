package dev.sweep.sampler.search;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sweep.Result;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;

/**
 * The tree-structured Parzen estimator (Bergstra et al., 2011), as Optuna's TPE sampler has it:
 * after some random start-up trials, each ask splits the trials so far into the better ones and the
 * rest, fits a weighted Parzen estimator to each, l(x) and g(x), draws candidates from l and
 * proposes the one where l(x) / g(x) is largest. Numeric parameters are modelled on [0, 1] through
 * their domain's distribution (so log domains are modelled in log space, integers by their cells),
 * choices, branch names and coupled values as categories, and a branch's parameters only from the
 * trials that chose that branch, split into better and worse among themselves; three branch choices
 * in ten are drawn from the branches' weights, so that a branch worse almost everywhere is still
 * searched for a narrow optimum. Lists are drawn at random. Unlike Optuna, no trial weighs less for
 * its age; in l(x) the better trials weigh more the better they rank ({@link Builder#bestWeight});
 * one by one, the best trial's kernel is as narrow as a mixture of all trials would make it, so
 * that the search refines the best value so far, and candidates are drawn at six times their
 * kernel's width, so that the ratio also weighs the stretches between the better trials. On
 * bench/samplers-vs-optuna.sh each finds better configs. For a noisy objective, see {@link
 * Builder#bestWeight}.
 *
 * <pre>{@code
 * Sweep.builder(space, runner)
 *     .sampler(SearchSamplers.tpe(42))                                    // univariate
 *     .sampler(TpeSampler.builder().seed(42).multivariate(true).build()) // or jointly
 *     .maxTrials(200).threads(4).build();
 * }</pre>
 *
 * <p><b>Parallel trials.</b> With the constant liar (on by default), trials asked for and not yet
 * finished count among the worse trials, so that parallel asks move away from each other rather
 * than propose the same config. <b>Constraints.</b> A proposal a constraint rejects is told back as
 * a worse trial and a new one is made, up to {@code maxAttempts} times. <b>Outcomes.</b> Completed
 * trials rank by their objective; pruned ones count among the worse; failed and cancelled ones are
 * left out.
 *
 * <p><b>Determinism.</b> Trial {@code i} draws from a random stream of the seed and {@code i}
 * alone, and its proposal is a function of that stream and the sequence of asks, tells and
 * adoptions before it. A sequential sweep (one thread) therefore gives the same configs for the
 * same seed every time, also when it resumes. With parallel trials, which trials are still running
 * at each ask depends on timing, so configs after the start-up trials may differ from run to run;
 * replaying the same order of asks and tells gives the same configs again, and a resumed sweep
 * keeps the configs its folder holds.
 */
public final class TpeSampler implements Sampler {
  private final long seed;
  private final int startupTrials;
  private final int candidates;
  private final boolean candidatesSet;
  private final boolean multivariate;
  private final boolean constantLiar;
  private final double priorWeight;
  private final double bestWeight;
  private final int maxAttempts;

  private TpeSampler(Builder b) {
    this.seed = b.seed;
    this.startupTrials = b.startupTrials;
    this.candidates = b.candidates;
    this.candidatesSet = b.candidatesSet;
    this.multivariate = b.multivariate;
    this.constantLiar = b.constantLiar;
    this.priorWeight = b.priorWeight;
    this.bestWeight = b.bestWeight;
    this.maxAttempts = b.maxAttempts;
  }

  /**
   * A builder of TPE samplers, with the defaults of {@link SearchSamplers#tpe(long)}: {@code
   * TpeSampler.builder().seed(42).multivariate(true).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Samples {@code space} minimising the metric {@value Result#VALUE}. */
  @Override
  public Sampling start(Space space) {
    return start(space, Objective.minimize(Result.VALUE));
  }

  @Override
  public Sampling start(Space space, Objective objective) {
    SpaceEncoding encoding = new SpaceEncoding(space);
    return new ModelSampling(space, objective, encoding, settings(), new TpeModel(this, encoding));
  }

  /**
   * Samples {@code space} for {@code objectives}. With several objectives, or constraints on the
   * outcome, this is MOTPE (Ozaki et al., 2020), as Optuna's TPE sampler becomes when a study has
   * several directions: the better trials are the feasible ones of the lowest Pareto ranks, the
   * last rank's chosen to cover the most hypervolume, each weighing more the more hypervolume it
   * alone dominates; infeasible trials are among the worse once enough are feasible. The model
   * (Parzen estimators, candidates, the constant liar) is the single-objective one.
   */
  @Override
  public Sampling start(Space space, Objectives objectives) {
    if (!Observed.pareto(objectives)) {
      return start(space, objectives.primary());
    }
    SpaceEncoding encoding = new SpaceEncoding(space);
    return new ModelSampling(space, objectives, encoding, settings(), new TpeModel(this, encoding));
  }

  private ModelSampling.Settings settings() {
    return new ModelSampling.Settings(seed, startupTrials, maxAttempts, constantLiar);
  }

  public long seed() {
    return seed;
  }

  public int startupTrials() {
    return startupTrials;
  }

  /** Candidates drawn per proposal of a parameter alone. */
  public int candidates() {
    return candidates;
  }

  /**
   * Candidates drawn per joint proposal of {@code parameters} parameters: the number set, else
   * {@value Builder#CANDIDATES_PER_PARAMETER} per parameter and at least {@value
   * Builder#CANDIDATES}.
   */
  int candidates(int parameters) {
    return candidatesSet
        ? candidates
        : Math.max(Builder.CANDIDATES, Builder.CANDIDATES_PER_PARAMETER * parameters);
  }

  public boolean multivariate() {
    return multivariate;
  }

  public boolean constantLiar() {
    return constantLiar;
  }

  public double priorWeight() {
    return priorWeight;
  }

  /**
   * The best trial's weight in l(x); see {@link Builder#bestWeight} (default {@value
   * Builder#BEST_WEIGHT}).
   */
  public double bestWeight() {
    return bestWeight;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  @Override
  public String toString() {
    return "tpe(seed="
        + seed
        + (multivariate ? ", multivariate" : "")
        + (constantLiar ? "" : ", no constant liar")
        + (startupTrials != Builder.STARTUP ? ", startup=" + startupTrials : "")
        + (candidatesSet ? ", candidates=" + candidates : "")
        + (bestWeight != Builder.BEST_WEIGHT ? ", bestWeight=" + bestWeight : "")
        + ")";
  }

  /**
   * Builds a {@link TpeSampler}; each setter checks its argument as it comes. The defaults are
   * Optuna's, but for {@link #bestWeight}.
   */
  public static final class Builder {
    static final int STARTUP = 10;
    static final int CANDIDATES = 24;
    static final int CANDIDATES_PER_PARAMETER = 8;
    static final double BEST_WEIGHT = 6;

    private long seed;
    private int startupTrials = STARTUP;
    private int candidates = CANDIDATES;
    private boolean candidatesSet;
    private boolean multivariate;
    private boolean constantLiar = true;
    private double priorWeight = 1.0;
    private double bestWeight = BEST_WEIGHT;
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
     * Random trials before the model takes over (default {@value #STARTUP}); pruned trials count.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code startupTrials} is below 1
     */
    public Builder startupTrials(int startupTrials) {
      checkArgument(startupTrials >= 1, "startupTrials must be >= 1, got %s", startupTrials);
      this.startupTrials = startupTrials;
      return this;
    }

    /**
     * Candidates drawn from l(x) per proposal (default {@value #CANDIDATES}, Optuna's). A joint
     * proposal draws {@value #CANDIDATES_PER_PARAMETER} per parameter of its level by default (at
     * least {@value #CANDIDATES}): the larger the space, the more draws it takes to come near the
     * best ratio. On bench/samplers-vs-optuna.sh's five- and six-parameter problems that lowered
     * the median regret at 100 trials on 100 seeds (100-199; Hartmann6 0.157 to 0.122, Rosenbrock-5
     * 85.5 to 68.6, Ackley-5 6.70 to 6.36); Branin's two parameters keep 24. Once set, joint
     * proposals draw this number too.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code candidates} is below 1
     */
    public Builder candidates(int candidates) {
      checkArgument(candidates >= 1, "candidates must be >= 1, got %s", candidates);
      this.candidates = candidates;
      this.candidatesSet = true;
      return this;
    }

    /**
     * Models the parameters of each level jointly rather than one by one (default false): each
     * kernel a product over the parameters, with the univariate rule's width in each, so that
     * values that went together stay together. On bench/samplers-vs-optuna.sh it finds better
     * configs than the univariate TPE on four of its five problems.
     *
     * @return this builder
     */
    public Builder multivariate(boolean multivariate) {
      this.multivariate = multivariate;
      return this;
    }

    /**
     * Counts running trials among the worse ones (default true), so that parallel asks move away
     * from each other.
     *
     * @return this builder
     */
    public Builder constantLiar(boolean constantLiar) {
      this.constantLiar = constantLiar;
      return this;
    }

    /**
     * The weight of the prior kernel in each estimator (default 1).
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code priorWeight} is not a finite number above 0
     */
    public Builder priorWeight(double priorWeight) {
      checkArgument(
          priorWeight > 0 && Double.isFinite(priorWeight),
          "priorWeight must be finite and > 0, got %s",
          priorWeight);
      this.priorWeight = priorWeight;
      return this;
    }

    /**
     * The weight in l(x) of the best trial's kernels in numeric parameters (default {@value
     * #BEST_WEIGHT}): the better trials weigh 1 + (w - 1) / 2^r by their rank r (0 for the best)
     * among those with a value there, so that more proposals go near the best configs so far; 1
     * weighs them all the same, as Optuna does.
     *
     * <p>That pays when the objective is deterministic. On bench/samplers-vs-optuna.sh's problems
     * (seeds 220-619), 6 against 1 lowered the univariate TPE's median regret at 100 / 200 trials
     * from 0.0081 / 0.0030 to 0.0025 / 0.00066 on Branin, 0.202 / 0.088 to 0.189 / 0.072 on
     * Hartmann6, 130 / 32 to 78 / 21 on Rosenbrock-5, 7.39 / 4.95 to 5.43 / 4.02 on Ackley-5 and
     * 0.021 / 0.0019 to 0.0040 / 0.00044 on the mixed space. It costs when the objective is noisy,
     * where the best value so far is partly luck: with Gaussian noise of sd 0.1 on every value told
     * (SamplerQuality -Dnoise=0.1), Hartmann6's median regret at 200 trials rose from 0.185 to
     * 0.237 (on seeds 220-319, 0.241 against 0.172 for 1 and 0.171 for Optuna's TPE), while
     * Branin's and the mixed space's still fell. For a noisy objective, set 1, or use the
     * multivariate TPE, which kept 0.144 there with 6. One by one, categorical parameters weigh
     * every better trial the same with one objective: weighting them too did worse on the mixed
     * space (with several, they weigh by their share of the front, as MOTPE's numbers do). Jointly,
     * the weight is that of the trial's whole kernel, in every level with a numeric parameter.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code bestWeight} is not a finite number of at least 1
     */
    public Builder bestWeight(double bestWeight) {
      checkArgument(
          bestWeight >= 1 && Double.isFinite(bestWeight),
          "bestWeight must be finite and >= 1, got %s",
          bestWeight);
      this.bestWeight = bestWeight;
      return this;
    }

    /**
     * Proposals per trial that constraints may reject before the sweep stops (default {@value
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
    public TpeSampler build() {
      return new TpeSampler(this);
    }
  }
}
