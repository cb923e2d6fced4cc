package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probe: {command: …}}: a real Python program measures each distinct config once, from the
 * JSON on its stdin (the same as the file {@code SWEEP_CONFIG} names); constraints see its values
 * and the population records them. A probe that fails stops the sweep, naming the config, the exit
 * status and the end of its stderr.
 */
class ProbeCommandTest {
  /** FLOPs and params of a toy model; logs each config it measures. */
  static final String CX =
      """
      import json, os, sys
      cfg = json.load(sys.stdin)
      assert json.load(open(os.environ['SWEEP_CONFIG'])) == cfg
      with open('probed.log', 'a') as log:
          log.write(json.dumps(cfg, sort_keys=True) + '\\n')
      w, d = cfg['model']['width'], cfg['model']['depth']
      print(json.dumps({'flops': w * w * d, 'params': w * d, 'note': 'ignored'}))
      """;

  @TempDir Path dir;

  private Path sweepFile(String probe) throws IOException {
    Files.writeString(dir.resolve("train.py"), "print('loss 1.5')\n");
    return Files.writeString(
        dir.resolve("s.yaml"),
        """
        name: cx
        trials: 8
        sampler: {type: random, seed: 3, distinct: true}
        parameters:
          model.width: {choice: [8, 16, 32, 64]}
          model.depth: {int: [1, 8]}
        probe: %s
        constraints:
          - "flops <= 2000"
        command: [python3, train.py]
        parse: {loss: "loss ([0-9.]+)"}
        objective: {metric: loss}
        """
            .formatted(probe));
  }

  @Test
  void aPythonProbe_feedsAConstraint_andItsValuesAreColumns() throws IOException {
    Files.writeString(dir.resolve("cx.py"), CX);
    Path file = sweepFile("{command: python3 cx.py, values: [flops, params], timeout: 20s}");
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population p = SweepFolder.population(dir.resolve("s"), Objective.minimize("loss"));
    assertThat(p.parameterNames()).contains("flops", "params").doesNotContain("note");
    assertThat(p.trials()).hasSize(8);
    for (TrialRecord t : p.trials()) {
      long w = t.config().getLong("model.width");
      long d = t.config().getLong("model.depth");
      assertThat(((Number) t.params().get("flops")).longValue()).isEqualTo(w * w * d);
      assertThat(((Number) t.params().get("params")).longValue()).isEqualTo(w * d);
      assertThat(w * w * d).isLessThanOrEqualTo(2000);
      assertThat(t.config().has("flops")).as("the job gets the sampled config only").isFalse();
    }
    List<String> probed = Files.readAllLines(dir.resolve("probed.log"));
    Set<String> distinct = new HashSet<>(probed);
    assertThat(probed).as("each distinct config is probed once").hasSameSizeAs(distinct);
    assertThat(probed.size()).isGreaterThan(8); // rejected ones too: any 64 wide is too big
  }

  /** Runs a probe script and returns the sweep's error output, checking it failed. */
  private String failing(String script, String probe) throws IOException {
    Files.writeString(dir.resolve("cx.py"), script);
    Cli.Run run = sweep("run", "-q", sweepFile(probe).toString());
    assertThat(run.code()).as(run.toString()).isEqualTo(SweepCommand.TRIALS_FAILED);
    List<String> lines = run.err().lines().filter(l -> !l.contains("[ERROR]")).toList();
    return String.join("\n", lines);
  }

  private static final String CONFIG = "{\"model\":{\"width\":64,\"depth\":4}}";
  private static final String PROBE = "{command: [python3, cx.py], values: [flops, params]}";

  @Test
  void aNonZeroExit_namesTheConfigStatusAndStderrTail() throws IOException {
    String err =
        failing(
            "import sys\nsys.stderr.write('x' * 2000 + '\\nKeyError: model\\n')\nsys.exit(3)\n",
            PROBE);
    assertThat(err)
        .startsWith(
            "sweep cx: probe failed on config "
                + CONFIG
                + ": command [python3, cx.py] exited with status 3; stderr ends: …xxx")
        .endsWith("xxx\nKeyError: model");
    assertThat(err.length()).isLessThan(700); // the tail, not all of stderr
  }

