package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.process.ProcessRunner.Plan;
import dev.sweep.process.ProcessRunner.PlannedStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job script, run by bash as SLURM would run one array task (its variables set by hand): no
 * cluster needed. The real-cluster tests run the same scripts under SLURM.
 */
class JobScriptTest {
  @TempDir Path tmp;

  private Path script(int maxRequeues, List<String> argv) throws Exception {
    Path trial = Files.createDirectories(tmp.resolve("trials/000007-v=x"));
    Plan plan = new Plan(List.of(new PlannedStep("train", argv), new PlannedStep("test", List.of("/bin/sh", "-c", "echo tested > tested"))),
        Map.of("SWEEP_TRIAL_DIR", trial.toString(), "GREETING", "it's $(not) run"));
    String text = JobScript.write("a test batch\nof one trial", tmp, maxRequeues, List.of(new JobScript.Task(7, trial, plan)));
    return Files.writeString(tmp.resolve("job.sh"), text);
  }

  private int run(Path script, String task, String restarts) throws Exception {
    ProcessBuilder b = new ProcessBuilder("/bin/bash", script.toString()).directory(tmp.toFile())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("job.log").toFile());
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
    Path script = script(3, List.of("/bin/sh", "-c",
        "printf '%s|%s|%s' \"$1\" \"$GREETING\" \"${SWEEP_TRIAL_ID:-unset}\" > \"$SWEEP_TRIAL_DIR/seen\"; echo out; echo err >&2",
        "sh", "$(touch pwned) `touch pwned` ; touch pwned\nline 2"));
    assertThat(run(script, "0", null)).isZero();

    assertThat(Files.readString(trial().resolve("seen"))).isEqualTo("$(touch pwned) `touch pwned` ; touch pwned\nline 2|it's $(not) run|unset");
    assertThat(Files.readString(trial().resolve("train.out"))).isEqualTo("out\n");
    assertThat(Files.readString(trial().resolve("train.err"))).isEqualTo("err\n");
    assertThat(Files.readString(tmp.resolve("tested"))).isEqualTo("tested\n"); // the second step, in the working directory
    assertThat(Files.readString(trial().resolve(JobScript.EXIT_MARKER)))
        .startsWith("{\"step\": \"test\", \"code\": 0, \"job\": \"412\", \"restarts\": 0, ");
    try (var files = Files.walk(tmp)) {
      assertThat(files.filter(f -> f.getFileName().toString().equals("pwned"))).isEmpty();
    }
  }

  @Test
  void aFailingStep_stopsTheTask_withItsCode() throws Exception {
    assertThat(run(script(3, List.of("/bin/sh", "-c", "exit 3")), "0", null)).isEqualTo(3);
    assertThat(Files.readString(trial().resolve(JobScript.EXIT_MARKER))).startsWith("{\"step\": \"train\", \"code\": 3,");
    assertThat(tmp.resolve("tested")).doesNotExist();
  }

  @Test
  void aTaskIndexThatIsNotOneOfTheBatch_runsNothing() throws Exception {
    Path script = script(3, List.of("/bin/sh", "-c", "touch ran"));
    for (String task : List.of("1", "0;touch pwned", "", "-1", "0 ")) {
      assertThat(run(script, task, null)).as(task).isEqualTo(2);
    }
    assertThat(Files.readString(tmp.resolve("job.log"))).contains("is none of them");
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
}
