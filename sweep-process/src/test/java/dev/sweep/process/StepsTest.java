package dev.sweep.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several steps per trial, their logs, and how a failing step ends the trial. */
class StepsTest {
  @TempDir Path tmp;

  /**
   * A step that notes its name in the trial's {@code order} file, logs to both streams, then runs
   * {@code then}.
   */
  private static CommandTemplate step(String name, String then) {
    return CommandTemplate.of(
        List.of(
            "/bin/sh",
            "-c",
            "echo "
                + name
                + " >> \"$SWEEP_TRIAL_DIR/order\"; echo out-"
                + name
                + "; echo err-"
                + name
                + " >&2; "
                + then));
  }

  /** Appends a line to the metrics file; braces are doubled, since the command is a template. */
  private static String metric(String json) {
    return "echo '" + json.replace("{", "{{").replace("}", "}}") + "' >> \"$SWEEP_METRICS\"";
  }

  @Test
  void steps_runInOrder_eachWithItsLogsInTheTrialFolder() throws Exception {
    TestTrial trial = TestTrial.of(Map.of(), tmp);
    ProcessRunner runner =
        ProcessRunner.builder()
            .step("train", step("train", metric("{\"step\": 1, \"loss\": 0.5}")))
            .step("average", step("average", "true"))
            .step("test", step("test", metric("{\"error\": 0.1}")))
            .build();

    Result result = runner.run(trial);

    Path dir = trial.workDir();
    assertThat(Files.readString(dir.resolve("order"))).isEqualTo("train\naverage\ntest\n");
    for (String name : List.of("train", "average", "test")) {
      assertThat(dir.resolve(name + ".out")).hasContent("out-" + name);
      assertThat(dir.resolve(name + ".err")).hasContent("err-" + name);
      assertThat(dir.resolve(name + ".cmd")).exists();
    }
    assertThat(result.metrics()).containsExactly(Map.entry("loss", 0.5), Map.entry("error", 0.1));
  }

  @Test
  void failingStep_stopsLaterSteps_andNamesStepExitCodeAndStderrTail() throws IOException {
    TestTrial trial = TestTrial.of(Map.of(), tmp);
    ProcessRunner runner =
        ProcessRunner.builder()
            .step("train", step("train", "true"))
            .step(
                "average",
                step("average", "for i in $(seq 1 12); do echo \"problem $i\" >&2; done; exit 3"))
            .step("test", step("test", "true"))
            .step("report", step("report", "true"))
            .build();

    Path dir = trial.workDir();
    assertThatThrownBy(() -> runner.run(trial))
        .isInstanceOfSatisfying(
            StepFailedException.class,
            e -> {
              assertThat(e.step()).isEqualTo("average");
              assertThat(e.exitCode()).isEqualTo(3);
              assertThat(e.log()).isEqualTo(dir.resolve("average.err"));
              assertThat(e.lastLines()).hasSize(10).endsWith("problem 12");
            })
        .hasMessage(
            "step 'average' exited with code 3; not run: test, report; last lines of "
                + dir.resolve("average.err")
                + ":"
                + "\n  problem 3\n  problem 4\n  problem 5\n  problem 6\n  problem 7"
                + "\n  problem 8\n  problem 9\n  problem 10\n  problem 11\n  problem 12");
    assertThat(Files.readString(dir.resolve("order"))).isEqualTo("train\naverage\n");
    assertThat(dir.resolve("test.out")).doesNotExist();
  }

  @Test
  void failingStep_withEmptyStderr_quotesStdout_andWithBothEmpty_saysSo() throws IOException {
    TestTrial trial = TestTrial.of(Map.of(), tmp);
    Path dir = trial.workDir();
    assertThatThrownBy(() -> ProcessRunner.of("/bin/sh -c 'echo only here; exit 1'").run(trial))
        .hasMessage(
            "step 'run' exited with code 1; last lines of "
                + dir.resolve("run.out")
                + ":\n  only here");
    assertThatThrownBy(() -> ProcessRunner.of("/bin/sh -c 'exit 2'").run(trial))
        .hasMessage(
            "step 'run' exited with code 2; its logs "
                + dir.resolve("run.out")
                + " and "
                + dir.resolve("run.err")
                + " are empty");
  }

  @Test
  void stepKilledBySignal_saysWhichSignal() throws IOException {
    TestTrial trial = TestTrial.of(Map.of(), tmp);
    Path dir = trial.workDir();
    assertThatThrownBy(() -> ProcessRunner.of("/bin/sh -c 'kill -9 $$'").run(trial))
        .hasMessage(
            "step 'run' exited with code 137 (killed by signal 9?); its logs "
                + dir.resolve("run.out")
                + " and "
                + dir.resolve("run.err")
                + " are empty");
  }

  @Test
  void missingProgram_failsNamingStepAndCommand() {
    TestTrial trial = TestTrial.of(Map.of("x", 1), tmp);
    assertThatThrownBy(() -> ProcessRunner.of("/nonexistent/train --x {x}").run(trial))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "step 'run' of trial 0 could not start: Cannot run program \"/nonexistent/train\": error=2, "
                + "No such file or directory; command: /nonexistent/train --x 1");
  }

  @Test
  void placeholderWithoutValue_inALaterStep_failsBeforeAnyStepRuns() throws IOException {
    TestTrial trial = TestTrial.of(Map.of("x", 1), tmp);
    ProcessRunner runner =
        ProcessRunner.builder()
            .step("train", step("train", "true"))
            .step("test", "/bin/echo {y}")
            .build();
    assertThatThrownBy(() -> runner.run(trial))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "template '/bin/echo {y}': placeholder {y} has no value in the config (top-level keys: [x])");
    assertThat(trial.workDir().resolve("order")).doesNotExist();
  }

  @Test
  void sweepWithoutDirectory_failsTheTrialWithTheSweepsHint() {
    Space space = Space.builder().add("x", Choices.constant(1)).build();
    Population population =
        Sweep.builder(space, ProcessRunner.of("/bin/true")).maxTrials(1).build().run();
    assertThat(population.trials().get(0).status()).isEqualTo(TrialStatus.FAILED);
    assertThat(population.trials().get(0).failure())
        .contains(
            "java.lang.IllegalStateException: trial 0 has no work folder: build the sweep with .directory(path)");
  }
}
