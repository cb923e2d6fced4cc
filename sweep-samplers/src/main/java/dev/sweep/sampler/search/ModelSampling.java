package dev.sweep.sampler.search;

import dev.sweep.config.Config;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Rejections;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One sweep of a model-based sampler (TPE, the Gaussian process): the asks, tells and adoptions
 * that every model shares, around a {@link Model} that makes the proposals. Trial {@code i} draws
 * from a random stream of the seed and {@code i} alone: a random config of the space while the
 * start-up trials last, a model's proposal after. An asked or adopted trial is observed pending
 * until it is told; a proposal that constraints reject is tried again, up to the bound of attempts.
 */
final class ModelSampling implements Sampler.Sampling {

  /** The part of a model-based sampler that makes proposals from the observations so far. */
  interface Model {
    /** Whether the observations suffice for a proposal, the start-up trials aside. */
    boolean ready(Observations observations);

    /** A proposal's params, drawing from {@code rng}, the trial's stream. */
    Map<String, Object> propose(Observations observations, SplittableRandom rng);

    /**
     * Whether a proposal the constraints reject is observed among the worse trials, so that later
     * ones move away.
     */
    boolean learnsFromRejections();
  }

  /** What every model-based sampler is set with. */
  record Settings(long seed, int startupTrials, int maxAttempts, boolean constantLiar) {}

  private final Space space;
  private final Settings settings;
  private final Model model;
  private final Observations observations;
  private final Rejections rejections;

  ModelSampling(
      Space space, Objective objective, SpaceEncoding encoding, Settings settings, Model model) {
    this(space, Objectives.of(objective), encoding, settings, model);
  }

  /**
   * A sweep that seeks {@code objectives}: with several, or constraints on the outcome, the
   * observations keep every objective's value and the violation, for {@link ParetoSplit}.
   */
  ModelSampling(
      Space space, Objectives objectives, SpaceEncoding encoding, Settings settings, Model model) {
    this.space = space;
    this.settings = settings;
    this.model = model;
    this.observations = new Observations(encoding, settings.constantLiar(), objectives);
    this.rejections = new Rejections(space);
  }

  /**
   * @throws dev.sweep.sampler.ConstraintsUnsatisfiedException naming the constraints that rejected
   *     every attempt
   */
  @Override
  public Sample ask(long index) {
    SplittableRandom rng = RandomSampler.stream(settings.seed(), index);
    rejections.reset();
    for (int attempt = 0; attempt < settings.maxAttempts(); attempt++) {
      Map<String, Object> params =
          startingUp() ? space.sample(rng) : model.propose(observations, rng);
      Config config = space.toConfig(params);
      if (rejections.allows(config)) {
        observations.observe(index, params, Observed.PENDING);
        return new Sample(index, params, config, space);
      }
      if (model.learnsFromRejections()) {
        observations.observe(-1, params, Observed.WORSE);
      }
    }
    throw rejections.failure(
        "trial "
            + index
            + ": no proposal satisfied the constraints in "
            + settings.maxAttempts()
            + " attempts");
  }

  /** Pruned trials count towards the start-up trials: a model learns from them too. */
  private boolean startingUp() {
    return observations.complete() + observations.pruned() < settings.startupTrials()
        || !model.ready(observations);
  }

  @Override
  public void tell(TrialRecord record) {
    observations.tell(record);
  }

  @Override
  public void learn(TrialRecord earlier) {
    observations.learn(earlier);
  }

  @Override
  public boolean adaptive() {
    return true;
  }

  @Override
  public void adopt(long index, Map<String, Object> params) {
    observations.observe(index, params, Observed.PENDING);
  }
}
