package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.process.ProcessRunner;
import dev.sweep.process.ProcessRunner.Plan;
import dev.sweep.process.ProcessRunner.PlannedStep;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job script, run by bash as SLURM would run one array task (its variables set by hand): no
 * cluster needed. The real-cluster tests run the same scripts under SLURM.
 */
class JobScriptTest {
  @TempDir Path tmp;

  private Path script(int maxRequeues, List<String> argv) throws Exception {
    return script(maxRequeues, argv, Map.of("GREETING", "it's $(not) run"));
  }

  /** A batch folder of one task, trial 7: its script, its link and the trial's task file. */
  private Path script(int maxRequeues, List<String> argv, Map<String, String> variables)
      throws Exception {
    Path trial = Files.createDirectories(trial());
    Map<String, String> env = new LinkedHashMap<>(variables);
    env.put("SWEEP_TRIAL_DIR", trial.toString());
    Plan plan =
        new Plan(
            List.of(
                new PlannedStep("train", argv),
                new PlannedStep("test", List.of("/bin/sh", "-c", "echo tested > tested"))),
            env);
    TaskFile.write(7, trial, tmp, plan);
    Path batch = Files.createDirectories(tmp.resolve("slurm/b0001/tasks")).getParent();
    Files.createSymbolicLink(batch.resolve("tasks/0"), trial);
    return Files.writeString(
        batch.resolve("job.sh"), JobScript.write("a test batch\nof one trial", maxRequeues));
  }

  private int run(Path script, String task, String restarts) throws Exception {
    ProcessBuilder b =
        new ProcessBuilder("/bin/bash", script.toString(), script.getParent().toString())
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("job.log").toFile());
    b.environment().put("SLURM_ARRAY_TASK_ID", task);
    b.environment().put("SLURM_JOB_ID", "412");
    b.environment().put("SWEEP_TRIAL_ID", "999"); // the submitting shell's: not this trial's
    if (restarts != null) {
      b.environment().put("SLURM_RESTART_COUNT", restarts);
    }
    Process p = b.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  private Path trial() {
    return tmp.resolve("trials/000007-v=x");
  }

  @Test
  void aTask_runsItsStepsInItsFolder_withItsValuesAsTheyAre_andMarksHowItEnded() throws Exception {
    Path script =
        script(
            3,
            List.of(
                "/bin/sh",
                "-c",
                "printf '%s|%s|%s' \"$1\" \"$GREETING\" \"${SWEEP_TRIAL_ID:-unset}\" > \"$SWEEP_TRIAL_DIR/seen\"; echo out; echo err >&2",
                "sh",
                "$(touch pwned) `touch pwned` ; touch pwned\nline 2"));
    assertThat(run(script, "0", null)).isZero();

    assertThat(Files.readString(trial().resolve("seen")))
        .isEqualTo("$(touch pwned) `touch pwned` ; touch pwned\nline 2|it's $(not) run|unset");
    assertThat(Files.readString(trial().resolve("train.out"))).isEqualTo("out\n");
    assertThat(Files.readString(trial().resolve("train.err"))).isEqualTo("err\n");
    assertThat(Files.readString(tmp.resolve("tested")))
        .isEqualTo("tested\n"); // the second step, in the working directory
    assertThat(Files.readString(trial().resolve(JobScript.EXIT_MARKER)))
        .startsWith("{\"step\": \"test\", \"code\": 0, \"job\": \"412\", \"restarts\": 0, ");
    try (var files = Files.walk(tmp)) {
      assertThat(files.filter(f -> f.getFileName().toString().equals("pwned"))).isEmpty();
    }
  }

  @Test
  void aFailingStep_stopsTheTask_withItsCode() throws Exception {
    assertThat(run(script(3, List.of("/bin/sh", "-c", "exit 3")), "0", null)).isEqualTo(3);
    assertThat(Files.readString(trial().resolve(JobScript.EXIT_MARKER)))
        .startsWith("{\"step\": \"train\", \"code\": 3,");
    assertThat(tmp.resolve("tested")).doesNotExist();
  }

