package dev.sweep.sampler.search;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sweep.Result;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.FloatDomain;
import dev.sweep.space.IntDomain;
import dev.sweep.space.ScalarDomain;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CMA-ES, the covariance matrix adaptation evolution strategy ((mu/mu_w, lambda)-CMA-ES as Hansen's
 * tutorial has it), with IPOP restarts, as Optuna's CMA-ES sampler: for continuous spaces of a few
 * to a few tens of float and integer parameters and hundreds to thousands of trials. Each trial is
 * a point drawn from a multivariate normal distribution on the unit cube of the searched parameters
 * (each on [0, 1] through its domain's distribution, so log domains in log space); after each
 * generation of {@link Builder#populationSize} completed trials, the mean moves to a weighted mean
 * of the better half, and the step size and covariance adapt to the steps that paid (the worse
 * half's steps weigh negatively in the covariance, as in the cmaes library Optuna uses). On the
 * five problems of bench/samplers-vs-optuna.sh it is ahead of Optuna's on three.
 *
 * <pre>{@code
 * Sweep.builder(space, runner).sampler(SearchSamplers.cmaEs(42)).maxTrials(500).build();
 * Sampler tuned = CmaEsSampler.builder().seed(42).sigma(0.3).populationSize(16).build();
 * }</pre>
 *
 * <p><b>Spaces.</b> CMA-ES searches the float and integer parameters outside branches. An integer
 * keeps its continuous coordinate in the distribution and is rounded to its cell only in the
 * config; with the margin (on by default, {@link Builder#margin}: CMA-ES with margin, Hamano et
 * al., 2022) each integer keeps some probability of moving to the next value, so that a narrow
 * range does not settle on one value. Choices, coupled values, branches and everything inside them
 * come from the {@linkplain Builder#independentSampler independent sampler} (random search by
 * default, as Optuna's); where the space has no searched parameter, the sweep is that sampler's
 * alone, as logged. A point outside the cube is drawn again, up to 100 times, then clipped to it. A
 * config the space's constraints reject is drawn again, and after half the attempts the independent
 * sampler's config stands as it is.
 *
 * <p><b>Outcomes.</b> The primary objective is minimised (a maximised one negated); with several
 * objectives, CMA-ES seeks the primary one alone, as logged. The constraints on the outcome are
 * kept: infeasible trials rank after the feasible ones, by how far off; failed and pruned trials,
 * and completed ones without a value, rank last; cancelled ones do not count. <b>Restarts.</b> With
 * {@link Restarts#IPOP} (the default), a run that has converged (step size below 1e-12 of the cube,
 * no effect of an axis or a coordinate on the mean, condition number above 1e14, or best values
 * flat within 1e-12 for {@code 10 + 30 n / lambda} generations) starts again from a random mean
 * with twice the population.
 *
 * <p><b>Parallel trials and determinism.</b> Every ask draws from the distribution of the
 * generation in progress, so threads that ask before the results come back get further points of
 * that generation; the first {@code populationSize} told close it, and those told later of a closed
 * generation are left out. Trial {@code i} draws from a random stream of the seed and {@code i}
 * alone, and the distribution is a function of the trials told before, in order: a sequential sweep
 * gives the same configs for the same seed, also when it resumes (an adopted trial's continuous
 * point is found again from its stream).
 */
public final class CmaEsSampler implements Sampler {
  private static final Logger log = LoggerFactory.getLogger(CmaEsSampler.class);

  private final long seed;
  private final double sigma;
  private final int populationSize;
  private final Restarts restarts;
  private final Sampler independentSampler;
  private final boolean independentSet;
  private final int maxAttempts;
  private final boolean margin;
  private final AtomicBoolean logged = new AtomicBoolean(); // the INFO lines: once per sampler

  private CmaEsSampler(Builder b) {
    this.seed = b.seed;
    this.sigma = b.sigma;
    this.populationSize = b.populationSize;
    this.restarts = b.restarts;
    this.independentSet = b.independentSampler != null;
    // its own seed: its draws are not those of the trial's stream that CMA-ES draws from
    this.independentSampler =
        independentSet ? b.independentSampler : RandomSampler.builder().seed(~seed).build();
    this.maxAttempts = b.maxAttempts;
    this.margin = b.margin;
  }

  /**
   * A builder of CMA-ES samplers, with the defaults of {@link SearchSamplers#cmaEs(long)}: {@code
   * CmaEsSampler.builder().seed(42).restarts(CmaEsSampler.Restarts.NONE).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Samples {@code space} minimising the metric {@value Result#VALUE}. */
  @Override
  public Sampling start(Space space) {
    return start(space, Objective.minimize(Result.VALUE));
  }

  /** Samples {@code space} minimising {@code objective} (a maximised one negated). */
  @Override
  public Sampling start(Space space, Objective objective) {
    return start(space, Objectives.of(objective));
  }

  /**
   * Samples {@code space} seeking the primary objective of {@code objectives}, keeping their
   * constraints; with several objectives, says at INFO (once per sampler) that the others are not
   * sought.
   */
  @Override
  public Sampling start(Space space, Objectives objectives) {
    if (objectives.several() && !logged.getAndSet(true)) {
      log.info(
          "CMA-ES seeks the primary objective {} alone, not {}",
          objectives.primary(),
          objectives.list().subList(1, objectives.size()));
    }
    List<String> paths = new ArrayList<>();
    List<ScalarDomain> domains = new ArrayList<>();
    for (Space.Node node : space.nodes()) {
      if (node instanceof Space.Param p
          && (p.domain() instanceof FloatDomain || p.domain() instanceof IntDomain)) {
        paths.add(p.path());
        domains.add((ScalarDomain) p.domain());
      }
    }
    if (paths.isEmpty()) {
      if (!logged.getAndSet(true)) {
        log.info(
            "CMA-ES: the space has no float or integer parameter outside branches;"
                + " every config comes from the independent sampler {}",
            independentSampler);
      }
      return independentSampler.start(space, objectives);
    }
    return new CmaEsSampling(
        this, space, objectives, independentSampler.start(space, objectives), paths, domains);
  }

  public long seed() {
    return seed;
  }

  /** The initial step size, on the unit cube of the searched parameters. */
  public double sigma() {
    return sigma;
  }

  /**
   * The trials per generation of the first run; 0 for the default, {@code 4 + floor(3 ln n)} for
   * {@code n} searched parameters.
   */
  public int populationSize() {
    return populationSize;
  }

  public Restarts restarts() {
    return restarts;
  }

  /** The sampler of the parameters CMA-ES does not search. */
  public Sampler independentSampler() {
    return independentSampler;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** Whether integer parameters keep a margin (CMA-ES with margin); see {@link Builder#margin}. */
  public boolean margin() {
    return margin;
  }

  /** What happens when a run has converged. */
  public enum Restarts {
    /** Nothing: the run goes on with its (small) step size. */
    NONE,
    /**
     * IPOP (Auger and Hansen, 2005): a new run from a random mean with twice the population, which
     * searches more globally each time.
     */
    IPOP
  }

  @Override
  public String toString() {
    return "cmaes(seed="
        + seed
        + (sigma != Builder.SIGMA ? ", sigma=" + sigma : "")
        + (populationSize != 0 ? ", populationSize=" + populationSize : "")
        + (restarts != Restarts.IPOP ? ", restarts=" + restarts : "")
        + (independentSet ? ", independent=" + independentSampler : "")
        + (margin ? "" : ", no margin")
        + ")";
  }

  /** Builds a {@link CmaEsSampler}; each setter checks its argument as it comes. */
  public static final class Builder {
    static final double SIGMA = 1.0 / 6;

    private long seed;
    private double sigma = SIGMA;
    private int populationSize;
    private Restarts restarts = Restarts.IPOP;
    private Sampler independentSampler;
    private int maxAttempts = RandomSampler.DEFAULT_MAX_ATTEMPTS;
    private boolean margin = true;

    private Builder() {}

    /**
     * Whether integer parameters keep a margin (default true): CMA-ES with margin (Hamano et al.,
     * 2022, Optuna's {@code with_margin=True}) keeps at least {@code 1 / (n lambda)} probability of
     * drawing each integer beyond the value its mean rounds to, so that a narrow range does not
     * settle on one value while the step size shrinks. Without, an integer is a float rounded to
     * its cell in the config, as Optuna's default.
     *
     * @return this builder
     */
    public Builder margin(boolean margin) {
      this.margin = margin;
      return this;
    }

    /**
     * The seed of every trial's random stream and of the restarts' means (default 0).
     *
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The initial step size on the unit cube (default 1/6, as Optuna: the cube's width over 6).
     *
     * @return this builder
     * @throws IllegalArgumentException if it is not in (0, 1]
     */
    public Builder sigma(double sigma) {
      checkArgument(sigma > 0 && sigma <= 1, "sigma must be in (0, 1], got %s", sigma);
      this.sigma = sigma;
      return this;
    }

    /**
     * Completed trials per generation of the first run (default {@code 4 + floor(3 ln n)} for
     * {@code n} searched parameters); IPOP doubles it at each restart.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code populationSize} is below 4
     */
    public Builder populationSize(int populationSize) {
      checkArgument(populationSize >= 4, "populationSize must be >= 4, got %s", populationSize);
      this.populationSize = populationSize;
      return this;
    }

    /**
     * What a converged run does (default {@link Restarts#IPOP}).
     *
     * @return this builder
     */
    public Builder restarts(Restarts restarts) {
      this.restarts = Objects.requireNonNull(restarts, "restarts == null");
      return this;
    }

    /**
     * The sampler of choices, branches and the parameters inside them (default: random search from
     * a seed derived from this one, as Optuna's; {@code SearchSamplers.tpe(seed)} models them, at
     * TPE's cost per ask). It is asked for every trial and told every outcome; an adaptive one
     * keeps its own proposal for the parameters CMA-ES replaced, which a univariate TPE's model of
     * the others does not see.
     *
     * @return this builder
     */
    public Builder independentSampler(Sampler independentSampler) {
      this.independentSampler =
          Objects.requireNonNull(independentSampler, "independentSampler == null");
      return this;
    }

    /**
     * Configs per trial that constraints may reject (default {@value
     * RandomSampler#DEFAULT_MAX_ATTEMPTS}): CMA-ES draws half of them, the independent sampler the
     * rest.
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
    public CmaEsSampler build() {
      return new CmaEsSampler(this);
    }
  }
}
