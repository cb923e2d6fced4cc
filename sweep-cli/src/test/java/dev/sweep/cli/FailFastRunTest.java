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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep run} on a program with a bug: a Python file with a syntax error fails every trial
 * alike, so the sweep stops after the first few, exits 1 and says why; a run after the fix runs
 * them again.
 */
class FailFastRunTest {
  private static final String SPEC =
      """
      name: typo
      objective: {metric: error}
      sampler: {type: random, seed: 3}
      trials: %d
      %s
      parameters:
        x: {uniform: [0, 1]}
      command: [/usr/bin/python3, "%s", "{x}"]
      """;

  private static final String BROKEN = "import sys\nx = float(sys.argv[1]\n";

  private static final String FIXED =
      """
      import json, os, sys
      x = float(sys.argv[1])
      open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(error=x)) + chr(10))
      """;

  @TempDir Path dir;

  private Path spec(int trials, String options, String program) throws IOException {
    Path train = dir.resolve("train.py");
    Files.writeString(train, program);
    Path file = dir.resolve("typo.yaml");
    Files.writeString(file, SPEC.formatted(trials, options, train));
    return file;
  }

  private Population population() {
    return SweepFolder.population(dir.resolve("typo"), Objective.minimize("error"));
  }

  @Test
  void syntaxError_stopsAfterTheFirstFive_exits1_andSaysWhy() throws IOException {
    Cli.Run run = sweep("run", "--quiet", spec(40, "", BROKEN).toString());

    assertThat(run.code()).as(run.toString()).isEqualTo(SweepCommand.TRIALS_FAILED);
    assertThat(run.err())
        .as(run.toString())
        .contains(
            "sweep typo: sweep 'typo' stopped: the first 5 trials to finish (0, 1, 2, 3, 4) all"
                + " failed with the same cause")
        .contains("step 'run' exited with code 1")
        .contains("SyntaxError: '(' was never closed");
    Population p = population();
    assertThat(p.trials()).extracting(TrialRecord::id).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(p.trials()).extracting(TrialRecord::status).containsOnly(TrialStatus.FAILED);
  }

  @Test
  void failFastOf2_stopsAfterTwo() throws IOException {
    Cli.Run run = sweep("run", "--quiet", spec(40, "fail_fast: 2", BROKEN).toString());
    assertThat(run.code()).as(run.toString()).isEqualTo(SweepCommand.TRIALS_FAILED);
    assertThat(run.err()).contains("the first 2 trials to finish (0, 1)");
    assertThat(population().size()).isEqualTo(2);
  }

  @Test
  void failFastFalse_runsEveryTrial() throws IOException {
    Cli.Run run = sweep("run", "--quiet", spec(8, "fail_fast: false", BROKEN).toString());
    assertThat(run.code()).as(run.toString()).isEqualTo(SweepCommand.TRIALS_FAILED);
    assertThat(run.err()).doesNotContain("stopped");
    assertThat(population().size()).isEqualTo(8);
  }

  @Test
  void runAfterTheFix_runsTheFailedTrialsAgain() throws IOException {
    Path spec = spec(40, "", BROKEN);
    assertThat(sweep("run", "--quiet", spec.toString()).code())
        .isEqualTo(SweepCommand.TRIALS_FAILED);

    Files.writeString(dir.resolve("train.py"), FIXED);
    Cli.Run run = sweep("run", "--quiet", spec.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(population().completed().size()).isEqualTo(40);
  }

  @Test
  void failFastThatIsNeitherACountNorFalse_isLocated() throws IOException {
    Path spec = spec(40, "fail_fast: often", BROKEN);
    Cli.Run run = sweep("run", spec.toString());
    assertThat(run.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(run.err())
        .isEqualTo(
            spec
                + ":5:12: fail_fast: wanted a number of trials (>= 1) or false, found the string"
                + " 'often'\n");
  }
}
