package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.process.ProcessRunner;
import dev.sweep.process.Snapshot;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import dev.sweep.testing.Cluster;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A snapshot reaches SLURM jobs: each job runs in the sweep's copy of the code, so an edit of the
 * live program between jobs changes none of them.
 */
class SnapshotOnSlurmTest extends ClusterTest {
  @Test
  void jobsRunTheSnapshotNotTheLiveProgram() throws Exception {
    Path bin = Cluster.countingCommands(tmp);
    Path project = Files.createDirectories(tmp.resolve("project"));
    Path live = project.resolve("train.py");
    // reports version 1 and, as a person editing it mid-sweep would, rewrites the live program
    Files.writeString(
        live,
        """
        import json, os
        with open(os.environ["SWEEP_METRICS"], "a") as f:
            f.write(json.dumps({"version": 1}) + "\\n")
        open(%s, "w").write("import sys; sys.exit(3)\\n")
        """
            .formatted("'" + live + "'"));
    SlurmRunner runner =
        SlurmRunner.builder()
            .command(
                ProcessRunner.builder()
                    .step("run", SubmissionTest.PYTHON + " train.py")
                    .workingDirectory(project)
                    .snapshot(Snapshot.of())
                    .build())
            .commands(bin)
            .time(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(2))
            .build();

    Population population =
        Sweep.builder(Space.builder().add("i", Choices.of(1, 2, 3)).build(), runner)
            .objective(Objective.maximize("version"))
            .sampler(Samplers.grid())
            .directory(tmp.resolve("sweep"))
            .threads(1)
            .build()
            .run();

    assertThat(population.trials()).hasSize(3);
    for (TrialRecord t : population.trials()) {
      assertThat(t.status()).as(t.failure().orElse("")).isEqualTo(TrialStatus.COMPLETED);
      assertThat(t.metrics()).containsEntry("version", 1.0);
    }
    assertThat(Files.readString(live)).contains("sys.exit(3)");
  }
}
