package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.testing.Cluster;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A driver killed with {@code kill -9} while its trials wait and run on the cluster; the next
 * driver follows the same jobs: no trial is submitted or run twice.
 */
class DriverRestartTest extends ClusterTest {
  static final int TRIALS = 24;

  /** Sleeps a little, notes that it ran, reports. */
  static final String TASK =
      """
          import json, os, sys, time
          d = os.environ['SWEEP_TRIAL_DIR']
          open(os.path.join(d, 'runs'), 'a').write(os.environ['SLURM_JOB_ID'] + '\\n')
          time.sleep(1.5)
          open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps({'error': int(sys.argv[1]) / 100}) + '\\n')
          """;

  @Test
  void aRestartedDriver_followsTheJobsOfTheKilledOne_andSubmitsNothingTwice() throws Exception {
    Path bin = Cluster.countingCommands(tmp);
    Path script = Files.writeString(tmp.resolve("task.py"), TASK);
    Path dir = tmp.resolve("sweep");

    Process first = driver(dir, bin, script);
    // Killed once every trial is in the queue and some have finished: others run or wait.
    Cluster.await(
        "the first driver to submit and finish some trials",
        Duration.ofSeconds(90),
        () -> {
          Population p = SweepFolder.population(dir, Objective.minimize("error"));
          return p.size() >= 4 && p.size() < TRIALS - 8;
        });
    first.destroyForcibly(); // SIGKILL
    first.waitFor(10, TimeUnit.SECONDS);
    int finishedBefore = SweepFolder.population(dir, Objective.minimize("error")).size();

    Process second = driver(dir, bin, script);
    assertThat(second.waitFor(3, TimeUnit.MINUTES)).as("the second driver ends").isTrue();
    assertThat(second.exitValue()).as(Files.readString(tmp.resolve("driver.log"))).isZero();

    Population population = SweepFolder.population(dir, Objective.minimize("error"));
    assertThat(population.size()).isEqualTo(TRIALS);
    assertThat(finishedBefore).isLessThan(TRIALS);
    for (TrialRecord t : population.trials()) {
      assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED);
      List<String> runs =
          Files.readAllLines(SweepFolder.trialDir(dir, t.id(), t.name()).resolve("runs"));
      assertThat(runs).as("runs of trial " + t.id()).hasSize(1);
    }
    assertThat(Cluster.calls(bin, "sbatch")).hasSize(1);
  }

  private Process driver(Path dir, Path bin, Path script) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder driver =
        new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            CrashDriver.class.getName(),
            dir.toString(),
            script.toString(),
            Integer.toString(TRIALS));
    // The counting wrappers come first on the driver's PATH: every sbatch it runs is logged.
    driver.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    return driver
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("driver.log").toFile()))
        .start();
  }
}
