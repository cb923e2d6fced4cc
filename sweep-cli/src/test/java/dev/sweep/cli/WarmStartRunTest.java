package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code enqueue:} runs known configs first; {@code warm_start:} lets an adaptive sampler learn an
 * earlier sweep's trials, from its folder or its collected CSV, skipping (and counting) those that
 * do not fit this space.
 */
class WarmStartRunTest {
  @TempDir Path dir;

  private static final String PROGRAM =
      """
      import json, os, sys
      x = float(sys.argv[1])
      with open(os.environ['SWEEP_METRICS'], 'a') as f:
          f.write(json.dumps({'loss': (x - 1) ** 2}) + '\\n')
      """;

  @Test
  void enqueuedConfigsRunFirst_thenTheSampler() throws IOException {
    Files.writeString(dir.resolve("f.py"), PROGRAM);
    Path file =
        write(
            "old.yaml",
            """
            objective: {metric: loss, goal: minimize}
            sampler: {type: random, seed: 3}
            trials: 4
            parameters:
              x: {uniform: [-5, 5]}
            command: python3 f.py {x}
            enqueue: [{x: 1.0}, {x: -2.5}]
            """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population p = SweepFolder.population(dir.resolve("old"), Objective.minimize("loss"));
    assertThat(p.trials()).hasSize(4);
    assertThat(p.trials().get(0).config().getDouble("x")).isEqualTo(1.0);
    assertThat(p.trials().get(1).config().getDouble("x")).isEqualTo(-2.5);
    assertThat(p.trials().get(0).metric("loss")).hasValue(0.0);
  }

  @Test
  void anEnqueuedValueOutsideItsDomainIsALocatedError() throws IOException {
    Path file =
        write(
            "bad.yaml",
            """
            sampler: {type: random, seed: 3}
            trials: 4
            parameters:
              x: {uniform: [-5, 5]}
            command: python3 f.py {x}
            enqueue: [{x: 7}]
            """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("bad.yaml:6:").contains("7").contains("uniform[-5.0, 5.0]");
    assertThat(dir.resolve("bad")).doesNotExist();
  }

  @Test
  void aTpeLearnsAnEarlierSweepFromItsFolderAndItsCsv() throws IOException {
    Files.writeString(dir.resolve("f.py"), PROGRAM);
    Path old =
        write(
            "old.yaml",
            """
            objective: {metric: loss, goal: minimize}
            sampler: {type: random, seed: 3}
            trials: 12
            parameters:
              x: {uniform: [-5, 5]}
            command: python3 f.py {x}
            """);
    assertThat(sweep("run", "-q", old.toString()).code()).isZero();
    assertThat(sweep("collect", dir.resolve("old").toString()).code()).isZero();
    // a narrower space: the earlier trials outside [-2, 2] do not fit and are skipped
    Path file =
        write(
            "new.yaml",
            """
            objective: {metric: loss, goal: minimize}
            sampler: {type: tpe, seed: 5}
            trials: 3
            parameters:
              x: {uniform: [-2, 2]}
            command: python3 f.py {x}
            warm_start: [old, old/trials.csv]
            """);
    Population earlier = SweepFolder.population(dir.resolve("old"), Objective.minimize("loss"));
    long fit =
        earlier.trials().stream().filter(t -> Math.abs(t.config().getDouble("x")) <= 2).count();

    Cli.Run run = sweep("run", file.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    String out = run.out() + run.err();
    assertThat(out)
        .contains("warm start: " + fit + " trial")
        .contains(
            "learned from old, " + (12 - fit) + " skipped: " + (12 - fit) + " outside this space")
        .contains("learned from old/trials.csv, " + (12 - fit) + " skipped");
    assertThat(SweepFolder.population(dir.resolve("new"), Objective.minimize("loss")).trials())
        .hasSize(3);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
