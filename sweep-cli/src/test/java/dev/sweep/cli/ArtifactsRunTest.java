package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep run} of a file with {@code prologue:} and {@code retention:}: a real program sees
 * what the prologue exported, writes three checkpoints, and only the best trial keeps them.
 */
class ArtifactsRunTest {
  static final String SPEC =
      """
      objective: {metric: error}
      sampler: {type: grid}
      parameters:
        x: {choice: [3, 1, 2]}
      prologue:
        - export SCALE=10
        - |
          if [ -z "$SWEEP_TRIAL_DIR" ]; then exit 4; fi
      command:
        - /usr/bin/python3
        - -c
        - |
          import json, os, sys
          x = float(sys.argv[1])
          os.makedirs('checkpoints', exist_ok=True)
          for epoch in [1, 2, 3]:
              open('checkpoints/model_%d.pt' % epoch, 'w').write('w' * 100)
          open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(error=x * int(os.environ['SCALE']))) + '\\n')
        - "{x}"
      job_folders: true
      retention: {keep: {best: 1}, files: "job/checkpoints/*.pt"}
      """;

  @TempDir Path dir;

  @Test
  void prologueVariable_reachesTheProgram_andOnlyTheBestTrialKeepsItsCheckpoints()
      throws IOException {
    Path file = Files.writeString(dir.resolve("artifacts.yaml"), SPEC);

    Cli.Run run = sweep("run", file.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    Path folder = dir.resolve("artifacts");
    Population p = SweepFolder.population(folder, Objective.minimize("error"));
    assertThat(p.trials()).hasSize(3);
    for (TrialRecord t : p.trials()) {
      assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED);
      double x = t.config().getDouble("x");
      assertThat(t.metrics()).containsEntry("error", x * 10);
      Path checkpoints = SweepFolder.trialDir(folder, t.id(), t.name()).resolve("job/checkpoints");
      try (Stream<Path> left = Files.list(checkpoints)) {
        assertThat(left).hasSize(x == 1 ? 3 : 0);
      }
    }
  }
}
