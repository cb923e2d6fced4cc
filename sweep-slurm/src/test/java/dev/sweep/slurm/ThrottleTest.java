package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.process.ProcessRunner;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.testing.Cluster;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 200 trials with a throttle, split into arrays of at most 80 tasks: never more than the throttle
 * run at once, one sbatch per array, and one squeue per poll interval whatever the number of tasks.
 */
class ThrottleTest extends ClusterTest {
  static final int TRIALS = 200;
  static final int THROTTLE = 6;

  /** Reports when it started and ended. */
  static final String TASK =
      """
          import json, os, sys, time
          start = time.time()
          time.sleep(0.3)
          open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps({'error': int(sys.argv[1]), 'start': start, 'end': time.time(),
              'task': int(os.environ['SLURM_ARRAY_TASK_ID'])}) + '\\n')
          """;

  @Test
  void twoHundredTrials_throttled_inChunksOfTheMaxArraySize_polledOncePerInterval()
      throws Exception {
    Path bin = Cluster.countingCommands(tmp);
    Path script = Files.writeString(tmp.resolve("task.py"), TASK);
    Duration interval = Duration.ofSeconds(1);
    SlurmRunner runner =
        SlurmRunner.builder()
            .command(ProcessRunner.of(SubmissionTest.PYTHON + " " + script + " {i}"))
            .commands(bin)
            .throttle(THROTTLE)
            .maxArraySize(80)
            .pollInterval(interval, interval)
            .build();
    long t0 = System.nanoTime();
    Population population =
        Sweep.builder(Space.builder().add("i", Ints.range(0, TRIALS - 1)).build(), runner)
            .objective(Objective.minimize("error"))
            .sampler(Samplers.grid())
            .directory(tmp.resolve("sweep"))
            .threads(TRIALS)
            .build()
            .run();
    double seconds = (System.nanoTime() - t0) / 1e9;

    assertThat(population.statusCounts().get(TrialStatus.COMPLETED)).isEqualTo(TRIALS);
    assertThat(maxRunningAtOnce(population)).isBetween(2, THROTTLE);
    List<String> sbatch = Cluster.calls(bin, "sbatch");
    assertThat(sbatch).hasSize(3);
    assertThat(sbatch.get(0)).contains("--array=0-79%" + THROTTLE);
    assertThat(sbatch.get(1)).contains("--array=0-79%" + THROTTLE, "--dependency=afterany:");
    assertThat(sbatch.get(2)).contains("--array=0-39%" + THROTTLE, "--dependency=afterany:");
    // Array indices restart at 0 in each chunk.
    assertThat(
            population.trials().stream()
                .mapToDouble(t -> t.metrics().get("task"))
                .max()
                .orElseThrow())
        .isEqualTo(79);
    int polls = Cluster.calls(bin, "squeue").size();
    System.out.printf(
        "%d trials in %.1f s: %d squeue calls (interval %d s), %d sbatch calls%n",
        TRIALS,
        seconds,
        polls,
        interval.toSeconds(),
        sbatch.size()); // the figure in docs/benchmarks.md
    assertThat(polls)
        .as("squeue calls in %.1f s", seconds)
        .isLessThanOrEqualTo((int) (seconds / interval.toSeconds()) + 2);
  }

  /** The most trials whose [start, end] overlap at one moment. */
  private static int maxRunningAtOnce(Population population) {
    List<double[]> events = new ArrayList<>();
    for (TrialRecord t : population.trials()) {
      events.add(new double[] {t.metrics().get("start"), 1});
      events.add(new double[] {t.metrics().get("end"), -1});
    }
    events.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
    int running = 0;
    int max = 0;
    for (double[] e : events) {
      running += (int) e[1];
      max = Math.max(max, running);
    }
    return max;
  }
}
