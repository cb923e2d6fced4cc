package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.process.ProcessRunner;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/** A prologue in a SLURM job: what it exports reaches the program, whose arguments stay its own. */
class PrologueOnSlurmTest extends ClusterTest {
  static final String PROGRAM =
      """
      import json, os, sys
      value = sys.argv[1]
      assert value in ("$(touch MARKER) it's", "`x` \\"y\\""), value
      with open(os.environ["SWEEP_METRICS"], "a") as f:
          f.write(json.dumps({"seen": int(os.environ["FROM_PROLOGUE"]), "len": len(value)}) + "\\n")
      """;

  @Test
  void prologueVariable_reachesTheProgram_andItsArgumentsArriveVerbatim() throws Exception {
    Path bin = Cluster.countingCommands(tmp);
    Path program = Files.writeString(tmp.resolve("train.py"), PROGRAM);
    SlurmRunner runner =
        SlurmRunner.builder()
            .command(
                ProcessRunner.builder()
                    .prologue(List.of("export FROM_PROLOGUE=6", "set -- not the program arguments"))
                    .step("run", SubmissionTest.PYTHON + " " + program + " {v}")
                    .workingDirectory(tmp)
                    .build())
            .commands(bin)
            .time(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(2))
            .build();

    Population population =
        Sweep.builder(
                Space.builder().add("v", Choices.of("$(touch MARKER) it's", "`x` \"y\"")).build(),
                runner)
            .objective(Objective.minimize("len"))
            .sampler(Samplers.grid())
            .directory(tmp.resolve("sweep"))
            .threads(2)
            .build()
            .run();

    assertThat(population.trials()).hasSize(2);
    for (TrialRecord t : population.trials()) {
      assertThat(t.status()).as(t.failure().orElse("")).isEqualTo(TrialStatus.COMPLETED);
      assertThat(t.metrics()).containsEntry("seen", 6.0);
    }
    assertThat(tmp.resolve("MARKER")).doesNotExist();
  }
}
