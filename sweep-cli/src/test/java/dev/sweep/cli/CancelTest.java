package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep cancel} stops a running driver: its trials' processes are killed and recorded as
 * cancelled.
 */
class CancelTest {
  @TempDir Path dir;

  @Test
  @Timeout(30)
  void cancel_stopsTheDriver_killsTheTrials_andRunResumesThemLater() throws Exception {
    Path file = dir.resolve("slow.yaml");
    Files.writeString(
        file,
        """
        objective: {metric: error}
        trials: 3
        parameters:
          x: {uniform: [0, 1]}
        command: [/usr/bin/python3, -c, "import time; time.sleep(60)"]
        slots: [a, b]
        grace: 1s
        """);
    Path folder = dir.resolve("slow");
    CompletableFuture<Cli.Run> run =
        CompletableFuture.supplyAsync(() -> sweep("run", "--quiet", file.toString()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (SweepFolder.replay(folder).values().stream().filter(t -> t.attempts() > 0).count() < 2) {
      assertThat(System.nanoTime()).as("two trials start").isLessThan(deadline);
      Thread.sleep(50);
    }
    Cli.Run status = sweep("status", folder.toString());
    assertThat(status.out())
        .contains("  completed 0, failed 0, running 2, pending 1\n", "\nrunning:\n");

    Cli.Run cancel = sweep("cancel", folder.toString(), "--wait", "20");
    assertThat(cancel.code()).as(cancel.toString()).isZero();
    assertThat(cancel.out()).endsWith("sweep slow: the driver stopped\n");

    Cli.Run ran = run.get(10, TimeUnit.SECONDS);
    assertThat(ran.code()).isEqualTo(SweepCommand.TRIALS_FAILED);
    assertThat(ran.err()).isEqualTo("sweep slow: cancel requested; stopping the running trials\n");
    assertThat(SweepFolder.population(folder, Objective.minimize("error")).trials())
        .extracting(TrialRecord::status)
        .containsExactly(TrialStatus.CANCELLED, TrialStatus.CANCELLED);
    assertThat(folder.resolve(SweepDir.CANCEL)).doesNotExist();
    assertThat(sweep("status", folder.toString()).out())
        .contains("  completed 0, failed 0, running 0, pending 1, cancelled 2\n");
  }
}
