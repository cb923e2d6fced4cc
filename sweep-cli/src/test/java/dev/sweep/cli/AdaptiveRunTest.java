package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Objective;
import dev.sweep.population.Population;
import dev.sweep.population.TrialStatus;
import dev.sweep.store.SweepFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sampler: tpe} through the process pool: real processes on 2 slots, a resume, and no setup. */
class AdaptiveRunTest {
  static final String SPEC = """
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

  @TempDir Path dir;

  @Test
  void runs_resumesWithoutRepeatingATrial_andRefusesSetup() throws IOException {
    Path file = dir.resolve("bowl.yaml");
    Files.writeString(file, SPEC);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population population = SweepFolder.population(dir.resolve("bowl"), Objective.minimize("error"));
    assertThat(population.trials()).hasSize(24).allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
    assertThat(population.trials().stream().mapToDouble(t -> t.metrics().get("error")).min().orElseThrow()).isLessThan(1.0);

    Cli.Run again = sweep("run", "-q", file.toString());
    assertThat(again.code()).as(again.toString()).isZero();
    long started = Files.readAllLines(dir.resolve("bowl").resolve(SweepFolder.JOURNAL)).stream()
        .filter(l -> l.contains("\"event\":\"started\"")).count();
    assertThat(started).isEqualTo(24);

    Path fresh = dir.resolve("fresh.yaml");
    Files.writeString(fresh, SPEC.replace("name: bowl", "name: fresh"));
    Cli.Run setup = sweep("setup", fresh.toString());
    assertThat(setup.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(setup.err()).contains("the sampler tpe(seed=3, startup=6) chooses each config from the results before it, "
        + "so there are no configs to set up before the sweep runs");
    assertThat(dir.resolve("fresh")).doesNotExist();
  }
}
