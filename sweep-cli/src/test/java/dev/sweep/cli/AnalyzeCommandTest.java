package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep analyze} on a real sweep folder, on what {@code collect} wrote, and on bad input.
 */
class AnalyzeCommandTest {
  @TempDir Path dir;

  private Path folder() {
    return dir.resolve("tiny");
  }

  @BeforeEach
  void runTheTinySweep() throws IOException {
    Path spec = dir.resolve("tiny.yaml");
    Files.writeString(spec, RunCommandTest.SPEC);
    Cli.Run run = sweep("run", "-q", spec.toString());
    assertThat(run.code()).as(run.toString()).isZero();
  }

  @Test
  void aSweepFolder_getsItsAnalysisPage() throws IOException {
    Cli.Run analyze = sweep("analyze", folder().toString());

    Path page = folder().resolve("analysis.html");
    assertThat(analyze.code()).as(analyze.toString()).isZero();
    assertThat(analyze.out()).isEqualTo("wrote " + page + ": 1 sweep, 4 trials in the first\n");
    String html = Files.readString(page);
    assertThat(html)
        .contains(
            "<h1>Sweep analysis: tiny</h1>",
            "EDF of error",
            "error vs x",
            "<h2>Top 4 trials</h2>",
            "name: &quot;tiny&quot;")
        .as("the definition is the folder's sweep.yaml, escaped");
  }

  @Test
  void theSweepFilesAnalyzeOptions_areTheDefaults_andTheCommandLineWins() throws IOException {
    Path spec = dir.resolve("titled.yaml");
    Files.writeString(
        spec,
        RunCommandTest.SPEC.replace("name: tiny", "name: titled")
            + "analyze: {title: From the file, top: 2, filters: [train.epochs=3]}\n");
    assertThat(sweep("run", "-q", spec.toString()).code()).isZero();
    Path folder = dir.resolve("titled");

    assertThat(sweep("analyze", folder.toString()).code()).isZero();
    String html = Files.readString(folder.resolve("analysis.html"));
    assertThat(html).contains("<h1>From the file</h1>", "<h2>Top 2 trials</h2>", "train.epochs=3");

    assertThat(sweep("analyze", folder.toString(), "--title", "Mine", "--top", "3").code())
        .isZero();
    assertThat(Files.readString(folder.resolve("analysis.html")))
        .contains("<h1>Mine</h1>", "<h2>Top 3 trials</h2>");
  }

  @Test
  void logDomains_getLogAxes_evenWithFewTrials() throws IOException {
    Path spec = dir.resolve("log.yaml");
    Files.writeString(
        spec,
        RunCommandTest.SPEC
            .replace("name: tiny", "name: log")
            .replace("x: {uniform: [0, 1]}", "x: {log_uniform: [0.3, 0.5]}"));
    assertThat(sweep("run", "-q", spec.toString()).code()).isZero();

    assertThat(sweep("analyze", dir.resolve("log").toString()).code()).isZero();

    assertThat(Files.readString(dir.resolve("log").resolve("analysis.html")))
        .contains("x (log)")
        .as("the interactive charts' x axis spans the domain, from the folder's space")
        .contains("\"domains\":{\"x\":{\"lo\":0.3,\"hi\":0.5,\"log\":true}");
    assertThat(Files.readString(folder().resolve("sweep.json")))
        .as("the tiny sweep's x is uniform")
        .doesNotContain("x: log");
  }

  @Test
  void collectedFiles_andSeveralSources_sideBySide() throws IOException {
    assertThat(sweep("collect", folder().toString()).code()).isZero();
    Path out = dir.resolve("cmp.html");

    Cli.Run analyze =
        sweep(
            "analyze",
            folder().toString(),
            folder().resolve("trials.json").toString(),
            folder().resolve("trials.csv").toString(),
            "--metric",
            "error",
            "--split",
            "train.epochs",
            "-o",
            out.toString());

    assertThat(analyze.code()).as(analyze.toString()).isZero();
    assertThat(Files.readString(out))
        .contains("tiny (4)", "trials (4)", "trials (2) (4)", "train.epochs=3 (4)");
  }

  /**
   * Range filters, as pycls's split filters keep min &lt;= v &lt;= max: on a parameter, on a
   * metric, and with {@code &} several conditions at once.
   */
  @Test
  void rangeFilters_onParametersAndMetrics_andConditionsTogether() throws IOException {
    Population p = SweepFolder.population(folder(), Objective.minimize("error"));
    long low =
        p.trials().stream()
            .filter(t -> ((Number) t.config().get("x").orElseThrow()).doubleValue() <= 0.5)
            .count();
    Path out = dir.resolve("ranges.html");

    Cli.Run analyze =
        sweep(
            "analyze",
            folder().toString(),
            "--filter",
            "0<=x<=0.5",
            "--filter",
            "0.5<=error<=1E0",
            "--filter",
            "train.epochs=3 & 0<=error<=0.5",
            "-o",
            out.toString());

    assertThat(analyze.code()).as(analyze.toString()).isZero();
    assertThat(Files.readString(out))
        .contains(
            "0&lt;=x&lt;=0.5 (" + low + ")",
            "0.5&lt;=error&lt;=1E0 (" + (4 - low) + ")",
            "train.epochs=3 &amp; 0&lt;=error&lt;=0.5 (" + low + ")");

    Cli.Run bad = sweep("analyze", folder().toString(), "--filter", "x<=0.5");
    assertThat(bad.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(bad.err()).contains("--filter x<=0.5: wanted PARAM=VALUE or LO<=NAME<=HI");
  }

  @Test
  void badInput_isNamed_andNothingIsWritten() throws IOException {
    assertThat(sweep("collect", folder().toString()).code()).isZero();
    Cli.Run csv = sweep("analyze", folder().resolve("trials.csv").toString());
    assertThat(csv.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(csv.err())
        .contains("a CSV does not say which metric is the objective: add --metric NAME");

    Cli.Run split = sweep("analyze", folder().toString(), "--split", "nope");
    assertThat(split.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(split.err())
        .contains("--split nope: " + folder() + " has no such parameter; it has [x, train.epochs]");

    Cli.Run missing = sweep("analyze", dir.resolve("absent").toString());
    assertThat(missing.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(missing.err()).contains("absent: no such sweep folder or file");

    assertThat(folder().resolve("analysis.html")).doesNotExist();
  }
}
