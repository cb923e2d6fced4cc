package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sampler: tpe} through the process pool: real processes on 2 slots, a resume, and no setup.
 */
class AdaptiveRunTest {
  static final String SPEC =
      """
      name: bowl
      objective: {metric: error}
      sampler: {type: tpe, seed: 3, startup_trials: 6}
      trials: 24
      parameters:
        x: {uniform: [-3, 3]}
        lr: {log_uniform: [1.0e-5, 1.0]}
      command:
        - /usr/bin/python3
        - -c
        - >-
          import json, math, os, sys; x = float(sys.argv[1]); lr = float(sys.argv[2]);
          open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(error=(x - 1) ** 2 + (math.log10(lr) + 2) ** 2)) + chr(10))
        - "{x}"
        - "{lr}"
      slots: ["0", "1"]
      """;

  /** Reports a loss curve over 9 steps, 30 ms apart; stops at once when its stop file appears. */
  static final String STOPPING =
      """
      name: curves
      objective: {metric: loss}
      sampler: {type: tpe, seed: 5, startup_trials: 4}
      stopping: {type: asha, min_steps: 1, reduction: 3}
      trials: 16
      parameters:
        q: {uniform: [0, 1]}
      command:
        - /usr/bin/python3
        - -c
        - >-
          import json, os, sys, time; q = float(sys.argv[1]);
          [(open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(step=s, loss=q + 1 / s)) + chr(10)),
          time.sleep(0.03), os.path.exists(os.environ['SWEEP_STOP_FILE']) and sys.exit(0)) for s in range(1, 10)]
        - "{q}"
      slots: ["0", "1"]
      """;

  @TempDir Path dir;

  /** Writes {@code spec} as NAME.yaml, runs it with {@code sweep run}, and reads its folder. */
  private Population run(String spec, String name, Objective objective) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, spec);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    return SweepFolder.population(dir.resolve(name), objective);
  }

  @Test
  void stoppingFromTheSweepFile_prunesTrialsThroughTheirStopFile() throws IOException {
    Population population = run(STOPPING, "curves", Objective.minimize("loss"));
    assertThat(population.trials()).hasSize(16);
    var pruned =
        population.trials().stream().filter(t -> t.status() == TrialStatus.PRUNED).toList();
    assertThat(pruned)
        .isNotEmpty()
        .allSatisfy(
            t -> {
              assertThat(t.curve()).isNotEmpty();
              assertThat(
                      SweepFolder.trialDir(dir.resolve("curves"), t.id(), t.name())
                          .resolve(SweepFolder.STOP_FILE))
                  .exists();
            });
    // a rung at the last step prunes a full curve too; most stop well before it
    assertThat(pruned).anySatisfy(t -> assertThat(t.curve().size()).isLessThan(5));
    assertThat(population.best().orElseThrow().status()).isEqualTo(TrialStatus.COMPLETED);
  }

  @Test
  void runs_resumesWithoutRepeatingATrial_andRefusesSetup() throws IOException {
    Population population = run(SPEC, "bowl", Objective.minimize("error"));
    Path file = dir.resolve("bowl.yaml");
    assertThat(population.trials())
        .hasSize(24)
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
    assertThat(
            population.trials().stream()
                .mapToDouble(t -> t.metrics().get("error"))
                .min()
                .orElseThrow())
        .isLessThan(1.0);

    Cli.Run again = sweep("run", "-q", file.toString());
    assertThat(again.code()).as(again.toString()).isZero();
    long started =
        Files.readAllLines(dir.resolve("bowl").resolve(SweepFolder.JOURNAL)).stream()
            .filter(l -> l.contains("\"event\":\"started\""))
            .count();
    assertThat(started).isEqualTo(24);

    Path fresh = dir.resolve("fresh.yaml");
    Files.writeString(fresh, SPEC.replace("name: bowl", "name: fresh"));
    Cli.Run setup = sweep("setup", fresh.toString());
    assertThat(setup.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(setup.err())
        .contains(
            "the sampler tpe(seed=3, startup=6) chooses each config from the results before it, "
                + "so there are no configs to set up before the sweep runs");
    assertThat(dir.resolve("fresh")).doesNotExist();
  }
}
