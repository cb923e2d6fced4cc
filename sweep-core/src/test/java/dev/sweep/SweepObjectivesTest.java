package dev.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.population.Population;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.store.StoreException;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep that seeks several objectives: each is required of every trial, the sampler is told them
 * all, {@code sweep.json} names them, and what goes by one objective goes by the primary.
 */
class SweepObjectivesTest {
  private static final Space WIDTHS = Space.builder().add("width", Ints.range(1, 6)).build();
  private static final Objectives ERROR_AND_LATENCY =
      Objective.minimize("error").andMinimize("latency_ms");

  /** Wider is more accurate, slower and bigger. */
  private static Result measured(Trial t) {
    int w = t.config().getInt("width");
    return Result.of(Map.of("error", 1.0 / w, "latency_ms", 10.0 * w, "memory_gb", 4.0 * w));
  }

  private static Sweep.Builder builder(Runner runner) {
    return Sweep.builder(WIDTHS, runner).sampler(Samplers.grid());
  }

  @Test
  void everyObjectivesMetric_isRequiredOfEveryTrial() {
    Population p =
        builder(t -> Result.of("error", 0.5))
            .objectives(ERROR_AND_LATENCY)
            .failFast(0)
            .build()
            .run();
    assertThat(p.trials()).extracting(TrialRecord::status).containsOnly(TrialStatus.FAILED);
    assertThat(p.trials().get(0).failure())
        .hasValueSatisfying(
            f -> assertThat(f).startsWith("the result has no objective metric 'latency_ms'"));
  }

  @Test
  void anObjectiveThatNamesAProbedValue_isReadFromTheParams_notAskedOfTheResult() {
    Space probed =
        Space.builder()
            .add("width", Ints.range(1, 4))
            .probe(c -> Map.of("flops", 1000L * c.getInt("width")))
            .build();
    Objectives cheap = Objective.minimize("error").andMinimize("flops");
    Population p =
        Sweep.builder(probed, t -> Result.of("error", 1.0 / t.config().getInt("width")))
            .sampler(Samplers.grid())
            .objectives(cheap)
            .build()
            .run();
    assertThat(p.trials()).extracting(TrialRecord::status).containsOnly(TrialStatus.COMPLETED);
    assertThat(p.paretoFront(cheap)).hasSize(4); // cheaper is worse: every width is a trade-off
  }

  @Test
  void theSamplerIsStartedWithEveryObjective_throughEnqueuedAndWarmStartedTrials() {
    List<Objectives> told = new ArrayList<>();
    Sampler multi =
        new Sampler() {
          @Override
          public Sampling start(Space space) {
            return Samplers.grid().start(space);
          }

          @Override
          public Sampling start(Space space, Objectives objectives) {
            told.add(objectives);
            return start(space);
          }
        };
    Objectives seek = ERROR_AND_LATENCY.subjectTo(MetricBound.atMost("memory_gb", 16));
    Sweep sweep =
        Sweep.builder(WIDTHS, SweepObjectivesTest::measured)
            .sampler(multi)
            .objectives(seek)
            .enqueue(Map.of("width", 3L))
            .warmStart(Population.of(seek, List.of()))
            .build();
    sweep.run();
    assertThat(told).containsExactly(seek);
    assertThat(sweep.objectives()).isEqualTo(seek);
    assertThat(sweep.objective()).isEqualTo(Objective.minimize("error"));
  }

  @Test
  void withConstraints_theBestIsTheBestFeasibleTrial_andAnInfeasibleOneStaysCompleted() {
    Objectives fits = ERROR_AND_LATENCY.subjectTo(MetricBound.atMost("memory_gb", 16));
    try (RunningSweep running =
        builder(SweepObjectivesTest::measured).objectives(fits).build().start()) {
      Population p = running.join();
      assertThat(p.best()).map(t -> t.config().getInt("width")).contains(4); // 16 GB, error 1/4
      assertThat(running.bestValue()).hasValue(0.25);
      assertThat(p.trials()).extracting(TrialRecord::status).containsOnly(TrialStatus.COMPLETED);
      assertThat(p.objectives()).isEqualTo(fits);
    }
  }

