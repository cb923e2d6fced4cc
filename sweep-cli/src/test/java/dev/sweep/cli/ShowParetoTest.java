package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pycls-style design-space study: error against the complexity that the built-in probe measures,
 * under a constraint on a reported metric, and {@code sweep show --pareto} on its folder.
 */
class ShowParetoTest {
  /** RegNets of widths 16, 24, 32, 48: width 32 errs more than 24 at more FLOPs; 48 needs 6 GB. */
  private static final String SPEC =
      """
      name: design
      %s
      sampler: {type: grid}
      base: {MODEL: {TYPE: regnet}, TRAIN: {IM_SIZE: 32}}
      probe: {builtin: pycls_complexity}
      parameters:
        REGNET.W0: {choice: [16, 24, 32, 48]}
      command:
        - /usr/bin/python3
        - -c
        - >-
          import json, os, sys; w = int(sys.argv[1]);
          error = [9.0, 7.0, 7.5, 6.0][[16, 24, 32, 48].index(w)];
          open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(error=error, memory_gb=w / 8)) + chr(10))
        - "{REGNET.W0}"
      """;

  @TempDir Path dir;

  private Path run(String objectives) throws IOException {
    Path file = Files.writeString(dir.resolve("design.yaml"), SPEC.formatted(objectives));
    Cli.Run run = sweep("run", "--quiet", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    return dir.resolve("design");
  }

  @Test
  void errorAgainstProbedFlops_underAMemoryBound_showsTheFeasibleFront() throws IOException {
    Path folder =
        run(
            "objectives: [{metric: error, goal: minimize}, {metric: flops, goal: minimize}]\n"
                + "outcome_constraints: [{metric: memory_gb, max: 5}]");
    Population p = SweepFolder.population(folder, Objective.minimize("error"));
    assertThat(p.trials())
        .as("flops comes from the probe, not the program")
        .extracting(TrialRecord::status)
        .containsOnly(TrialStatus.COMPLETED);
    assertThat(Files.readString(folder.resolve(SweepFolder.DEFINITION)))
        .contains("\"objectives\"")
        .contains("\"outcome_constraints\"");

    Cli.Run show = sweep("show", folder.toString(), "--pareto");
    assertThat(show.code()).as(show.toString()).isZero();
    assertThat(show.out())
        .startsWith(
            "Pareto front: 2 of 4 completed trials by minimize error, minimize flops subject to"
                + " memory_gb <= 5.0 (1 infeasible) (4 finished, 4 in the sweep):\n");
    List<String> lines = show.out().lines().toList();
    assertThat(lines).hasSize(4); // the title, the header, the front's two trials
    assertThat(lines.get(1).strip().split(" +", -1))
        .containsSubsequence("id", "error", "flops", "params");
    assertThat(lines.get(2).strip()).startsWith("1 ").contains(" 7 ").contains("W0=24");
    assertThat(lines.get(3).strip()).startsWith("0 ").contains(" 9 ").contains("W0=16");
  }

  @Test
  void aSweepOfOneObjective_needsObjectivesForAFront() throws IOException {
    Path folder = run("objective: {metric: error}");
    Cli.Run refused = sweep("show", folder.toString(), "--pareto");
    assertThat(refused.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(refused.err())
        .contains(
            "seeks one objective (minimize error); a Pareto front needs two or more: name them,"
                + " such as --objectives error,latency_ms");

    Cli.Run show = sweep("show", folder.toString(), "--pareto", "--objectives", "error,flops");
    assertThat(show.code()).as(show.toString()).isZero();
    assertThat(show.out())
        .startsWith("Pareto front: 3 of 4 completed trials by minimize error, minimize flops (");
    assertThat(show.out()).doesNotContain("W0=32"); // 24 beats it on both

    Cli.Run bad = sweep("show", folder.toString(), "--pareto", "--objectives", "error,flops:most");
    assertThat(bad.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(bad.err()).contains("--objectives: 'flops:most': after the colon put max or min");
    Cli.Run alone = sweep("show", folder.toString(), "--objectives", "error,flops");
    assertThat(alone.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(alone.err()).contains("--objectives goes with --pareto");
  }

  @Test
  void aResumeWithOtherObjectives_isRefusedBeforeAnythingIsWritten() throws IOException {
    Path folder = run("objectives: {error: minimize, flops: minimize}");
    String copy = Files.readString(folder.resolve("sweep.yaml"));
    Path file =
        Files.writeString(
            dir.resolve("design.yaml"),
            SPEC.formatted("objectives: {error: minimize, acts: minimize}"));

    Cli.Run again = sweep("run", "--quiet", file.toString());
    assertThat(again.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(again.err())
        .contains("was made by a sweep that seeks")
        .contains("\"flops\"")
        .contains("\"acts\"")
        .contains("use another directory, or the objectives its sweep.json names");
    assertThat(folder.resolve("sweep.yaml")).hasContent(copy);
  }
}
