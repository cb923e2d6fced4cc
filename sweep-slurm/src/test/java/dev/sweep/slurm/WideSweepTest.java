package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.process.ProcessRunner;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A sweep as wide as its trials: every one of them in the SLURM queue at once, and the driver's
 * threads stay a handful, since a queued trial holds none ({@link dev.sweep.AsyncRunner}). The
 * number of trials is {@code -Dsweep.wide.trials} (default 1,000: about a minute on this project's
 * single-node cluster, which runs about 11 array tasks a second).
 */
class WideSweepTest extends ClusterTest {
  private static final int TRIALS = Integer.getInteger("sweep.wide.trials", 1000);
  private static final int PARALLELISM = Math.max(2000, TRIALS);
  private static final int MAX_THREADS = 32;

  /** Appends its trial's folder to runs.log (one whole line: O_APPEND), reports its i. */
  private static final String TASK =
      """
          echo "$SWEEP_TRIAL_DIR" >> "$1"
          echo "{\\"error\\": $2}" >> "$SWEEP_METRICS"
          """;

  @Test
  void thousandsOfTrialsInTheQueue_onAFewThreads_eachRunOnce() throws Exception {
    Path script = Files.writeString(tmp.resolve("task.sh"), TASK);
    Path runs = tmp.resolve("runs.log");
    SlurmRunner runner =
        SlurmRunner.builder()
            .command(ProcessRunner.of("/bin/bash " + script + " " + runs + " {i}"))
            .time(Duration.ofMinutes(5))
            .pollInterval(Duration.ofSeconds(1), Duration.ofSeconds(5))
            .build();
    int before = liveThreads();
    AtomicInteger peak = new AtomicInteger();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(liveThreads(), Math::max);
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "thread-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long t0 = System.nanoTime();
    Population population;
    try {
      population =
          Sweep.builder(Space.builder().add("i", Ints.range(0, TRIALS - 1)).build(), runner)
              .objective(Objective.minimize("error"))
              .sampler(Samplers.grid())
              .directory(tmp.resolve("sweep"))
              .threads(PARALLELISM)
              .build()
              .run();
    } finally {
      sampler.interrupt();
      sampler.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "%d trials, parallelism %d, in %.1f s: live threads %d before, at most %d during the run%n",
        TRIALS, PARALLELISM, seconds, before, peak.get());

    assertThat(population.size()).isEqualTo(TRIALS);
    assertThat(population.statusCounts().get(TrialStatus.COMPLETED)).isEqualTo(TRIALS);
    List<String> ran = Files.readAllLines(runs);
    Map<String, Long> times =
        ran.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(times).hasSize(TRIALS);
    assertThat(times.values()).allMatch(n -> n == 1);
    assertThat(peak.get()).isLessThanOrEqualTo(MAX_THREADS);
  }

  /** The JVM's live threads, the test's own (JUnit's, this sampler) included. */
  private static int liveThreads() {
    return Thread.getAllStackTraces().size();
  }
}
