package dev.sweep.sampler.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
import dev.sweep.sampler.WarmStart;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A model-based sampler learns an earlier sweep's trials before its first ask. */
class WarmStartTest {
  private static final Objective GOAL = Objective.minimize("value");

  /** 100 earlier trials of the bowl, all near its minimum at (1, -2). */
  private static List<TrialRecord> nearTheOptimum() {
    SplittableRandom rng = new SplittableRandom(3);
    List<TrialRecord> out = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Map<String, Object> p =
          Map.of("x", 1 + rng.nextDouble(-0.3, 0.3), "y", -2 + rng.nextDouble(-0.3, 0.3));
      Sample s = new Sample(i, p, Trials.BOWL.toConfig(p), Trials.BOWL);
      out.add(Trials.completed(s, Trials.BOWL_F.applyAsDouble(s)));
    }
    return out;
  }

  private static double distance(Sample s) {
    return Math.hypot(s.config().getDouble("x") - 1, s.config().getDouble("y") + 2);
  }

  @Test
  void warmStartedTpe_proposesNearTheEarlierBest_fromItsFirstAsk_whereAColdOneIsRandom() {
    Sampler tpe = SearchSamplers.tpe(11);
    Sampler.Sampling warm = Samplers.warmStarted(tpe, nearTheOptimum()).start(Trials.BOWL, GOAL);
    Sampler.Sampling cold = tpe.start(Trials.BOWL, GOAL);
    double[] warmDistance = new double[10];
    double[] coldDistance = new double[10];
    for (int i = 0; i < 10; i++) {
      warmDistance[i] = distance(warm.ask(i));
      coldDistance[i] = distance(cold.ask(i));
    }
    // the square [-5, 5]^2 puts a random point 3.9 from (1, -2) at the median
    assertThat(median(warmDistance)).isLessThan(1.5);
    assertThat(median(coldDistance)).isGreaterThan(2.0);
  }

  @Test
  void warmStartedCmaEs_learnsTheEarlierTrialsAsGenerations_andAsksNearTheirBest() {
    Sampler cma = SearchSamplers.cmaEs(11);
    Sampler.Sampling warm = Samplers.warmStarted(cma, nearTheOptimum()).start(Trials.BOWL, GOAL);
    Sampler.Sampling cold = cma.start(Trials.BOWL, GOAL);
    double[] warmDistance = new double[10];
    double[] coldDistance = new double[10];
    for (int i = 0; i < 10; i++) {
      warmDistance[i] = distance(warm.ask(i));
      coldDistance[i] = distance(cold.ask(i));
    }
    // the cold run starts at the middle, (0, 0), 2.2 from (1, -2), with a step of 1/6 of the width
    assertThat(median(warmDistance)).isLessThan(1.0);
    assertThat(median(coldDistance)).isGreaterThan(1.5);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  @Test
  void learnedIdsNeverMeetThisSweepsIds() {
    // the earlier trial 0 is learned; this sweep's trial 0 is asked and told apart from it
    Sampler.Sampling warm =
        Samplers.warmStarted(SearchSamplers.tpe(1), nearTheOptimum()).start(Trials.BOWL, GOAL);
    Sample first = warm.ask(0);
    warm.tell(Trials.completed(first, 100));
    Sample second = warm.ask(1);
    assertThat(distance(second)).isLessThan(1.0);
  }

  @Test
  void misfits_areSkippedWithACountAndAReason() {
    List<TrialRecord> earlier = new ArrayList<>(nearTheOptimum().subList(0, 5));
    Map<String, Object> outside = Map.of("x", 9.0, "y", 0.0);
    Sample bad = new Sample(5, outside, Trials.BOWL.toConfig(outside), Trials.BOWL);
    earlier.add(Trials.completed(bad, 1));
    earlier.add(Trials.record(sample(6), TrialStatus.FAILED, Map.of()));
    Map<String, Object> wider = Map.of("x", 0.0, "y", 0.0, "z", 3.0); // extra paths are ignored
    earlier.add(Trials.completed(new Sample(7, wider, Trials.BOWL.toConfig(wider)), 2));

    WarmStart warm = WarmStart.of("old", earlier, Trials.BOWL, GOAL);

    assertThat(warm.learned()).hasSize(6);
    assertThat(warm.summary())
        .isEqualTo(
            "warm start: 6 trials learned from old, 2 skipped: 1 outside this space"
                + " (trial 5: 'x' = 9.0 is not in uniform[-5.0, 5.0]), 1 not completed or pruned");
  }

  private static Sample sample(long i) {
    Map<String, Object> p = Map.of("x", 0.0, "y", 0.0);
    return new Sample(i, p, Trials.BOWL.toConfig(p), Trials.BOWL);
  }

  @Test
  void enqueuedTrials_areToldToTpe_likeItsOwn() {
    Population p =
        Sweep.builder(
                Trials.BOWL,
                t ->
                    Result.of(
                        Math.hypot(t.config().getDouble("x") - 1, t.config().getDouble("y") + 2)))
            .sampler(SearchSamplers.tpe(2))
            .enqueue(Map.of("x", 1.0, "y", -2.0))
            .warmStart(Population.of(GOAL, nearTheOptimum()))
            .maxTrials(12)
            .build()
            .run();
    assertThat(p.trials().get(0).params()).isEqualTo(Map.of("x", 1.0, "y", -2.0));
    assertThat(p.trials()).hasSize(12).allMatch(t -> t.status() == TrialStatus.COMPLETED);
    double[] distances =
        p.trials().subList(2, 12).stream()
            .mapToDouble(t -> t.metric("value").getAsDouble())
            .toArray();
    assertThat(median(distances)).isLessThan(1.5);
  }
}
