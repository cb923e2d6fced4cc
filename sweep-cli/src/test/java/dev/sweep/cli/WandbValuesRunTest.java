package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep run} of W&amp;B files as W&amp;B gives them: without a metric, runs complete with
 * whatever they log; an integer {@code q} reaches the command line as an integer.
 */
class WandbValuesRunTest {
  /** Writes its arguments to argv.json and logs acc = 1, never a metric named value. */
  static final String PROGRAM =
      """
      import json, os, sys
      json.dump(sys.argv[1:], open(os.path.join(os.environ['SWEEP_TRIAL_DIR'], 'argv.json'), 'w'))
      open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(acc=1.0)) + chr(10))
      """;

  @TempDir Path dir;

  private List<List<String>> run(String name, String yaml) throws IOException {
    Files.writeString(dir.resolve("train.py"), PROGRAM);
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Path folder = dir.resolve(name);
    Population p = SweepFolder.population(folder, Objective.minimize("value"));
    assertThat(p.trials())
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
    List<List<String>> argvs = new ArrayList<>();
    for (TrialRecord t : p.trials()) {
      String json =
          Files.readString(SweepFolder.trialDir(folder, t.id(), t.name()).resolve("argv.json"));
      argvs.add(List.of(new ObjectMapper().readValue(json, String[].class)));
    }
    return argvs;
  }

  @Test
  void random_withoutMetric_completes_andAnIntegerQGivesIntegersOnTheCommandLine()
      throws IOException {
    List<List<String>> argvs =
        run(
            "ints",
            """
            program: train.py
            method: random
            run_cap: 6
            parameters:
              batch: {distribution: q_log_uniform_values, min: 16, max: 512, q: 16}
              width: {distribution: q_normal, mu: 64, sigma: 8, q: 4}
              keep: {distribution: q_beta, a: 2, b: 2, q: 1}
              lr: {distribution: q_uniform, min: 0, max: 1, q: 0.25}
              hidden: {distribution: q_log_uniform_values, min: 16, max: 512}
            """);
    assertThat(argvs)
        .hasSize(6)
        .allSatisfy(
            a -> {
              assertThat(a.get(0)).matches("--batch=[0-9]+"); // 16, not 16.0
              assertThat(a.get(1)).matches("--hidden=[0-9]+\\.0"); // q defaults to 1.0
              assertThat(a.get(2)).matches("--keep=[01]");
              assertThat(a.get(3)).matches("--lr=(0\\.0|0\\.25|0\\.5|0\\.75|1\\.0)");
              assertThat(a.get(4)).matches("--width=[0-9]+");
            });
  }

  @Test
  void grid_withoutMetric_completesEveryRun() throws IOException {
    assertThat(
            run(
                "grid",
                """
                program: train.py
                method: grid
                parameters:
                  layers: {distribution: q_uniform, min: 2, max: 8, q: 2}
                """))
        .containsExactlyInAnyOrder(
            List.of("--layers=2"), List.of("--layers=4"), List.of("--layers=6"));
  }
}
