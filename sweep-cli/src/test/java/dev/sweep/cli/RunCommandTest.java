package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.internal.Json;
import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep run} end to end with real processes: a Python one-liner that reports its {@code x}
 * as the error through {@code $SWEEP_METRICS}; then {@code status}, {@code show}, {@code collect},
 * a second run, {@code rerun} and {@code setup}.
 */
class RunCommandTest {
  /**
   * Reports error = x; fails (exit 3, "boom" on stderr) when x > 0.5 while a file 'broken' exists.
   */
  static final String SPEC =
      """
      name: tiny
      objective: {metric: error}
      sampler: {type: random, seed: 7}
      trials: 4
      parameters:
        x: {uniform: [0, 1]}
        train.epochs: 3
      command:
        - /usr/bin/python3
        - -c
        - >-
          import json, os, sys; x = float(sys.argv[1]);
          (sys.stderr.write('boom at x=' + sys.argv[1] + chr(10)), sys.exit(3)) if x > 0.5 and os.path.exists('broken') else None;
          open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps(dict(step=1, error=x)) + chr(10))
        - "{x}"
        - "{train.epochs}"
      slots: ["0", "1"]
      """;

  @TempDir Path dir;

  private Path spec() throws IOException {
    Path file = dir.resolve("tiny.yaml");
    Files.writeString(file, SPEC);
    return file;
  }

  private Path folder() {
    return dir.resolve("tiny");
  }

