package dev.sweep.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.config.Config;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A population of a sweep with several objectives: Pareto ranks, the feasible front, its
 * hypervolume, and the best trial when constraints on the outcome are set.
 */
class PopulationParetoTest {
  private static final Objectives ERROR_AND_LATENCY =
      Objective.minimize("error").andMinimize("latency_ms");

  private static TrialRecord trial(long id, TrialStatus status, Map<String, Double> metrics) {
    return new TrialRecord(
        id,
        "t" + id,
        Map.of("flops", 1_000L * (id + 1)),
        Config.of(Map.of()),
        status,
        metrics,
        List.of(),
        Optional.empty(),
        Instant.EPOCH,
        Duration.ZERO);
  }

  /** (error, latency_ms, memory_gb) of trials 0, 1, …; trial 6 failed. */
  private static Population population(Objectives objectives) {
    double[][] rows = {
      {0.10, 50, 8}, // 0: front
      {0.20, 20, 8}, // 1: front
      {0.15, 60, 8}, // 2: rank 1 (0 beats it)
      {0.05, 90, 32}, // 3: best error, but needs 32 GB
      {0.30, 10, 12}, // 4: front
      {0.35, 70, 8}, // 5: rank 2 (beaten by 2, which is beaten by 0)
    };
    List<TrialRecord> trials = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      trials.add(
          trial(
              i,
              TrialStatus.COMPLETED,
              Map.of("error", rows[i][0], "latency_ms", rows[i][1], "memory_gb", rows[i][2])));
    }
    trials.add(trial(6, TrialStatus.FAILED, Map.of("error", 0.0, "latency_ms", 0.0)));
    return Population.of(objectives, trials);
  }

  @Test
  void paretoRanks_sortTheCompletedTrialsIntoFronts_byTrialId() {
    Population p = population(ERROR_AND_LATENCY);
    assertThat(p.paretoRanks(ERROR_AND_LATENCY))
        .containsExactly(
            entry(0L, 0), entry(1L, 0), entry(2L, 1), entry(3L, 0), entry(4L, 0), entry(5L, 2));
    assertThat(p.paretoFront(ERROR_AND_LATENCY))
        .extracting(TrialRecord::id)
        .containsExactly(0L, 1L, 3L, 4L);
  }

  @Test
  void underAConstraint_anInfeasibleTrialRanksAfterEveryFeasibleOne_andIsOnNoFront() {
    Objectives fits = ERROR_AND_LATENCY.subjectTo(MetricBound.atMost("memory_gb", 16));
    Population p = population(fits);
    assertThat(p.paretoRanks(fits)).containsEntry(3L, 3).containsEntry(0L, 0);
    assertThat(p.paretoFront(fits)).extracting(TrialRecord::id).containsExactly(0L, 1L, 4L);
  }

  @Test
  void best_passesOverInfeasibleTrials_onlyWhenConstraintsAreSet() {
    assertThat(population(ERROR_AND_LATENCY).best()).map(TrialRecord::id).contains(3L);
    Population fits = population(ERROR_AND_LATENCY.subjectTo(MetricBound.atMost("memory_gb", 16)));
    assertThat(fits.best()).map(TrialRecord::id).contains(0L);
    assertThat(fits.top(2)).extracting(TrialRecord::id).containsExactly(0L, 2L);
    // the other statistics of the objective still count every completed trial
    assertThat(fits.summary().count()).isEqualTo(6);
    assertThat(fits.objective()).isEqualTo(Objective.minimize("error"));
  }

  @Test
  void hypervolume_takesTheReferenceInEachMetricsOwnUnits_aMaximisedOnesAsALowerBound() {
    Population p = population(ERROR_AND_LATENCY);
    // front (0.05, 90), (0.10, 50), (0.20, 20), (0.30, 10) up to (0.5, 100)
    double expected = 0.05 * 10 + 0.10 * 50 + 0.10 * 80 + 0.20 * 90; // slices along error
    assertThat(p.hypervolume(ERROR_AND_LATENCY, new double[] {0.5, 100}))
        .isCloseTo(expected, within(1e-9));

    // accuracy = 1 - error, maximised, reference a lower bound: the same area
    List<TrialRecord> asAccuracy = new ArrayList<>();
    for (TrialRecord t : p.completed().trials()) {
      asAccuracy.add(
          trial(
              t.id(),
              TrialStatus.COMPLETED,
              Map.of(
                  "accuracy",
                  1 - t.metrics().get("error"),
                  "latency_ms",
                  t.metrics().get("latency_ms"))));
    }
    Objectives accurate = Objective.maximize("accuracy").andMinimize("latency_ms");
    assertThat(Population.of(accurate, asAccuracy).hypervolume(accurate, new double[] {0.5, 100}))
        .isCloseTo(expected, within(1e-9));

    // a reference no trial beats on every objective
    assertThat(p.hypervolume(ERROR_AND_LATENCY, new double[] {0.01, 100})).isZero();
  }

  @Test
  void hypervolume_refusesAReferenceOfTheWrongLength_showingIt() {
    Population p = population(ERROR_AND_LATENCY);
    assertThatThrownBy(() -> p.hypervolume(ERROR_AND_LATENCY, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 1 values")
        .hasMessageContaining("[1.0]");
    assertThatThrownBy(() -> p.hypervolume(ERROR_AND_LATENCY, new double[] {1, Double.NaN}))
        .hasMessageContaining("must be finite, got [1.0, NaN]");
  }

  @Test
  void anObjectiveMayBeAProbedParameter_suchAsFlops() {
    Objectives cheap = Objective.minimize("error").andMinimize("flops");
    Population p = population(cheap);
    // flops grows with the id: trial 0 is cheapest, trial 3 has the lowest error
    assertThat(p.paretoFront(cheap)).extracting(TrialRecord::id).containsExactly(0L, 3L);
  }
}
