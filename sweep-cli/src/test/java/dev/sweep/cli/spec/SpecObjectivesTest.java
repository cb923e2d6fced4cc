package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep file's {@code objectives:} (a list, or a mapping of metric to goal) and {@code
 * outcome_constraints:}, as read; each mistake named at its line and column, with what is allowed.
 */
class SpecObjectivesTest {
  private static final String SPACE =
      "trials: 2\ncommand: [/bin/true]\nparameters:\n  w: {int: [1, 8]}\n";

  @TempDir Path dir;

  private Path file(String more) throws IOException {
    return Files.writeString(dir.resolve("s.yaml"), SPACE + more);
  }

  private void fails(String more, String message) throws IOException {
    Path file = file(more);
    assertThatThrownBy(() -> SweepSpec.read(file))
        .isInstanceOf(SpecException.class)
        .hasMessage(file + ":" + message);
  }

  @Test
  void objectives_aList_theFirstPrimary_withOutcomeConstraints() throws IOException {
    SweepSpec spec =
        SweepSpec.read(
            file(
                """
                objectives: [{metric: error, goal: minimize}, {metric: throughput, goal: maximize}]
                outcome_constraints: [{metric: memory_gb, max: 16}, {metric: fps, min: 30}]
                """));
    assertThat(spec.objectives())
        .isEqualTo(
            Objective.minimize("error")
                .andMaximize("throughput")
                .subjectTo(MetricBound.atMost("memory_gb", 16), MetricBound.atLeast("fps", 30)));
    assertThat(spec.objective()).isEqualTo(Objective.minimize("error"));
    assertThat(spec.sweepBuilder().build().definition())
        .containsEntry(
            "objectives",
            List.of(
                Map.of("metric", "error", "goal", "minimize"),
                Map.of("metric", "throughput", "goal", "maximize")));
  }

  @Test
  void objectives_theShortForm_aMappingOfMetricToGoal_inOrder() throws IOException {
    SweepSpec spec = SweepSpec.read(file("objectives: {error: minimize, flops: minimize}\n"));
    assertThat(spec.objectives()).isEqualTo(Objective.minimize("error").andMinimize("flops"));
  }

  @Test
  void aGoalLeftOut_isMinimize_andOneConstraintMayBoundBothWays() throws IOException {
    SweepSpec spec =
        SweepSpec.read(
            file(
                """
                objectives: [{metric: error}, {metric: latency_ms}]
                outcome_constraints: [{metric: batch_ms, min: 1, max: 9.5}]
                """));
    assertThat(spec.objectives())
        .isEqualTo(
            Objective.minimize("error")
                .andMinimize("latency_ms")
                .subjectTo(
                    MetricBound.atLeast("batch_ms", 1), MetricBound.atMost("batch_ms", 9.5)));
  }

  @Test
  void outcomeConstraints_onTheOneObjective() throws IOException {
    SweepSpec spec =
        SweepSpec.read(
            file(
                "objective: {metric: error}\noutcome_constraints: [{metric: memory_gb, max: 16}]\n"));
    assertThat(spec.objectives())
        .isEqualTo(Objective.minimize("error").subjectTo(MetricBound.atMost("memory_gb", 16)));
  }

  @Test
  void objectiveAndObjectives_together_areRefused() throws IOException {
    fails(
        "objective: {metric: error}\nobjectives: [{metric: error}, {metric: flops}]\n",
        "6:13: objectives: give objective: (one metric) or objectives: (several, the first primary),"
            + " not both; move the objective into objectives:");
  }

  @Test
  void eachObjectivesMistake_isNamedWhereItStands() throws IOException {
    fails(
        "objectives: error\n",
        "5:13: objectives: wanted a list such as [{metric: error, goal: minimize}, {metric:"
            + " latency_ms, goal: minimize}], or a mapping such as {error: minimize, latency_ms:"
            + " minimize}, found the string 'error'");
    fails(
        "objectives: []\n",
        "5:13: objectives: is empty; name at least one: a list such as [{metric: error, goal:"
            + " minimize}, {metric: latency_ms, goal: minimize}], or a mapping such as {error:"
            + " minimize, latency_ms: minimize}");
    fails(
        "objectives: [{metric: error}, {metric: flops, goal: smallest}]\n",
        "5:53: objectives[1].goal: unknown goal 'smallest' (allowed: minimize, maximize)");
    fails(
        "objectives: {error: minimise}\n",
        "5:21: objectives.error: unknown goal 'minimise'; did you mean 'minimize'? (allowed:"
            + " minimize, maximize)");
    fails(
        "objectives: [{metric: error}, {metrc: flops}]\n",
        "5:32: objectives[1]: unknown key 'metrc'; did you mean 'metric'? (allowed: metric, goal)");
    fails(
        "objectives: [{metric: error}, {metric: error, goal: maximize}]\n",
        "5:40: objectives[1].metric: 'error' is already an objective; name each metric once");
  }

  @Test
  void eachOutcomeConstraintsMistake_isNamedWhereItStands() throws IOException {
    fails(
        "outcome_constraints: [{metric: memory_gb}]\n",
        "5:23: outcome_constraints[0]: give max: (at most) or min: (at least), such as {metric:"
            + " memory_gb, max: 16}");
    fails(
        "outcome_constraints: [{metric: memory_gb, max: lots}]\n",
        "5:48: outcome_constraints[0].max: wanted a number, found the string 'lots'");
    fails(
        "outcome_constraints: [{metric: memory_gb, max: .inf}]\n",
        "5:48: outcome_constraints[0].max: wanted a finite number, found the number .inf");
    fails(
        "outcome_constraints: [{metric: fps, min: 60, max: 30}]\n",
        "5:42: outcome_constraints[0].min: is 60.0, above max 30.0; no value keeps both");
    fails(
        "outcome_constraints: [{metric: fps, below: 30}]\n",
        "5:37: outcome_constraints[0]: unknown key 'below' (allowed: metric, max, min)");
    fails(
        "outcome_constraints: {metric: fps, max: 30}\n",
        "5:22: outcome_constraints: wanted a list such as [{metric: memory_gb, max: 16}, {metric:"
            + " fps, min: 30}], found a mapping");
  }
}
