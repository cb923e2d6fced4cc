package dev.sweep.sampler.search;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sweep.Result;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sampler for a user who does not know which to pick: at the start of a sweep it looks at the
 * space (the kinds and number of parameters, branches, coupled values), the objectives and, where
 * known, the budget, chooses among TPE (univariate or multivariate) and CMA-ES, says which and why
 * at INFO, and the sweep is the chosen sampler's from then on: its asks, tells, warm start, resume
 * and skips.
 *
 * <pre>{@code
 * Sweep.builder(space, runner).sampler(SearchSamplers.auto(42)).maxTrials(200).build();
 * Sampler sized = AutoSampler.builder().seed(42).budget(2000).build();
 * }</pre>
 *
 * <p><b>The rule</b>, chosen on the tuning half of the issue 28 suite (docs/guide/samplers.md has
 * the figures):
 *
 * <ul>
 *   <li>several objectives, or constraints on the outcome: {@link TpeSampler}, which becomes MOTPE;
 *   <li>branches: univariate TPE;
 *   <li>any choice, list, coupled values or integer: multivariate TPE ({@code
 *       TpeSampler.builder().seed(seed).multivariate(true)});
 *   <li>two floats or more and nothing else: {@link CmaEsSampler};
 *   <li>one float: univariate TPE.
 * </ul>
 *
 * Each chosen sampler has its defaults and this sampler's seed. {@link #choice} tells the choice
 * for a space without starting a sweep.
 */
public final class AutoSampler implements Sampler {
  private static final Logger log = LoggerFactory.getLogger(AutoSampler.class);

  private final long seed;
  private final OptionalLong budget;

  private AutoSampler(Builder b) {
    this.seed = b.seed;
    this.budget = b.budget;
  }

  /**
   * A builder of automatic samplers, with the defaults of {@link SearchSamplers#auto(long)}: {@code
   * AutoSampler.builder().seed(42).budget(500).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The sampler chosen and why.
   *
   * @param sampler the chosen sampler, with its defaults and the seed of the automatic one
   * @param reason what was chosen and why, as logged: {@code "CMA-ES (5 floats, no choices or
   *     branches, budget 500)"}
   */
  public record Choice(Sampler sampler, String reason) {
    public Choice {
      Objects.requireNonNull(sampler, "sampler == null");
      Objects.requireNonNull(reason, "reason == null");
    }
  }

  /** The sampler this one chooses for {@code space} and {@code objectives}, and why. */
  public Choice choice(Space space, Objectives objectives) {
    AutoRule.Decision d =
        AutoRule.choose(
            SpaceProfile.of(space), budget, objectives.size(), !objectives.constraints().isEmpty());
    Sampler sampler =
        switch (d.algorithm()) {
          case TPE -> TpeSampler.builder().seed(seed).build();
          case TPE_MULTIVARIATE -> TpeSampler.builder().seed(seed).multivariate(true).build();
          case GP -> GpSampler.builder().seed(seed).build();
          case CMA_ES -> CmaEsSampler.builder().seed(seed).build();
          case NSGA2 -> Nsga2Sampler.builder().seed(seed).build();
        };
    return new Choice(sampler, d.algorithm().label + " (" + d.why() + ")");
  }

  /** Samples {@code space} minimising the metric {@value Result#VALUE}. */
  @Override
  public Sampling start(Space space) {
    return start(space, Objective.minimize(Result.VALUE));
  }

  /** Samples {@code space} seeking {@code objective}. */
  @Override
  public Sampling start(Space space, Objective objective) {
    return start(space, Objectives.of(objective));
  }

  /**
   * The {@linkplain #choice chosen} sampler's sampling of {@code space} for {@code objectives};
   * says at INFO which sampler and why.
   */
  @Override
  public Sampling start(Space space, Objectives objectives) {
    Choice choice = choice(space, objectives);
    log.info("auto: {}", choice.reason());
    return choice.sampler().start(space, objectives);
  }

  public long seed() {
    return seed;
  }

  /** The number of trials the sweep will run, where known. */
  public OptionalLong budget() {
    return budget;
  }

  @Override
  public String toString() {
    return "auto(seed=" + seed + (budget.isPresent() ? ", budget=" + budget.getAsLong() : "") + ")";
  }

  /** Builds an {@link AutoSampler}; each setter checks its argument as it comes. */
  public static final class Builder {
    private long seed;
    private OptionalLong budget = OptionalLong.empty();

    private Builder() {}

    /**
     * The seed of the chosen sampler (default 0).
     *
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The number of trials the sweep will run (default: unknown), logged with the choice. The rule
     * does not turn on it yet: between the suite's budgets, 100 and 200 trials, no row's choice
     * changed.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code trials} is below 1
     */
    public Builder budget(long trials) {
      checkArgument(trials >= 1, "budget must be >= 1 trial, got %s", trials);
      this.budget = OptionalLong.of(trials);
      return this;
    }

    /** The sampler; every setting was checked as it was set. */
    public AutoSampler build() {
      return new AutoSampler(this);
    }
  }
}
