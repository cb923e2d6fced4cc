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
 * {@code sweep run} of W&B sweep files: real processes get W&B's arguments, and metric.target ends
 * the sweep.
 */
class WandbRunTest {
  /** Prints its arguments to argv.json in its folder and reports loss = lr. */
  static final String PROGRAM =
      """
      import json, os, sys
      args = dict(a[2:].split('=', 1) for a in sys.argv[1:] if a.startswith('--') and '=' in a)
      json.dump(sys.argv[1:], open(os.path.join(os.environ['SWEEP_TRIAL_DIR'], 'argv.json'), 'w'))
      open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(loss=float(args['lr']))) + chr(10))
      """;

  @TempDir Path dir;

  private Population run(String name, String yaml) throws IOException {
    Files.writeString(dir.resolve("train.py"), PROGRAM);
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    return SweepFolder.population(dir.resolve(name), Objective.minimize("loss"));
  }

  private List<String> argv(Path folder, TrialRecord t) throws IOException {
    String json =
        Files.readString(SweepFolder.trialDir(folder, t.id(), t.name()).resolve("argv.json"));
    return List.of(
        new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, String[].class));
  }

  @Test
  void grid_passesSortedArgumentsWithBooleanFlagsAndNestedBlocksAsPythonPrintsThem()
      throws IOException {
    Population p =
        run(
            "flags",
            """
        program: train.py
        method: grid
        metric: {name: loss}
        parameters:
          lr: {values: [0.5, 0.25]}
          amp: {values: [true, false]}
          opt:
            parameters:
              momentum: {value: 0.9}
        command: [/usr/bin/python3, "${program}", "${args_no_boolean_flags}"]
        """);
    assertThat(p.trials())
        .hasSize(4)
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
    TrialRecord first = p.trials().get(0); // amp sorts first and varies slowest
    assertThat(argv(dir.resolve("flags"), first))
        .containsExactly("--amp", "--lr=0.5", "--opt={'momentum': 0.9}");
    assertThat(argv(dir.resolve("flags"), p.trials().get(3)))
        .containsExactly("--lr=0.25", "--opt={'momentum': 0.9}");
  }

  @Test
  void bayes_stopsStartingRunsOnceOneReachesTheTarget() throws IOException {
    Population p =
        run(
            "target",
            """
        program: train.py
        method: bayes
        metric: {name: loss, goal: minimize, target: 0.02}
        run_cap: 200
        parameters:
          lr: {distribution: log_uniform_values, min: 0.001, max: 1}
        command: [/usr/bin/python3, "${program}", "${args}"]
        """);
    assertThat(p.size()).isLessThan(200);
    TrialRecord last = p.trials().get(p.size() - 1);
    assertThat(last.metrics().get("loss"))
        .isLessThanOrEqualTo(0.02); // the one that reached it ended the sweep
    assertThat(p.trials().subList(0, p.size() - 1))
        .allSatisfy(t -> assertThat(t.metrics().get("loss")).isGreaterThan(0.02));
  }

  @Test
  void argsJson_isOneArgument_andArgsJsonFile_aFileOfTheSameJson() throws IOException {
    Population p =
        run(
            "json",
            """
        method: grid
        metric: {name: loss}
        parameters:
          lr: {values: [0.5]}
          opt: {parameters: {name: {value: sgd}}}
        command:
          - /usr/bin/python3
          - -c
          - >-
            import json, os, sys; json.dump(sys.argv[1:], open(os.path.join(os.environ['SWEEP_TRIAL_DIR'], 'argv.json'), 'w'));
            assert json.loads(sys.argv[1]) == json.load(open(sys.argv[2])) == {'lr': 0.5, 'opt': {'name': 'sgd'}};
            open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(loss=1)) + chr(10))
          - ${args_json}
          - ${args_json_file}
        """);
    assertThat(p.trials())
        .singleElement()
        .satisfies(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
    assertThat(argv(dir.resolve("json"), p.trials().get(0)).get(0))
        .isEqualTo("{\"lr\":0.5,\"opt\":{\"name\":\"sgd\"}}");
  }
}
