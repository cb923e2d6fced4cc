package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Result;
import dev.sweep.Runner;
import dev.sweep.Sweep;
import dev.sweep.Trial;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Java Runner class runs inside the job through the Worker, and reports as a command would. */
class JavaRunnerTest extends ClusterTest {
  /** Trains nothing: reports a short curve, writes a file in its folder, fails for lr 0. */
  public static final class Quadratic implements Runner {
    @Override
    public Result run(Trial trial) throws Exception {
      double lr = trial.config().getDouble("lr");
      if (lr == 0) {
        throw new IllegalArgumentException("lr 0 learns nothing");
      }
      for (int step = 1; step <= 3; step++) {
        trial.report(step, "loss", (lr - 0.1) * (lr - 0.1) + 1.0 / step);
      }
      Files.writeString(
          trial.workDir().resolve("model.txt"), "lr " + lr + ", params " + trial.params());
      return Result.of("error", (lr - 0.1) * (lr - 0.1));
    }
  }

  /**
   * Trains "forever" until told to checkpoint: saves its step and returns; run again (after the
   * requeue), it resumes from the saved step and finishes.
   */
  public static final class Checkpointing implements Runner {
    @Override
    public Result run(Trial trial) throws Exception {
      Path checkpoint = trial.workDir().resolve("checkpoint");
      if (Files.exists(checkpoint)) {
        return Result.of(
            Map.of("error", 0.5, "resumed_at", Double.parseDouble(Files.readString(checkpoint))));
      }
      for (int step = 1; step < 600; step++) {
        if (trial.checkpointRequested()) {
          Files.writeString(checkpoint, Integer.toString(step));
          throw new IllegalStateException("checkpointed at step " + step + "; to be resumed");
        }
        trial.report(step, "loss", 1.0 / step);
        Thread.sleep(200);
      }
      return Result.of("error", 1.0);
    }
  }

  @Test
  void aJavaRunner_seesTheWarningAsACheckpointRequest_andResumesAfterTheRequeue() throws Exception {
    SlurmRunner runner =
        SlurmRunner.builder()
            .javaRunner(
                Checkpointing.class,
                System.getProperty("java.class.path"),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1")
            .time(Duration.ofMinutes(1))
            .warning(Duration.ofSeconds(50)) // about 10 s in
            .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(1))
            .build();
    Population population =
        Sweep.builder(Space.builder().add("lr", Choices.of(0.1)).build(), runner)
            .objective(Objective.minimize("error"))
            .directory(tmp.resolve("sweep"))
            .maxTrials(1)
            .build()
            .run();

    TrialRecord t = population.trials().get(0);
    assertThat(t.status()).as(t.failure().orElse("")).isEqualTo(TrialStatus.COMPLETED);
    assertThat(t.metrics().get("resumed_at"))
        .isGreaterThan(5.0); // the warning came after some steps
  }

  @Test
  void aRunnerClass_runsInTheJob_withItsCurveAndResult_andItsFailureAsAStepFailure()
      throws Exception {
    SlurmRunner runner =
        SlurmRunner.builder()
            .javaRunner(
                Quadratic.class,
                System.getProperty("java.class.path"),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1")
            .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(1))
            .build();
    Path dir = tmp.resolve("sweep");
    Population population =
        Sweep.builder(Space.builder().add("lr", Choices.of(0.0, 0.1, 0.3)).build(), runner)
            .objective(Objective.minimize("error"))
            .sampler(Samplers.grid())
            .directory(dir)
            .threads(3)
            .build()
            .run();

    TrialRecord failed = population.trials().get(0);
    assertThat(failed.status()).isEqualTo(TrialStatus.FAILED);
    assertThat(failed.failure().orElseThrow())
        .contains("step 'run' exited with code 1", "lr 0 learns nothing");
    TrialRecord best = population.best().orElseThrow();
    assertThat(best.config().getDouble("lr")).isEqualTo(0.1);
    assertThat(best.metrics()).containsEntry("error", 0.0);
    assertThat(best.curve())
        .containsExactly(
            new CurvePoint(1, Map.of("loss", 1.0)),
            new CurvePoint(2, Map.of("loss", 0.5)),
            new CurvePoint(3, Map.of("loss", 1.0 / 3)));
    assertThat(Files.readString(LifecycleTest.trialDir(dir, best).resolve("model.txt")))
        .isEqualTo("lr 0.1, params {lr=0.1}");
  }
}
