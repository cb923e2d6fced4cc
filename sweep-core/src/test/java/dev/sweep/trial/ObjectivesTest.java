package dev.sweep.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectivesTest {

  @Test
  void severalObjectives_readAsASentence_andTheFirstIsPrimary() {
    Objectives seek =
        Objective.minimize("error")
            .andMaximize("throughput")
            .subjectTo(MetricBound.atMost("memory_gb", 16));
    assertThat(seek.size()).isEqualTo(2);
    assertThat(seek.several()).isTrue();
    assertThat(seek.primary()).isEqualTo(Objective.minimize("error"));
    assertThat(seek)
        .hasToString("minimize error, maximize throughput subject to memory_gb <= 16.0");
    assertThat(seek.toMaps())
        .containsExactly(
            Map.of("metric", "error", "goal", "minimize"),
            Map.of("metric", "throughput", "goal", "maximize"));
  }

  @Test
  void values_areMinimised_andNaNWhereMissing() {
    Objectives seek = Objective.minimize("error").andMaximize("throughput").andMinimize("absent");
    assertThat(seek.minimized(record(Map.of("error", 0.1, "throughput", 300.0))))
        .containsExactly(0.1, -300.0, Double.NaN);
  }

  @Test
  void violation_sumsEachBound_andIsInfiniteForAMissingValue() {
    Objectives seek =
        Objective.minimize("error")
            .subjectTo(MetricBound.atMost("memory_gb", 16), MetricBound.atLeast("fps", 30));
    assertThat(seek.violation(record(Map.of("memory_gb", 18.0, "fps", 25.0)))).isEqualTo(7.0);
    assertThat(seek.feasible(record(Map.of("memory_gb", 16.0, "fps", 30.0)))).isTrue();
    assertThat(seek.violation(record(Map.of("memory_gb", 1.0)))).isInfinite();
    assertThat(Objectives.of(Objective.minimize("e")).feasible(record(Map.of()))).isTrue();
  }

  @Test
  void read_isTheInverseOfWhatASweepWrites_andFallsBackToTheOneObjective() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    Objectives seek =
        Objective.minimize("error")
            .andMaximize("fps")
            .subjectTo(MetricBound.atMost("memory_gb", 16), MetricBound.atLeast("fps", 30));
    var written =
        json.valueToTree(
            Map.of(
                "objective", seek.primary().toMap(),
                "objectives", seek.toMaps(),
                "outcome_constraints",
                    seek.constraints().stream().map(MetricBound::toMap).toList()));
    assertThat(Objectives.read(written)).isEqualTo(seek);
    assertThat(Objectives.read(json.readTree("{\"objective\": {\"metric\": \"loss\"}}")))
        .isEqualTo(Objectives.of(Objective.minimize("loss")));
    assertThat(Objectives.read(json.readTree("{}")))
        .as("a sweep that named no objective sought the value")
        .isEqualTo(Objectives.of(Objective.minimize("value")));
  }

  @Test
  void aMetricTwice_isRefused_withTheList() {
    assertThatThrownBy(() -> Objective.minimize("error").andMaximize("error"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric 'error' is an objective twice");
    assertThatThrownBy(() -> Objectives.of(List.of())).hasMessageContaining("give at least one");
    assertThatThrownBy(() -> MetricBound.atMost("m", Double.NaN))
        .hasMessageContaining("bound must be finite, got NaN");
  }

  @Test
  void anObjective_mayNameAProbedParameter_theMetricComingFirstWhereBothHaveTheName() {
    Objectives seek = Objective.minimize("error").andMinimize("flops");
    TrialRecord probed =
        new TrialRecord(
            3,
            "t",
            Map.of("flops", 4_000_000L, "error", 0.9),
            Config.of(Map.of()),
            TrialStatus.COMPLETED,
            Map.of("error", 0.25),
            List.of(),
            Optional.empty(),
            Instant.EPOCH,
            Duration.ZERO);
    assertThat(seek.minimized(probed)).containsExactly(0.25, 4_000_000.0);
    assertThat(Objectives.value(probed, "flops")).isEqualTo(4_000_000.0);
    assertThat(Objectives.value(probed, "absent")).isNaN();
  }

  private static TrialRecord record(Map<String, Double> metrics) {
    return new TrialRecord(
        0,
        "t",
        Map.of(),
        Config.of(Map.of()),
        TrialStatus.COMPLETED,
        metrics,
        List.of(),
        Optional.empty(),
        Instant.EPOCH,
        Duration.ZERO);
  }
}
