package dev.sweep.sampler.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Branches;
import dev.sweep.space.Choices;
import dev.sweep.space.Coupled;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Lists;
import dev.sweep.space.Space;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * What NSGA-II, MOTPE and CMA-ES (which seeks the primary objective) guarantee on any space: every
 * proposal is a sample of the space that its constraints allow, whatever was told (failures, pruned
 * trials, missing objectives among them); and the same seed and tells give the same samples.
 */
class NsgaAndMotpeSamplesPropertyTest {
  private static final Space MIXED =
      Space.builder()
          .add("lr", Floats.logUniform(1e-5, 1e-1))
          .add("layers", Ints.range(1, 8))
          .add("width", Ints.powerOfTwo(16, 512))
          .add("act", Choices.weighted(List.of("relu", "tanh", "gelu"), 3, 1, 1))
          .add("drop", Floats.normal(0.2, 0.1, 0, 0.5))
          .add("kernels", Lists.of(Ints.range(1, 7), Ints.range(1, 3)))
          .add(
              "optim",
              Branches.of(
                  "sgd",
                  Space.builder()
                      .add("momentum", Floats.uniform(0, 0.99))
                      .add("nesterov", Choices.bool())
                      .build(),
                  "adam",
                  Space.builder()
                      .add("beta1", Floats.uniform(0.8, 0.999))
                      .add(
                          "schedule",
                          Branches.of(
                              "cosine",
                              Space.builder().add("warmup", Ints.range(0, 100)).build(),
                              "step",
                              Space.builder().add("gamma", Floats.uniform(0.1, 0.9)).build()))
                      .build()))
          .add(
              Coupled.of(Map.of("data", "small", "batch", 32), Map.of("data", "big", "batch", 256)))
          .constraint(
              "a wide net is shallow", c -> c.getLong("width") < 256 || c.getLong("layers") <= 4)
          .build();

  private static final Objectives SEEK =
      Objective.minimize("loss").andMaximize("speed").subjectTo(MetricBound.atMost("memory", 3));

  /** An outcome that depends on the config, sometimes failed, pruned or short of an objective. */
  private static TrialRecord outcome(Sample s, SplittableRandom r) {
    double lr = Math.log10(s.config().getDouble("lr")) + 3;
    double layers = s.config().getLong("layers");
    double loss =
        lr * lr + (s.params().get("optim.type").equals("adam") ? 0 : 0.5) + r.nextDouble();
    double speed = 10 - layers - Math.log((double) s.config().getLong("width"));
    double memory = layers * s.config().getLong("width") / 256.0;
    int roll = r.nextInt(20);
    if (roll == 0) {
      return Trials.record(s, TrialStatus.FAILED, Map.of());
    }
    if (roll == 1) {
      return Trials.record(s, TrialStatus.PRUNED, Map.of("loss", loss));
    }
    if (roll == 2) {
      return Trials.record(s, TrialStatus.COMPLETED, Map.of("loss", loss));
    }
    return Trials.record(
        s, TrialStatus.COMPLETED, Map.of("loss", loss, "speed", speed, "memory", memory));
  }

  private static List<Map<String, Object>> run(Sampler sampler, int trials, long outcomes) {
    Sampler.Sampling sampling = sampler.start(MIXED, SEEK);
    SplittableRandom r = new SplittableRandom(outcomes);
    List<Map<String, Object>> all = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      Sample s = sampling.ask(i);
      assertThat(MIXED.misfit(s.params())).as("trial %s: %s", i, s.params()).isEmpty();
      assertThat(s.config().getLong("width") < 256 || s.config().getLong("layers") <= 4)
          .as("trial %s keeps the constraint", i)
          .isTrue();
      all.add(s.params());
      sampling.tell(outcome(s, r));
    }
    return all;
  }

  private static Sampler sampler(int which, long seed) {
    return switch (which) {
      case 0 -> Nsga2Sampler.builder().seed(seed).populationSize(8).build();
      case 1 ->
          Nsga2Sampler.builder()
              .seed(seed)
              .populationSize(6)
              .crossover(Nsga2Sampler.Crossover.SBX)
              .mutationProbability(0.3)
              .build();
      case 2 -> TpeSampler.builder().seed(seed).startupTrials(5).build();
      case 4 -> CmaEsSampler.builder().seed(seed).populationSize(4).build();
      case 5 ->
          CmaEsSampler.builder()
              .seed(seed)
              .sigma(0.5)
              .independentSampler(TpeSampler.builder().seed(seed).startupTrials(5).build())
              .build();
      default -> TpeSampler.builder().seed(seed).startupTrials(5).multivariate(true).build();
    };
  }

  @Property(seed = "42", tries = 36)
  void everyProposal_isASampleOfTheSpace_thatItsConstraintsAllow(
      @ForAll @IntRange(min = 0, max = 5) int which, @ForAll long seed, @ForAll long outcomes) {
    run(sampler(which, seed), 60, outcomes);
  }

  @Property(seed = "42", tries = 18)
  void theSameSeedAndTells_giveTheSameSamples(
      @ForAll @IntRange(min = 0, max = 5) int which, @ForAll long seed, @ForAll long outcomes) {
    assertThat(run(sampler(which, seed), 40, outcomes))
        .isEqualTo(run(sampler(which, seed), 40, outcomes));
  }
}
