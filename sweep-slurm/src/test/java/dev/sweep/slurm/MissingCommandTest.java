package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.process.ProcessRunner;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.testing.Cluster;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A SLURM command the driver needs but cannot run is not retried for ever: the trials fail with the
 * command's name and the error, their tasks cancelled, and the sweep ends. (Without the fix, the
 * poller retried a missing {@code squeue} each round and the sweep never ended.)
 */
class MissingCommandTest extends ClusterTest {
  private static final Space SPACE = Space.builder().add("i", Ints.range(0, 9)).build();

  @Test
  void aMissingSqueue_failsEveryTrial_namingIt_andCancelsItsTasks() throws Exception {
    Path bin = Cluster.countingCommands(tmp);
    Files.delete(bin.resolve("squeue"));
    SlurmRunner runner =
        SlurmRunner.builder()
            .command(ProcessRunner.of("sleep 30"))
            .commands(bin)
            .pollInterval(Duration.ofMillis(200))
            .build();
    Population population =
        assertTimeoutPreemptively(
            Duration.ofSeconds(90),
            () ->
                Sweep.builder(SPACE, runner)
                    .objective(Objective.minimize("error"))
                    .directory(tmp.resolve("sweep"))
                    .threads(3)
                    .maxTrials(3)
                    .build()
                    .run());
    assertThat(population.trials()).hasSize(3);
    for (TrialRecord t : population.trials()) {
      assertThat(t.status()).isEqualTo(TrialStatus.FAILED);
      assertThat(t.failure())
          .hasValueSatisfying(f -> assertThat(f).contains("squeue", "cannot run"));
    }
    assertThat(Cluster.calls(bin, "scancel")).isNotEmpty(); // none of its sleeps runs on unfollowed
  }
}
