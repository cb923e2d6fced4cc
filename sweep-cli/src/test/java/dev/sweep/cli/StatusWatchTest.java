package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep status DIR --watch}: says the status again until the sweep ends; as plain blocks
 * here, where stdout is not a terminal.
 */
class StatusWatchTest {
  /** Three trials of a tenth of a second each, one at a time: reports error = x. */
  private static final String SPEC =
      """
      name: slow
      objective: {metric: error}
      sampler: {type: random, seed: 7}
      trials: 3
      parameters:
        x: {uniform: [0, 1]}
      command:
        - /usr/bin/python3
        - -c
        - >-
          import json, os, sys, time; time.sleep(0.1);
          open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(step=1, error=float(sys.argv[1]))) + chr(10))
        - "{x}"
      """;

  @TempDir Path dir;

  private Path spec() throws IOException {
    Path file = dir.resolve("slow.yaml");
    Files.writeString(file, SPEC);
    return file;
  }

  @Test
  void watch_whileASweepRuns_endsWhenItEnds() throws Exception {
    Path spec = spec();
    Path folder = dir.resolve("slow");
    assertThat(sweep("setup", spec.toString()).code()).isZero();
    AtomicReference<Cli.Run> run = new AtomicReference<>();
    Thread driver = new Thread(() -> run.set(sweep("run", spec.toString())), "driver");
    driver.start();
    while (driver.isAlive() && SweepDir.holder(folder).isEmpty()) {
      Thread.sleep(5); // until the driver holds the folder, or has already finished
    }

    Cli.Run watch = sweep("status", folder.toString(), "--watch", "0.05");
    driver.join();

    assertThat(run.get().code()).as(run.get().toString()).isZero();
    assertThat(watch.code()).as(watch.toString()).isZero();
    String[] blocks = watch.out().split("\\R\\R(?=sweep slow: )", -1);
    assertThat(blocks[blocks.length - 1])
        .contains("driver: none (not running)")
        .contains("completed 3, failed 0, running 0, pending 0");
    for (String block : blocks) {
      assertThat(block).startsWith("sweep slow: " + folder);
    }
  }

  @Test
  void watch_aSweepNoDriverRuns_saysItOnce() throws IOException {
    Path folder = dir.resolve("slow");
    assertThat(sweep("setup", spec().toString()).code()).isZero();

    Cli.Run watch = sweep("status", folder.toString(), "--watch", "0.05");

    assertThat(watch.code()).as(watch.toString()).isZero();
    assertThat(watch.out()).isEqualTo(sweep("status", folder.toString()).out());
  }

  @Test
  void watch_withoutSeconds_takesTheDefault_andRefusesZero() throws IOException {
    Path folder = dir.resolve("slow");
    assertThat(sweep("setup", spec().toString()).code()).isZero();

    assertThat(sweep("status", folder.toString(), "--watch").code()).isZero();
    Cli.Run zero = sweep("status", folder.toString(), "--watch", "0");
    assertThat(zero.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(zero.err())
        .isEqualTo("sweep status: --watch takes seconds from 0.01 to 86400, got 0.0\n");
  }
}
