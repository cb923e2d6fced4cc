package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.process.ProcessRunner;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import dev.sweep.testing.Cluster;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A W&amp;B program in a SLURM job: the runner's offline {@code wandb} module reaches the job. */
class WandbShimOnSlurmTest extends ClusterTest {
  static final String PROGRAM =
      """
      import os, wandb
      run = wandb.init()
      assert os.environ["WANDB_MODE"] == "offline", os.environ.get("WANDB_MODE")
      for epoch in range(3):
          wandb.log({"loss": wandb.config.lr * (3 - epoch)})
      run.summary["best"] = wandb.config.lr
      wandb.finish()
      """;

  @Test
  void wandbProgram_reportsItsSummaryFromTheJob() throws Exception {
    Path bin = Cluster.countingCommands(tmp);
    Path program = Files.writeString(tmp.resolve("train.py"), PROGRAM);
    Path dir = tmp.resolve("sweep");
    SlurmRunner runner =
        SlurmRunner.builder()
            .command(
                ProcessRunner.builder()
                    .step("run", SubmissionTest.PYTHON + " " + program)
                    .wandbShim(true)
                    .workingDirectory(tmp)
                    .build())
            .commands(bin)
            .time(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(2))
            .build();

    Population population =
        Sweep.builder(Space.builder().add("lr", Choices.of(0.5, 0.25)).build(), runner)
            .objective(Objective.minimize("best"))
            .sampler(Samplers.grid())
            .directory(dir)
            .threads(2)
            .build()
            .run();

    assertThat(population.trials()).hasSize(2);
    for (TrialRecord t : population.trials()) {
      assertThat(t.status()).as(t.failure().orElse("")).isEqualTo(TrialStatus.COMPLETED);
      double lr = t.config().getDouble("lr");
      assertThat(t.metrics()).containsEntry("best", lr).containsEntry("loss", lr);
      assertThat(t.curve()).hasSize(3);
    }
  }
}
