package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.process.ProcessRunner;
import dev.sweep.sampler.search.TpeSampler;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.stopping.rules.StoppingRules;
import dev.sweep.testing.Cluster;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TPE and ASHA on a real cluster: each trial is a job that reports a loss curve; the sampler learns
 * from the finished jobs and the rule stops the unpromising ones, whose jobs are cancelled.
 */
class AdaptiveOnSlurmTest extends ClusterTest {
  /** loss = q + 1 / step over 8 steps, a second apart. */
  static final String CURVE =
      """
          import json, os, sys, time
          q = float(sys.argv[1])
          for step in range(1, 9):
              with open(os.environ['SWEEP_METRICS'], 'a') as f:
                  f.write(json.dumps({'step': step, 'loss': q + 1.0 / step}) + '\\n')
              time.sleep(1)
          """;

  @Test
  void tpeProposes_andAshaCancelsTheJobsThatFallBehind() throws Exception {
    Path bin = Cluster.countingCommands(tmp);
    Path script = Files.writeString(tmp.resolve("curve.py"), CURVE);
    SlurmRunner runner =
        SlurmRunner.builder()
            .command(
                ProcessRunner.builder()
                    .step("train", SubmissionTest.PYTHON + " " + script + " {q}")
                    .workingDirectory(tmp)
                    .build())
            .commands(bin)
            .time(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(300), Duration.ofSeconds(1))
            .build();
    Population population =
        Sweep.builder(Space.builder().add("q", Floats.uniform(0, 1)).build(), runner)
            .objective(Objective.minimize("loss"))
            .sampler(TpeSampler.builder().seed(2).startupTrials(4).build())
            .stopping(StoppingRules.asha(1, 2))
            .maxTrials(10)
            .threads(4)
            .directory(tmp.resolve("sweep"))
            .build()
            .run();

    assertThat(population.trials())
        .hasSize(10)
        .allSatisfy(
            t ->
                assertThat(t.status())
                    .as(t.failure().orElse(""))
                    .isIn(TrialStatus.COMPLETED, TrialStatus.PRUNED));
    List<TrialRecord> pruned =
        population.trials().stream().filter(t -> t.status() == TrialStatus.PRUNED).toList();
    assertThat(pruned).isNotEmpty().allSatisfy(t -> assertThat(t.curve()).isNotEmpty());
    assertThat(pruned)
        .anySatisfy(t -> assertThat(t.curve().size()).isLessThan(8)); // its job was cancelled early
    assertThat(population.best().orElseThrow().status()).isEqualTo(TrialStatus.COMPLETED);
  }
}