  @Test
  void aPrologue_runsInTheTask_beforeTheStep_whoseArgumentsStayItsOwn() throws Exception {
    ProcessRunner runner =
        ProcessRunner.builder()
            .prologue(List.of("export FROM_PROLOGUE=ok", "set -- not the step arguments"))
            .step(
                "train",
                "/bin/sh -c 'printf %s/%s \"$FROM_PROLOGUE\" \"$1\" > \"$SWEEP_TRIAL_DIR/seen\"' sh {v}")
            .build();
    AtomicReference<List<String>> argv = new AtomicReference<>();
    Sweep.builder(
            Space.builder().add("v", Choices.of("$(touch pwned) it's")).build(),
            t -> {
              argv.set(runner.plan(t).steps().get(0).argv());
              return Result.of("value", 0);
            })
        .sampler(Samplers.grid())
        .directory(tmp.resolve("planned"))
        .build()
        .run();

    assertThat(run(script(3, argv.get()), "0", null))
        .as(
            Files.readString(tmp.resolve("job.log"))
                + Files.readString(trial().resolve("train.err")))
        .isZero();

    assertThat(trial().resolve("seen")).hasContent("ok/$(touch pwned) it's");
    assertThat(tmp.resolve("pwned")).doesNotExist();
  }

  @Test
  void aFailingPrologue_failsTheTask_sayingWhichLine() throws Exception {
    ProcessRunner runner =
        ProcessRunner.builder()
            .prologue(List.of("true", "/bin/sh -c 'exit 7'"))
            .step("train", "/bin/true")
            .build();
    AtomicReference<List<String>> argv = new AtomicReference<>();
    Sweep.builder(
            Space.builder().add("v", Choices.of(1)).build(),
            t -> {
              argv.set(runner.plan(t).steps().get(0).argv());
              return Result.of("value", 0);
            })
        .sampler(Samplers.grid())
        .directory(tmp.resolve("planned"))
        .build()
        .run();

    assertThat(run(script(3, argv.get()), "0", null)).isEqualTo(7);

    assertThat(trial().resolve("train.err"))
        .hasContent(
            "sweep: the prologue failed with exit code 7 at its line 2: /bin/sh -c 'exit 7'");
    assertThat(tmp.resolve("tested")).doesNotExist();
  }

  @Test
  void aTaskIndexThatIsNotOneOfTheBatch_runsNothing() throws Exception {
    Path script = script(3, List.of("/bin/sh", "-c", "touch ran"));
    for (String task : List.of("1", "0;touch pwned", "", "-1", "0 ")) {
      assertThat(run(script, task, null)).as(task).isEqualTo(2);
    }
    assertThat(Files.readString(tmp.resolve("job.log"))).contains("has no task '");
    assertThat(tmp.resolve("ran")).doesNotExist();
    assertThat(tmp.resolve("pwned")).doesNotExist();
  }

  @Test
  void aTaskRequeuedMoreOftenThanAllowed_endsWithoutRunning() throws Exception {
    Path script = script(2, List.of("/bin/sh", "-c", "touch ran"));
    assertThat(run(script, "0", "3")).isEqualTo(1);
    assertThat(Files.readString(trial().resolve(JobScript.EXIT_MARKER)))
        .contains("\"step\": \"requeue\"", "\"reason\": \"requeued 3 times; at most 2 allowed\"");
    assertThat(tmp.resolve("ran")).doesNotExist();
  }

  /** Every character from U+0001 to U+007F, and some beyond ASCII. */
  static final String EVERY_BYTE;

  static {
    StringBuilder s = new StringBuilder();
    for (char c = 1; c < 0x80; c++) {
      s.append(c);
    }
    EVERY_BYTE = s.append(" \r\n naïve ✓ 𝔘 \u0085 \n").toString();
  }