  @Test
  void sweepJson_keepsThePrimaryAsObjective_andListsObjectivesAndConstraintsOnlyWhenSet() {
    Sweep one =
        builder(SweepObjectivesTest::measured).objective(Objective.minimize("error")).build();
    assertThat(one.definition())
        .containsEntry("objective", Map.of("metric", "error", "goal", "minimize"))
        .doesNotContainKeys("objectives", "outcome_constraints");

    Sweep several =
        builder(SweepObjectivesTest::measured)
            .objectives(
                Objective.minimize("error")
                    .andMaximize("throughput")
                    .subjectTo(MetricBound.atMost("memory_gb", 16), MetricBound.atLeast("fps", 30)))
            .build();
    assertThat(several.definition())
        .containsEntry("objective", Map.of("metric", "error", "goal", "minimize"))
        .containsEntry(
            "objectives",
            List.of(
                Map.of("metric", "error", "goal", "minimize"),
                Map.of("metric", "throughput", "goal", "maximize")))
        .containsEntry(
            "outcome_constraints",
            List.of(
                Map.of("metric", "memory_gb", "max", 16.0), Map.of("metric", "fps", "min", 30.0)));
    assertThat(several.toBuilder().build().definition().get("objectives"))
        .isEqualTo(several.definition().get("objectives"));
  }

  @Test
  void objectiveAndObjectives_areOneOption_setOnce() {
    assertThatThrownBy(
            () ->
                builder(SweepObjectivesTest::measured)
                    .objective(Objective.minimize("error"))
                    .objectives(ERROR_AND_LATENCY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("objective was already set to minimize error");
  }

  @Test
  void aTarget_isRefusedWithSeveralObjectives_sayingWhy() {
    assertThatThrownBy(
            () ->
                builder(SweepObjectivesTest::measured)
                    .objectives(ERROR_AND_LATENCY)
                    .target(0.1)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("target(0.1)")
        .hasMessageContaining("seeks 2 objectives (minimize error, minimize latency_ms)")
        .hasMessageContaining("set no target");
  }

  @Test
  void withOneObjectiveAndAConstraint_onlyAFeasibleTrialReachesTheTarget() {
    Population p =
        builder(SweepObjectivesTest::measured)
            .objectives(Objective.minimize("error").subjectTo(MetricBound.atMost("memory_gb", 16)))
            .target(0.3) // width 4 and 5 reach it; only 4 fits
            .build()
            .run();
    assertThat(p.best()).map(t -> t.config().getInt("width")).contains(4);
    assertThat(p.size()).isEqualTo(4); // widths 1 to 4 of 1 to 6: no trial starts after width 4
  }

  @Test
  void aResumeWithOtherObjectives_isRefused_namingBoth(@TempDir Path dir) {
    builder(SweepObjectivesTest::measured)
        .objectives(ERROR_AND_LATENCY)
        .directory(dir)
        .build()
        .run();
    assertThat(dir.resolve(SweepFolder.DEFINITION)).exists();

    Sweep other =
        builder(SweepObjectivesTest::measured)
            .objectives(Objective.minimize("error").andMinimize("memory_gb"))
            .directory(dir)
            .build();
    assertThatThrownBy(other::run)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("was made by a sweep that seeks")
        .hasMessageContaining("latency_ms")
        .hasMessageContaining("memory_gb")
        .hasMessageContaining("use another directory");

    // the same objectives resume
    Population again =
        builder(SweepObjectivesTest::measured)
            .objectives(ERROR_AND_LATENCY)
            .directory(dir)
            .build()
            .run();
    assertThat(again.size()).isEqualTo(6);
  }

  @Test
  void aSingleObjectiveSweepResumedWithAnotherObjective_goesOnAsItAlwaysDid(@TempDir Path dir)
      throws Exception {
    builder(SweepObjectivesTest::measured)
        .objective(Objective.minimize("error"))
        .directory(dir)
        .build()
        .run();
    String before = Files.readString(dir.resolve(SweepFolder.DEFINITION));
    Population again =
        builder(SweepObjectivesTest::measured)
            .objective(Objective.minimize("latency_ms"))
            .directory(dir)
            .build()
            .run();
    assertThat(again.size()).isEqualTo(6);
    assertThat(Files.readString(dir.resolve(SweepFolder.DEFINITION))).isEqualTo(before);
  }
}
