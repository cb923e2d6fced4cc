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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep run} of a GML task file: a grid of real shell jobs, values never read as shell code.
 */
class GmlRunTest {
  @TempDir Path dir;

  @Test
  void theTemplateRunsInAShell_withCategoricalAndNestedValuesAsTheyAre() throws IOException {
    Path file = dir.resolve("task.yaml");
    Files.writeString(
        file,
        """
        task:
          template: >-
            printf '%s\\n' {note} {lr} {batch-size} > "$SWEEP_TRIAL_DIR/args.txt";
            echo '{{"loss": 1}}' >> "$SWEEP_METRICS"
          search_args:
            - {type: Categorical, name: note, value: ["two words", "$(touch pwned)"]}
            - type: Nested
              value: [{lr: 0.5, batch-size: 512}, {lr: 1, batch-size: 1024}]
        """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population p =
        SweepFolder.population(
            dir.resolve("task"), Objective.minimize("loss")); // no metric needed: unranked
    assertThat(p.trials())
        .hasSize(4)
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
    assertThat(args(p.trials().get(0))).containsExactly("two words", "0.5", "512");
    assertThat(args(p.trials().get(3))).containsExactly("$(touch pwned)", "1", "1024");
    assertThat(dir.resolve("pwned")).doesNotExist();
  }

  private List<String> args(TrialRecord t) throws IOException {
    return Files.readAllLines(
        SweepFolder.trialDir(dir.resolve("task"), t.id(), t.name()).resolve("args.txt"));
  }
}
