package dev.sweep.process;

import static dev.sweep.process.Programs.PYTHON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.Result;
import dev.sweep.config.Config;
import dev.sweep.store.SweepFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a process finds around it: variables, files, stdin, working directory. */
class EnvironmentTest {
  @TempDir Path tmp;

  private static final String SHOW_ENVIRONMENT =
      """
          import json, os, sys
          keys = ['SWEEP_TRIAL_ID', 'SWEEP_TRIAL_NAME', 'SWEEP_TRIAL_DIR', 'SWEEP_CONFIG', 'SWEEP_METRICS',
                  'SWEEP_STOP_FILE', 'SWEEP_STEP', 'SWEEP_SLOT', 'CUDA_VISIBLE_DEVICES', 'EXTRA']
          seen = {k: os.environ.get(k) for k in keys}
          seen['stdin'] = sys.stdin.read()
          seen['cwd'] = os.getcwd()
          seen['stop file there'] = os.path.exists(os.environ['SWEEP_STOP_FILE'])
          seen['config'] = json.load(open(os.environ['SWEEP_CONFIG']))
          print(json.dumps(seen))
          with open(os.environ['SWEEP_METRICS'], 'a') as f:
              f.write(json.dumps({'done': 1}) + '\\n')
          """;

  @Test
  void process_getsTheSweepVariables_extraVariables_configFile_andEmptyStdin() throws Exception {
    String script = Programs.write(tmp, "env.py", SHOW_ENVIRONMENT);
    Path cwd = Files.createDirectories(tmp.resolve("cwd"));
    Config config =
        Config.fromJson("{\"optim\": {\"lr\": 0.1, \"name\": \"sgd\"}, \"widths\": [1, 2]}");
    TestTrial trial = new TestTrial(7, config, tmp.resolve("trial"));
    // an earlier attempt was stopped by a stopping rule: this one must not see its stop file
    Files.createDirectories(tmp.resolve("trial"));
    Files.writeString(tmp.resolve("trial").resolve(SweepFolder.STOP_FILE), "stopped at step 3");
    ProcessRunner runner =
        ProcessRunner.builder()
            .step("train", PYTHON + " " + script)
            .env("EXTRA", "run-{_id}-{optim.name}")
            .workingDirectory(cwd)
            .build();

    Result result = runner.run(trial);

    Path dir = tmp.resolve("trial").toAbsolutePath();
    Map<String, Object> seen =
        new ObjectMapper()
            .readValue(
                Files.readString(dir.resolve("train.out")),
                new TypeReference<Map<String, Object>>() {});
    Map<String, Object> expected = new HashMap<>();
    expected.put("SWEEP_TRIAL_ID", "7");
    expected.put("SWEEP_TRIAL_NAME", "test");
    expected.put("SWEEP_TRIAL_DIR", dir.toString());
    expected.put("SWEEP_CONFIG", dir.resolve("config.json").toString());
    expected.put("SWEEP_METRICS", dir.resolve("metrics.jsonl").toString());
    expected.put("SWEEP_STOP_FILE", dir.resolve(SweepFolder.STOP_FILE).toString());
    expected.put("stop file there", false);
    expected.put("SWEEP_STEP", "train");
    expected.put("SWEEP_SLOT", null);
    expected.put("CUDA_VISIBLE_DEVICES", System.getenv("CUDA_VISIBLE_DEVICES"));
    expected.put("EXTRA", "run-7-sgd");
    expected.put("stdin", "");
    expected.put("cwd", cwd.toRealPath().toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> seenConfig = (Map<String, Object>) seen.remove("config");
    assertThat(seen).isEqualTo(expected);
    assertThat(Config.of(seenConfig)).isEqualTo(config);
    assertThat(Config.fromJson(Files.readString(dir.resolve("config.json")))).isEqualTo(config);
    assertThat(result.metrics()).containsExactly(Map.entry("done", 1.0));
  }

  @Test
  void commandFile_rerunsTheStepAsTheRunnerRanIt() throws Exception {
    String script = Programs.write(tmp, "env.py", SHOW_ENVIRONMENT);
    TestTrial trial =
        new TestTrial(3, Config.ofFlat(Map.of("optim.name", "adam it's")), tmp.resolve("trial"));
    ProcessRunner.builder()
        .step("train", PYTHON + " " + script + " {optim.name}")
        .env("EXTRA", "$(x) 'y'")
        .build()
        .run(trial);
    Path dir = trial.workDir();

    Process rerun =
        new ProcessBuilder("/bin/sh", dir.resolve("train.cmd").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String again = new String(rerun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(rerun.waitFor()).isZero();
    assertThat(again).isEqualTo(Files.readString(dir.resolve("train.out")));
  }

  @Test
  void aNewRun_startsWithAnEmptyMetricsFileAndFreshLogs() throws Exception {
    TestTrial trial = new TestTrial(0, Config.empty(), tmp.resolve("trial"));
    Path dir = trial.workDir();
    Files.writeString(dir.resolve("metrics.jsonl"), "{\"step\": 1, \"old\": 1}\n");
    Files.writeString(dir.resolve("run.out"), "an old log that is longer than the new one\n");
    ProcessRunner runner =
        ProcessRunner.of("/bin/sh -c 'echo new; echo \"{\\\"x\\\": 2}\" >> \"$SWEEP_METRICS\"'");

    Result result = runner.run(trial);

    assertThat(result.metrics()).containsExactly(Map.entry("x", 2.0));
    assertThat(trial.curve()).isEmpty();
    assertThat(Files.readString(dir.resolve("run.out"))).isEqualTo("new\n");
  }
}
