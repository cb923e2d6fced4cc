package dev.sweep.slurm;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.process.ProcessRunner;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A driver for {@link DriverRestartTest}, in a JVM of its own so that it can be killed with {@code
 * kill -9}: {@code CrashDriver SWEEP_DIR SCRIPT TRIALS}. SLURM's commands are found on its {@code
 * PATH}. Exits 0 when every trial completed.
 */
public final class CrashDriver {
  private CrashDriver() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    SlurmRunner runner =
        SlurmRunner.builder()
            .command(ProcessRunner.of(SubmissionTest.PYTHON + " " + args[1] + " {i}"))
            .throttle(4)
            .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(1))
            .build();
    int trials = Integer.parseInt(args[2]);
    Population population =
        Sweep.builder(Space.builder().add("i", Ints.range(0, trials - 1)).build(), runner)
            .objective(Objective.minimize("error"))
            .sampler(Samplers.grid())
            .directory(dir)
            .threads(trials)
            .build()
            .run();
    System.exit(population.statusCounts().get(TrialStatus.COMPLETED) == trials ? 0 : 1);
  }
}
