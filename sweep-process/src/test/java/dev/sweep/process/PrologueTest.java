package dev.sweep.process;

import static dev.sweep.process.Programs.PRINT_ARGV;
import static dev.sweep.process.Programs.PYTHON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A prologue runs in the shell of the step's command: what it sets, the program sees. */
class PrologueTest {
  @TempDir Path tmp;

  private static final String REPORT_VARIABLE =
      "import os; open(os.environ['SWEEP_METRICS'], 'a').write("
          + "'{{\"seen\": %s}}\\n' % os.environ['FROM_PROLOGUE'])";

  @Test
  void prologue_exportsAVariable_theProgramSeesIt() throws Exception {
    TestTrial trial = TestTrial.of(Map.of(), tmp);
    ProcessRunner runner =
        ProcessRunner.builder()
            .prologue(List.of("export FROM_PROLOGUE=41", "FROM_PROLOGUE=$((FROM_PROLOGUE + 1))"))
            .step("run", CommandTemplate.of(List.of(PYTHON, "-c", REPORT_VARIABLE)))
            .build();

    Result result = runner.run(trial);

    assertThat(result.metrics()).containsExactly(Map.entry("seen", 42.0));
  }

  @Test
  void prologue_sourcesAnActivateScript_theProgramIsFoundOnItsPath() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("venv/bin"));
    Path tool = bin.resolve("only-in-venv");
    Files.writeString(tool, "#!/bin/sh\necho '{\"venv\": 1}' >> \"$SWEEP_METRICS\"\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(bin.resolve("activate"), "PATH=\"" + bin + ":$PATH\"\n");
    ProcessRunner runner =
        ProcessRunner.builder()
            .prologue(List.of("source " + bin.resolve("activate")))
            .step("run", "only-in-venv")
            .build();

    Result result = runner.run(TestTrial.of(Map.of(), tmp));

    assertThat(result.metrics()).containsExactly(Map.entry("venv", 1.0));
  }

  @Test
  void failingPrologueLine_failsTheStep_withItsCodeAndLine_andTheCommandDoesNotRun()
      throws Exception {
    TestTrial trial = TestTrial.of(Map.of(), tmp);
    Path marker = tmp.resolve("command-ran");
    ProcessRunner runner =
        ProcessRunner.builder()
            .prologue(List.of("echo loading", "module-that-is-not-there cuda", "echo after"))
            .step("run", CommandTemplate.of(List.of("/usr/bin/touch", marker.toString())))
            .build();

    assertThatThrownBy(() -> runner.run(trial))
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.exitCode()).isEqualTo(127))
        .hasMessageContaining(
            "sweep: the prologue failed with exit code 127 at its line 2: "
                + "module-that-is-not-there cuda");
    assertThat(marker).doesNotExist();
    assertThat(Files.readString(trial.workDir().resolve("run.out"))).isEqualTo("loading\n");
  }

  @Test
  void arguments_reachTheProgramVerbatim_notReadByThePrologueShell() throws Exception {
    Path marker = tmp.resolve("MARKER");
    List<String> values =
        List.of(
            "two words",
            "$(touch " + marker + ")",
            "`touch " + marker + "`",
            "it's \"quoted\"",
            "a\nb",
            "$HOME",
            "*",
            "");
    Map<String, Object> config = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      config.put("v" + i, values.get(i));
    }
    TestTrial trial = TestTrial.of(config, tmp);
    ProcessRunner runner =
        ProcessRunner.builder()
            .prologue(List.of("set -- should not reach the program"))
            .step(
                "run", PYTHON + " -c '" + PRINT_ARGV + "' {v0} {v1} {v2} {v3} {v4} {v5} {v6} {v7}")
            .requireMetrics(false)
            .build();

    runner.run(trial);

    String out = Files.readString(trial.workDir().resolve("run.out")).strip();
    assertThat(new ObjectMapper().readValue(out, new TypeReference<List<String>>() {}))
        .isEqualTo(values);
    assertThat(marker).doesNotExist();
  }

  @Test
  void commandFile_runsThePrologueToo() throws Exception {
    TestTrial trial = TestTrial.of(Map.of(), tmp);
    ProcessRunner.builder()
        .prologue(List.of("export FROM_PROLOGUE=7"))
        .step("run", CommandTemplate.of(List.of(PYTHON, "-c", REPORT_VARIABLE)))
        .build()
        .run(trial);
    Files.delete(trial.workDir().resolve("metrics.jsonl"));

    Process rerun =
        new ProcessBuilder("/bin/sh", trial.workDir().resolve("run.cmd").toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(rerun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(rerun.waitFor()).as(said).isZero();
    assertThat(Files.readString(trial.workDir().resolve("metrics.jsonl")))
        .isEqualTo("{\"seen\": 7}\n");
  }

  @Test
  void withoutPrologue_theCommandRunsWithNoShell() throws Exception {
    TestTrial trial = TestTrial.of(Map.of(), tmp);
    ProcessRunner runner = ProcessRunner.of(PYTHON + " -c 'print(1)'");

    assertThat(runner.plan(trial).steps().get(0).argv()).containsExactly(PYTHON, "-c", "print(1)");
  }

  @Test
  void builder_rejectsNoLines_aNul_andASecondPrologue() {
    ProcessRunner.Builder b = ProcessRunner.builder();
    assertThatThrownBy(() -> b.prologue(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prologue has no lines; give at least one");
    assertThatThrownBy(() -> b.prologue(List.of("ok", "a\0b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prologue line 2 holds a NUL character: 'a\0b'");
    b.prologue(List.of("true"));
    assertThatThrownBy(() -> b.prologue(List.of("false")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("prologue was already set to [true]");
    assertThat(b.step("run", "true").build().toBuilder().build().toString())
        .contains("prologue 1 lines");
  }
}
