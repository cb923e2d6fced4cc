package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trials that cannot disturb each other: {@code snapshot:} runs the code as it was when the sweep
 * started, and {@code working_directory: trial} gives each trial a folder of its own for relative
 * outputs.
 */
class IsolationRunTest {
  @TempDir Path dir;

  /**
   * The program rewrites its live self each time it runs, as a person editing it mid-sweep would;
   * with a snapshot every trial, and the resume, run the version the sweep started with.
   */
  @Test
  void aSnapshotRunsTheCodeAsItWasWhenTheSweepStarted() throws IOException {
    Files.writeString(dir.resolve("train.py"), program(1));
    Path file = dir.resolve("s.yaml");
    Files.writeString(
        file,
        """
        objective: {metric: version, goal: maximize}
        sampler: grid
        threads: 1
        parameters:
          i: {choice: [1, 2, 3]}
        command: python3 train.py --i {i}
        snapshot: {exclude: ["*.yaml"]}
        """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(Files.readString(dir.resolve("train.py"))).contains("VERSION = 2");
    assertThat(versions()).containsExactly(1.0, 1.0, 1.0);
    assertThat(dir.resolve("s/code/train.py")).exists();
    assertThat(dir.resolve("s/code/s.yaml")).doesNotExist();
    assertThat(dir.resolve("s/code.json")).exists();

    Files.writeString(
        file, Files.readString(file).replace("choice: [1, 2, 3]", "choice: [1, 2, 3, 4]"));
    Cli.Run resumed = sweep("run", "-q", file.toString());
    assertThat(resumed.code()).as(resumed.toString()).isZero();
    assertThat(versions()).containsExactly(1.0, 1.0, 1.0, 1.0);
  }

  /** Without a snapshot the live program runs: the edit reaches the later trials. */
  @Test
  void withoutASnapshotTheLiveProgramRuns() throws IOException {
    Files.writeString(dir.resolve("train.py"), program(1));
    Path file = dir.resolve("s.yaml");
    Files.writeString(
        file,
        """
        objective: {metric: version, goal: maximize}
        sampler: grid
        threads: 1
        parameters:
          i: {choice: [1, 2]}
        command: python3 train.py --i {i}
        """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(versions()).containsExactly(1.0, 2.0);
  }

  /** Each trial writes result.txt under that relative name and keeps its own. */
  @Test
  void aWorkingDirectoryPerTrialKeepsRelativeOutputsApart() throws IOException {
    Files.writeString(dir.resolve("train.py"), program(1));
    Path file = dir.resolve("s.yaml");
    Files.writeString(
        file,
        """
        objective: {metric: version, goal: maximize}
        sampler: grid
        parameters:
          i: {choice: [1, 2, 3]}
        command: python3 train.py --i {i}
        working_directory: trial
        snapshot: true
        """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Population p = SweepFolder.population(dir.resolve("s"), Objective.maximize("version"));
    List<String> results = new java.util.ArrayList<>();
    for (TrialRecord t : p.trials()) {
      Path result =
          SweepFolder.trialDir(dir.resolve("s"), t.id(), t.name()).resolve("job/result.txt");
      results.add(Files.readString(result).strip());
    }
    assertThat(results).containsExactlyInAnyOrder("1", "2", "3");
    assertThat(dir.resolve("result.txt")).doesNotExist();
    assertThat(dir.resolve("s/code/result.txt")).doesNotExist();
  }

  @Test
  void snapshotGlobsAndSourceAreChecked() throws IOException {
    Path file = dir.resolve("s.yaml");
    Files.writeString(
        file,
        """
        sampler: grid
        parameters:
          i: {choice: [1]}
        command: python3 train.py --i {i}
        snapshot: {source: sub, link: [data]}
        """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("s.yaml:5:")
        .contains("snapshot.source")
        .contains("is not in it");
  }

  private List<Double> versions() {
    return SweepFolder.population(dir.resolve("s"), Objective.maximize("version")).trials().stream()
        .map(t -> t.metric("version").orElse(Double.NaN))
        .toList();
  }

  /**
   * A program that reports its version, writes result.txt where it runs, and makes the live
   * train.py the next version.
   */
  private String program(int version) {
    return """
        import json, os, sys
        VERSION = %d
        i = sys.argv[2]
        open('result.txt', 'w').write(i + '\\n')
        with open(os.environ['SWEEP_METRICS'], 'a') as f:
            f.write(json.dumps({'version': VERSION}) + '\\n')
        live = %s
        src = open(live).read().replace('VERSION = %d', 'VERSION = %d')
        open(live, 'w').write(src)
        """
        .formatted(version, "'" + dir.resolve("train.py") + "'", version, version + 1);
  }
}
