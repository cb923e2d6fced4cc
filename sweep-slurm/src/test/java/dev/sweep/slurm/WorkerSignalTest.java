package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The worker's signal handler, installed by reflection on sun.misc.Signal, runs on the signal. */
class WorkerSignalTest {
  @Test
  void aHandledSignal_runsTheAction_andLeavesTheJvmRunning() throws Exception {
    CountDownLatch checkpoint = new CountDownLatch(2);
    Worker.onSignal("USR1", checkpoint::countDown);
    for (int i = 0; i < 2; i++) {
      Process kill =
          new ProcessBuilder("kill", "-USR1", Long.toString(ProcessHandle.current().pid()))
              .inheritIO()
              .start();
      assertThat(kill.waitFor()).isZero();
      Thread.sleep(50);
    }
    assertThat(checkpoint.await(10, TimeUnit.SECONDS)).as("both signals handled").isTrue();
  }
}
