package dev.sweep.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep of trial processes embedded in a host program: closing it leaves no process and no thread
 * behind.
 */
class RunningProcessSweepTest {
  private static final Space SPACE = Space.builder().add("x", Floats.uniform(0, 1)).build();

  @Test
  void closeStopsTrialProcessesAndWaitsForThem(@TempDir Path dir) throws Exception {
    ProcessRunner sleeper =
        ProcessRunner.builder().step("train", "sleep 60").grace(Duration.ofSeconds(2)).build();
    RunningSweep running =
        Sweep.builder(SPACE, sleeper)
            .name("procs")
            .maxTrials(2)
            .threads(2)
            .directory(dir)
            .build()
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    // both trials' sleeps (each starts through setsid, which then becomes the sleep)
    while (ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().orElse("").endsWith("sleep"))
                .count()
            < 2
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(
            ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().orElse("").endsWith("sleep"))
                .count())
        .isEqualTo(2);
    long t0 = System.nanoTime();
    running.close();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(
            ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").endsWith("sleep")))
        .isEmpty();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.isAlive() && t.getName().startsWith("sweep-procs"));
    assertThat(running.result().join().trials())
        .hasSize(2)
        .extracting(TrialRecord::status)
        .containsOnly(TrialStatus.CANCELLED);
  }
}
