package dev.sweep.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A driver JVM that is told to exit takes its trials' processes with it. */
class ShutdownTest {
  @TempDir Path tmp;

  /** The child JVM: runs one trial whose step is a shell with a child {@code sleep 1000}. */
  static final class Driver {
    public static void main(String[] args) throws Exception {
      TestTrial trial = new TestTrial(0, Config.empty(), Path.of(args[0]));
      ProcessRunner.builder()
          .step(
              "train",
              CommandTemplate.of(
                  List.of(
                      "/bin/sh",
                      "-c",
                      "sleep 1000 & echo $! > \"$SWEEP_TRIAL_DIR/child.pid\"; echo $$ > \"$SWEEP_TRIAL_DIR/sh.pid\"; wait")))
          .build()
          .run(trial);
    }
  }

  @Test
  void sigtermToTheDriver_killsTheRunningSteps() throws Exception {
    Path dir = tmp.resolve("trial");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process driver =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Driver.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("driver.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!complete(dir.resolve("sh.pid")) || !complete(dir.resolve("child.pid"))) {
        assertThat(driver.isAlive()).as("the driver is running; its log: %s", log()).isTrue();
        assertThat(System.nanoTime()).as("pid files within 10 s").isLessThan(deadline);
        Thread.sleep(20);
      }

      driver.destroy(); // SIGTERM: the JVM runs its shutdown hooks

      assertThat(driver.waitFor(10, TimeUnit.SECONDS)).isTrue();
      for (String name : List.of("sh.pid", "child.pid")) {
        long pid = Long.parseLong(Files.readString(dir.resolve(name)).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessTree::isAlive).orElse(false))
            .as(name)
            .isFalse();
      }
    } finally {
      driver.destroyForcibly();
    }
  }

  private static boolean complete(Path pidFile) throws IOException {
    return Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n");
  }

  private String log() throws IOException {
    return Files.readString(tmp.resolve("driver.log"));
  }
}