  @Test
  void valuesWithAnyCharacterButNul_reachTheStepByteForByte_asArgumentsAndVariables()
      throws Exception {
    List<String> values = List.of(EVERY_BYTE, "dos\r\n", "\r", "", "-n", "'", "end\\");
    List<String> argv =
        new java.util.ArrayList<>(
            List.of(
                "/bin/sh",
                "-c",
                "printf '%s\\0' \"$@\" \"$V0\" \"$V1\" > \"$SWEEP_TRIAL_DIR/seen\"",
                "sh"));
    argv.addAll(values);
    Path script = script(3, argv, Map.of("V0", EVERY_BYTE, "V1", "dos\r\n"));
    assertThat(Files.readString(script)).doesNotContain("naïve", "dos");
    assertThat(run(script, "0", null)).as(log()).isZero();

    StringBuilder expected = new StringBuilder();
    for (String v : values) {
      expected.append(v).append('\0');
    }
    expected.append(EVERY_BYTE).append('\0').append("dos\r\n").append('\0');
    assertThat(Files.readAllBytes(trial().resolve("seen")))
        .isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void variablesNamedLikeTheScriptsOwn_reachTheStep_andChangeNothingOfTheScript() throws Exception {
    List<String> names =
        List.of(
            "trial_dir",
            "step",
            "code",
            "child",
            "batch",
            "task",
            "fields",
            "step_from",
            "RANDOM",
            "SECONDS",
            "k");
    Map<String, String> named = new LinkedHashMap<>();
    names.forEach(name -> named.put(name, "/tmp/elsewhere " + name));
    StringBuilder print = new StringBuilder();
    names.forEach(name -> print.append("printf '%s|' \"$").append(name).append("\"; "));
    Path script = script(3, List.of("/bin/sh", "-c", print + "exit 4"), named);
    assertThat(run(script, "0", null)).as(log()).isEqualTo(4);
    assertThat(Files.readString(trial().resolve("train.out")))
        .isEqualTo(String.join("|", named.values()) + "|");
    assertThat(Files.readString(trial().resolve(JobScript.EXIT_MARKER)))
        .startsWith("{\"step\": \"train\", \"code\": 4,");
  }

  @Test
  void aTaskFileCutShort_orMissing_runsNothing_andSaysWhy() throws Exception {
    Path script = script(3, List.of("/bin/sh", "-c", "touch ran"));
    Path file = trial().resolve(TaskFile.NAME);
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 5));
    assertThat(run(script, "0", null)).isEqualTo(2);
    assertThat(log())
        .contains(
            file.toString()
                .replace(trial().toString(), tmp.resolve("slurm/b0001/tasks/0").toString()),
            "is not a whole task file of format " + TaskFile.FORMAT);

    Files.delete(file);
    assertThat(run(script, "0", null)).isEqualTo(2);
    assertThat(log()).contains("No such file or directory");
    assertThat(tmp.resolve("ran")).doesNotExist();
    assertThat(trial().resolve("ran")).doesNotExist();
  }

  @Test
  void aValueWithANul_cannotBeGivenToAProgram_andIsRefusedByName() {
    Plan plan =
        new Plan(
            List.of(new PlannedStep("train", List.of("/bin/echo", "ok", "a\0b\r\n"))), Map.of());
    assertThatThrownBy(() -> TaskFile.encode(7, trial(), tmp, plan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "trial 7: argument 2 of step 'train', 'a\\0b\\r\\n', holds a NUL character (\\0, at index 1),"
                + " which no program argument or variable can carry; wanted a value without NUL");
    Plan env =
        new Plan(List.of(new PlannedStep("train", List.of("/bin/echo"))), Map.of("LR", "0.1\0"));
    assertThatThrownBy(() -> TaskFile.encode(7, trial(), tmp, env))
        .hasMessageStartingWith("trial 7: the value of variable LR, '0.1\\0', holds a NUL");
  }

  private String log() throws java.io.IOException {
    return Files.readString(tmp.resolve("job.log"));
  }
}
