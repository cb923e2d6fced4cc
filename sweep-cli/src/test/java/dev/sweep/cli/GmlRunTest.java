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
    for (TrialRecord t : p.trials()) {
      assertThat(trialDir(t).resolve("job/pwned")).doesNotExist();
    }
  }

  /**
   * As {@code search-run} gives each job {@code jobs/all/<n>}: three jobs of one program write
   * {@code result.txt} under that relative name and leave three files, each in its job's folder,
   * and find the program and its relative input where they were.
   */
  @Test
  void eachJobRunsInAFolderOfItsOwn_relativeOutputsDoNotOverwriteEachOther() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/base.txt"), "base\n");
    Files.writeString(
        dir.resolve("train.py"),
        """
        import argparse, json, os
        p = argparse.ArgumentParser()
        p.add_argument('--lr', type=float)
        a = p.parse_args()
        base = open('data/base.txt').read().strip()
        with open('result.txt', 'w') as f:
            f.write(f'{base} {a.lr}\\n')
        with open(os.environ['SWEEP_METRICS'], 'a') as f:
            f.write(json.dumps({'loss': a.lr}) + '\\n')
        """);
    Path file = dir.resolve("task.yaml");
    Files.writeString(
        file,
        """
        task:
          template: "python3 train.py --lr {lr}"
          search_args:
            - {type: Categorical, name: lr, value: [0.1, 0.01, 0.001]}
        """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population p = SweepFolder.population(dir.resolve("task"), Objective.minimize("loss"));
    assertThat(p.trials())
        .hasSize(3)
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
    List<String> results = new java.util.ArrayList<>();
    for (TrialRecord t : p.trials()) {
      Path result = trialDir(t).resolve("job/result.txt");
      assertThat(result).isRegularFile();
      assertThat(Files.isSymbolicLink(result)).isFalse();
      results.add(Files.readString(result).strip());
    }
    assertThat(results).containsExactly("base 0.1", "base 0.01", "base 0.001");
    assertThat(dir.resolve("result.txt")).doesNotExist();
    Path job = trialDir(p.trials().get(0)).resolve("job");
    assertThat(Files.isSymbolicLink(job.resolve("train.py"))).isTrue();
    assertThat(job.resolve("task")).doesNotExist(); // the sweep's own folder is not linked
  }

  /** {@code sweep: {job_folders: false}} runs the jobs in the working directory, as before. */
  @Test
  void jobFoldersCanBeTurnedOff() throws IOException {
    Path file = dir.resolve("task.yaml");
    Files.writeString(
        file,
        """
        task:
          template: >-
            echo {lr} > result.txt; echo '{{"loss": 1}}' >> "$SWEEP_METRICS"
          search_args:
            - {type: Categorical, name: lr, value: [1, 2]}
        sweep: {job_folders: false, threads: 1}
        """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(Files.readString(dir.resolve("result.txt")).strip()).isEqualTo("2");
  }

  private Path trialDir(TrialRecord t) {
    return SweepFolder.trialDir(dir.resolve("task"), t.id(), t.name());
  }

  private List<String> args(TrialRecord t) throws IOException {
    return Files.readAllLines(
        SweepFolder.trialDir(dir.resolve("task"), t.id(), t.name()).resolve("args.txt"));
  }
}
