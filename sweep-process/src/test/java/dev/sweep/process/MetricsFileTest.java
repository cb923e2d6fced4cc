package dev.sweep.process;

import static dev.sweep.process.Programs.PYTHON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics file protocol: curve points, final metrics, malformed lines, live reading. */
class MetricsFileTest {
  @TempDir Path tmp;

  @Test
  void jsonLines_becomeTheTrialsCurveAndResult_inASweep() {
    String script =
        Programs.write(
            tmp,
            "train.py",
            """
                import json, os, sys
                lr = float(sys.argv[1])
                with open(os.environ['SWEEP_METRICS'], 'a') as f:
                    for step, loss in [(1, 0.5), (2, 0.3), (3, 0.2)]:
                        f.write(json.dumps({'step': step, 'loss': loss * lr, 'phase': 'train'}) + '\\n')
                    f.write(json.dumps({'step': 3, 'acc': 0.9}) + '\\n')
                    f.write(json.dumps({'final': True, 'error': lr / 10}) + '\\n')
                    f.write(json.dumps({'test_error': lr / 20}) + '\\n')
                """);
    Space space = Space.builder().add("lr", Choices.of(1.0, 2.0)).build();
    Population population =
        Sweep.builder(space, ProcessRunner.of(PYTHON + " " + script + " {lr}"))
            .objective(Objective.minimize("error"))
            .sampler(dev.sweep.sampler.Samplers.grid())
            .directory(tmp.resolve("sweep"))
            .build()
            .run();

    TrialRecord second = population.trials().get(1);
    assertThat(second.status()).isEqualTo(TrialStatus.COMPLETED);
    assertThat(second.curve())
        .containsExactly(
            new CurvePoint(1, Map.of("loss", 1.0)), new CurvePoint(2, Map.of("loss", 0.6)),
            new CurvePoint(3, Map.of("loss", 0.4)), new CurvePoint(3, Map.of("acc", 0.9)));
    assertThat(second.metrics())
        .isEqualTo(Map.of("loss", 0.4, "acc", 0.9, "error", 0.2, "test_error", 0.1));
    assertThat(population.best().orElseThrow().id()).isEqualTo(0);
  }

  @Test
  void rules_finalLinesOverride_lastCurveValuesFillIn_malformedLinesAreSkippedWithTheirLineNumbers()
      throws Exception {
    Path file = tmp.resolve("metrics.jsonl");
    Files.writeString(
        file,
        """
            {"step": 1, "loss": 0.9, "note": "warmup", "nested": {"a": 1}}
            not json
            [1, 2]

            {"step": 1.5, "loss": 1}
            {"step": 2}
            {"final": "yes", "error": 1}
            {"step": 2.0, "loss": NaN, "lr": 0.1}
            {"error": 0.5} trailing
            {"error": 0.4}
            {"step": 3, "loss": 0.3, "final": true}
            {"step": 4, "loss": Infinity, "final": false}
            {"step": 5, "loss": 0.25}"""); // no newline at the end: read when the step ends
    TestTrial trial = TestTrial.of(Map.of(), tmp);
    TrialMetrics metrics = new TrialMetrics(trial);
    MetricsFile metricsFile = new MetricsFile(file, metrics);

    metricsFile.poll();
    assertThat(trial.curve()).extracting(CurvePoint::step).containsExactly(1L, 2L, 4L);
    metricsFile.finish();

    assertThat(trial.curve())
        .containsExactly(
            new CurvePoint(1, Map.of("loss", 0.9)),
                new CurvePoint(2, Map.of("loss", Double.NaN, "lr", 0.1)),
            new CurvePoint(4, Map.of("loss", Double.POSITIVE_INFINITY)),
                new CurvePoint(5, Map.of("loss", 0.25)));
    assertThat(metrics.result())
        .containsExactly(Map.entry("loss", 0.3), Map.entry("lr", 0.1), Map.entry("error", 0.4));
    assertThat(metricsFile.warnings())
        .containsExactly(
            file + ":2: not JSON (it breaks at column 1); line ignored: not json",
            file + ":3: not a JSON object; line ignored: [1, 2]",
            file
                + ":5: \"step\" must be an integer, not 1.5; line ignored: {\"step\": 1.5, \"loss\": 1}",
            file
                + ":6: no metric: no field besides \"step\" holds a number; line ignored: {\"step\": 2}",
            file
                + ":7: \"final\" must be true or false, not \"yes\"; line ignored: {\"final\": \"yes\", \"error\": 1}",
            file
                + ":9: not JSON (it breaks at column 16); line ignored: {\"error\": 0.5} trailing");
  }