  @Test
  void aTimeout_isAFailure() throws IOException {
    String err =
        failing(
            "import time\ntime.sleep(30)\n",
            "{command: [python3, cx.py], values: [flops], timeout: 1s}");
    assertThat(err)
        .isEqualTo(
            "sweep cx: probe failed on config "
                + CONFIG
                + ": command [python3, cx.py] ran past its timeout of 1s; stderr was empty");
  }

  @Test
  void outputThatIsNoJson_isAFailure() throws IOException {
    String err = failing("print('flops: 12')\n", PROBE);
    assertThat(err)
        .startsWith(
            "sweep cx: probe failed on config "
                + CONFIG
                + ": command [python3, cx.py] exited with status 0 but printed no JSON object (")
        .endsWith("), it printed 'flops: 12'; stderr was empty");
  }

  @Test
  void aMissingValue_isAFailure() throws IOException {
    String err = failing("print('{\"flops\": 12}')\n", PROBE);
    assertThat(err)
        .isEqualTo(
            "sweep cx: probe failed on config "
                + CONFIG
                + ": command [python3, cx.py] exited with status 0 but printed no 'params'"
                + " (it printed {\"flops\": 12}); stderr was empty");
  }

  @Test
  void aValueThatIsNoNumber_isAFailure() throws IOException {
    String err = failing("print('{\"flops\": 12, \"params\": \"1M\"}')\n", PROBE);
    assertThat(err)
        .isEqualTo(
            "sweep cx: probe failed on config "
                + CONFIG
                + ": command [python3, cx.py] exited with status 0 but printed params = 1M,"
                + " no number; stderr was empty");
  }

  /** A pycls model type the built-in complexity lacks: CX on the sweep's own probe. */
  @Test
  @SuppressWarnings("StringConcatToTextBlock") // Error Prone 2.42 crashes on this text block
  void aPyclsSweep_ofAnUnportedModel_takesCxFromItsCommandProbe() throws IOException {
    Files.createDirectories(dir.resolve("tools"));
    Files.writeString(dir.resolve("tools/run_net.py"), PyclsRunTest.RUN_NET);
    Files.writeString(
        dir.resolve("vit_cx.py"),
        """
        import json, sys
        cfg = json.load(sys.stdin)
        print(json.dumps({'flops': int(cfg['VIT']['HIDDEN_D']) * 1000000}))
        """);
    Path file =
        Files.writeString(
            dir.resolve("vit.yaml"),
            """
            NAME: vit
            ROOT_DIR: sweeps
            SETUP:
              NUM_CONFIGS: 2
              SAMPLERS:
                VIT.HIDDEN_D: {TYPE: int_sampler, RAND_TYPE: uniform, RANGE: [64, 256], QUANTIZE: 64}
              CONSTRAINTS:
                CX:
                  FLOPS: [0, 2.0e+8] # 64, 128 or 192 wide
              BASE_CFG:
                MODEL: {TYPE: vit}
                OPTIM: {BASE_LR: 0.5, MAX_EPOCH: 2}
            sweep:
              slots: ["0"]
              probe: {command: [python3, vit_cx.py], values: [flops]}
            """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population p =
        SweepFolder.population(dir.resolve("sweeps/vit"), Objective.minimize("min_top1_err"));
    assertThat(p.trials()).hasSize(2);
    for (TrialRecord t : p.trials()) {
      long hidden = t.config().getLong("VIT.HIDDEN_D");
      assertThat(hidden).isIn(64L, 128L, 192L);
      assertThat(((Number) t.params().get("flops")).longValue()).isEqualTo(hidden * 1000000);
    }
  }
}