  /** The journal's events of one type. */
  private List<JsonNode> events(String type) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(folder().resolve(SweepFolder.JOURNAL))) {
      JsonNode e = Json.reader().readTree(line);
      if (e.path("event").asText().equals(type)) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void run_thenStatusShowCollect() throws IOException {
    Cli.Run run = sweep("run", spec().toString());
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("sweep tiny: 4 of 4 trials finished, 4 completed in ")
        .contains("folder: " + folder());
    assertThat(run.err()).isEmpty();

    Population p = SweepFolder.population(folder(), Objective.minimize("error"));
    assertThat(p.trials())
        .extracting(TrialRecord::status)
        .containsOnly(TrialStatus.COMPLETED)
        .hasSize(4);
    for (TrialRecord t : p.trials()) {
      assertThat(t.metrics().get("error")).isEqualTo((Double) t.params().get("x"));
      assertThat(t.curve()).hasSize(1);
      Path trial = SweepFolder.trialDir(folder(), t.id(), t.name());
      assertThat(trial.resolve("config.json")).exists();
      assertThat(trial.resolve("run.out")).exists();
      assertThat(trial.resolve("run.err")).hasContent("");
    }
    assertThat(Files.readString(folder().resolve("sweep.yaml"))).contains("directory: \".\"");

    Cli.Run status = sweep("status", folder().toString());
    assertThat(status.code()).isZero();
    TrialRecord best = p.best().orElseThrow();
    assertThat(status.out())
        .isEqualTo(
            "sweep tiny: "
                + folder()
                + "\n"
                + "  random(seed=7), 4 trials, minimize error\n"
                + "  driver: none (not running)\n"
                + "  completed 4, failed 0, running 0, pending 0\n"
                + "  best: trial "
                + best.id()
                + " error="
                + Format.number(best.metrics().get("error"))
                + " ("
                + best.name()
                + ")\n");

    Cli.Run show = sweep("show", folder().toString(), "--top", "2");
    assertThat(show.code()).isZero();
    List<String> lines = show.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("top 2 of 4 completed trials by minimize error (4 finished, 4 in the sweep):");
    assertThat(lines.get(1)).matches("\\s+id\\s+error\\s+params");
    assertThat(lines.get(2).trim()).startsWith(best.id() + "  ").endsWith(best.name());
    assertThat(lines.get(4))
        .startsWith("error over 4 trials: min " + Format.number(best.metrics().get("error")));
    Cli.Run maximize =
        sweep("show", folder().toString(), "--top", "1", "--metric", "error", "--maximize");
    assertThat(maximize.out()).startsWith("top 1 of 4 completed trials by maximize error");

    Cli.Run collect = sweep("collect", folder().toString());
    assertThat(collect.code()).isZero();
    assertThat(collect.out())
        .isEqualTo(
            "sweep tiny: 4 trials written to "
                + folder().resolve("trials.json")
                + " and "
                + folder().resolve("trials.csv")
                + "\n");
    assertThat(Files.readAllLines(folder().resolve("trials.csv"))).hasSize(5);
    assertThat(
            Json.reader()
                .readTree(Files.readString(folder().resolve("trials.json")))
                .path("trials"))
        .hasSize(4);
  }

  @Test
  void secondRun_onAFinishedFolder_runsNothing_andRerunRunsOneTrial() throws IOException {
    Path spec = spec();
    assertThat(sweep("run", "--quiet", spec.toString()).code()).isZero();
    assertThat(events("started")).hasSize(4);

    Cli.Run again = sweep("run", "--quiet", spec.toString());
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).isEmpty();
    assertThat(events("started")).hasSize(4);

    Cli.Run rerun = sweep("rerun", folder().toString(), "--trial", "1");
    assertThat(rerun.code()).as(rerun.toString()).isZero();
    assertThat(rerun.out()).startsWith("sweep tiny: rerunning trial [1]\n");
    List<JsonNode> started = events("started");
    assertThat(started).hasSize(5);
    assertThat(started.get(4).path("id").asLong()).isEqualTo(1);
    assertThat(started.get(4).path("attempt").asInt()).isEqualTo(2);
  }

  @Test
  void failures_areReportedWithTheirLogs_andRerunFailedRunsThemAgain() throws IOException {
    Path spec = spec();
    Files.writeString(dir.resolve("broken"), "");
    Cli.Run run = sweep("run", spec.toString());
    assertThat(run.code()).as(run.toString()).isEqualTo(SweepCommand.TRIALS_FAILED);
    Population p = SweepFolder.population(folder(), Objective.minimize("error"));
    List<TrialRecord> failed = p.filter(t -> t.status() == TrialStatus.FAILED).trials();
    assertThat(failed)
        .isNotEmpty()
        .allSatisfy(t -> assertThat((Double) t.params().get("x")).isGreaterThan(0.5));
    TrialRecord first = failed.get(0);
    Path log = SweepFolder.trialDir(folder(), first.id(), first.name()).resolve("run.err");
    assertThat(run.err())
        .contains(
            "trial "
                + first.id()
                + " ("
                + first.name()
                + ") failed: StepFailedException: "
                + "step 'run' exited with code 3; last lines of "
                + log
                + ":\n    boom at x="
                + first.params().get("x")
                + "\n");

    Cli.Run status = sweep("status", folder().toString());
    assertThat(status.out())
        .contains(
            "  completed "
                + (4 - failed.size())
                + ", failed "
                + failed.size()
                + ", running 0, pending 0\n")
        .contains("failed:\n")
        .contains(
            "  "
                + first.id()
                + " ("
                + first.name()
                + "), attempt 1: StepFailedException: "
                + "step 'run' exited with code 3; last lines of "
                + log
                + ":\n"
                + "    last lines of "
                + log
                + ":\n"
                + "      boom at x="
                + first.params().get("x")
                + "\n");

    Files.delete(dir.resolve("broken"));
    Cli.Run rerun = sweep("rerun", folder().toString(), "--failed", "--quiet");
    assertThat(rerun.code()).as(rerun.toString()).isZero();
    assertThat(SweepFolder.population(folder(), Objective.minimize("error")).completed().size())
        .isEqualTo(4);
  }

  @Test
  void setup_writesEveryConfig_isRepeatable_andRunRunsThoseConfigs() throws IOException {
    Path spec = spec();
    Cli.Run setup = sweep("setup", spec.toString());
    assertThat(setup.code()).as(setup.toString()).isZero();
    assertThat(setup.out()).startsWith("sweep tiny: set up 4 trials in " + folder() + "\n");
    List<String> csv = Files.readAllLines(folder().resolve("configs.csv"));
    assertThat(csv).hasSize(5);
    assertThat(csv.get(0)).isEqualTo("id,name,x,train.epochs,hash");
    try (Stream<Path> trials = Files.list(folder().resolve("trials"))) {
      assertThat(trials.filter(t -> Files.exists(t.resolve("config.json"))).count()).isEqualTo(4);
    }
    assertThat(events("created")).hasSize(4);
    assertThat(events("started")).isEmpty();

    assertThat(sweep("setup", spec.toString()).code()).isZero(); // until the sweep starts
    assertThat(Files.readAllLines(folder().resolve("configs.csv"))).isEqualTo(csv);
    assertThat(events("created")).hasSize(4);

    assertThat(sweep("run", "-q", spec.toString()).code()).isZero();
    assertThat(events("created")).hasSize(4);
    List<String> hashes =
        csv.subList(1, 5).stream().map(l -> l.substring(l.lastIndexOf(',') + 1)).toList();
    assertThat(events("created"))
        .extracting(e -> e.path("hash").asText())
        .containsExactlyElementsOf(hashes);
    assertThat(events("finished")).hasSize(4);

    Cli.Run late = sweep("setup", spec.toString());
    assertThat(late.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(late.err())
        .isEqualTo(
            "sweep setup: the sweep in "
                + folder()
                + " has started (trial 0 ran); setup is "
                + "only for a sweep that has not started. `sweep status "
                + folder()
                + "` shows where it stands\n");
  }

  @Test
  void aFolderMadeByAnotherSweep_isRefusedBeforeAnythingIsWritten() throws IOException {
    Path spec = spec();
    assertThat(sweep("run", "-q", spec.toString()).code()).isZero();
    String copy = Files.readString(folder().resolve("sweep.yaml"));
    Files.writeString(spec, SPEC.replace("seed: 7", "seed: 8"));
    Cli.Run other = sweep("run", spec.toString());
    assertThat(other.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(other.err())
        .startsWith(
            "sweep run: sweep folder "
                + folder()
                + " was made by another sweep: its trial 0 "
                + "has config {")
        .endsWith(
            "; use another directory, or the file the folder was made with (its copy is "
                + folder().resolve("sweep.yaml")
                + ")\n");
    assertThat(Files.readString(folder().resolve("sweep.yaml"))).isEqualTo(copy);
    assertThat(events("started")).hasSize(4);
  }
}