  @Test
  void warnings_areCappedPerFile() throws Exception {
    Path file = tmp.resolve("metrics.jsonl");
    Files.writeString(file, "oops\n".repeat(30));
    MetricsFile metricsFile = new MetricsFile(file, new TrialMetrics(TestTrial.of(Map.of(), tmp)));
    metricsFile.finish();
    assertThat(metricsFile.warnings()).hasSize(MetricsFile.MAX_WARNINGS);
  }

  @Test
  void curve_isReportedWhileTheProcessRuns() throws Exception {
    Path go = tmp.resolve("go");
    String script =
        Programs.write(
            tmp,
            "live.py",
            """
                import json, os, sys, time
                with open(os.environ['SWEEP_METRICS'], 'a') as f:
                    f.write(json.dumps({'step': 1, 'loss': 0.5}) + '\\n')
                    f.flush()
                    deadline = time.time() + 5
                    while not os.path.exists(sys.argv[1]) and time.time() < deadline:
                        time.sleep(0.01)
                    f.write(json.dumps({'saw_go': 1 if os.path.exists(sys.argv[1]) else 0}) + '\\n')
                """);
    TestTrial trial =
        TestTrial.of(Map.of(), tmp)
            .onReport(
                point -> {
                  try {
                    Files.createFile(
                        go); // the program waits for this: only a live reader lets it finish early
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
    long t0 = System.nanoTime();
    Result result = ProcessRunner.of(PYTHON + " " + script + " " + go).run(trial);

    assertThat(result.metrics()).containsEntry("saw_go", 1.0);
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(4);
  }

  @Test
  void noMetricAtAll_failsTheTrialSayingWhereItLooked() {
    TestTrial trial = TestTrial.of(Map.of(), tmp);
    Path metrics = tmp.resolve("trial").resolve("metrics.jsonl").toAbsolutePath();
    assertThatThrownBy(
            () ->
                ProcessRunner.builder()
                    .step("train", "/bin/echo hello")
                    .parse("error", java.util.regex.Pattern.compile("error: (\\S+)"))
                    .build()
                    .run(trial))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "trial 0: every step exited with 0, but no metric was reported: "
                + metrics
                + " has no line with a number, like {\"step\": 3, \"loss\": 0.21}, and no parser matched a line of the logs");
  }

  @Test
  void lineTail_returnsCompleteLines_keepsAPartialOneForLater() throws Exception {
    Path file = tmp.resolve("log");
    LineTail tail = new LineTail(file);
    assertThat(tail.poll()).isEmpty(); // no file yet
    Files.writeString(file, "a\r\nb");
    assertThat(tail.poll()).containsExactly("a");
    Files.writeString(file, "c\n\nd", java.nio.file.StandardOpenOption.APPEND);
    assertThat(tail.poll()).containsExactly("bc", "");
    assertThat(tail.lineNumber()).isEqualTo(3);
    assertThat(tail.finish()).containsExactly("d");
    assertThat(tail.finish()).isEmpty();
  }

  @Test
  void lineTail_cutsRunawayLines() throws Exception {
    Path file = tmp.resolve("log");
    Files.writeString(file, "x".repeat(LineTail.MAX_LINE_BYTES + 10) + "\nok\n");
    List<String> lines = new LineTail(file).poll();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).hasSize(LineTail.MAX_LINE_BYTES);
    assertThat(lines.get(1)).isEqualTo("ok");
  }
}
