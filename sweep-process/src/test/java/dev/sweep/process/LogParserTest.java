package dev.sweep.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.Result;
import dev.sweep.trial.CurvePoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regex parsers: metrics from the logs of programs that cannot be changed. */
class LogParserTest {
  @TempDir Path tmp;

  /** A step that prints {@code lines} (a printf format) to stdout or stderr. */
  private static CommandTemplate prints(String lines, boolean toStderr) {
    return CommandTemplate.of(
        List.of("/bin/sh", "-c", "printf '" + lines + "'" + (toStderr ? " >&2" : "")));
  }

  @Test
  void lastMatchInStdout_isTheFinalValue() throws Exception {
    ProcessRunner runner =
        ProcessRunner.builder()
            .step(
                "train",
                prints("epoch 1 val error: 0.5\\nepoch 2 val error: 2.5e-1\\ndone\\n", false))
            .parse("val_error", Pattern.compile("val error: ([0-9.eE+-]+)"))
            .build();
    TestTrial trial = TestTrial.of(Map.of(), tmp);
    Result result = runner.run(trial);
    assertThat(result.metrics()).containsExactly(Map.entry("val_error", 0.25));
    assertThat(trial.curve()).isEmpty();
  }

  @Test
  void stepGroup_buildsACurve_andStderrIsReadToo() throws Exception {
    ProcessRunner runner =
        ProcessRunner.builder()
            .step("train", prints("epoch 1 loss=0.9\\nepoch 2 loss=0.4 epoch 3 loss=nan\\n", true))
            .step("test", prints("test acc 97.5%%\\n", false))
            .parse("loss", Pattern.compile("epoch (?<step>\\d+) loss=(?<value>\\S+)"))
            .parse("acc", Pattern.compile("test acc ([0-9.]+)%"))
            .build();
    TestTrial trial = TestTrial.of(Map.of(), tmp);
    Result result = runner.run(trial);
    assertThat(trial.curve())
        .containsExactly(
            new CurvePoint(1, Map.of("loss", 0.9)), new CurvePoint(3, Map.of("loss", Double.NaN)));
    assertThat(result.metrics())
        .containsExactly(Map.entry("loss", Double.NaN), Map.entry("acc", 97.5));
  }

  @Test
  void parser_overridesTheMetricsFile() throws Exception {
    ProcessRunner runner =
        ProcessRunner.builder()
            .step(
                "train",
                CommandTemplate.of(
                    List.of(
                        "/bin/sh",
                        "-c",
                        "echo '{{\"error\": 1, \"loss\": 2}}' >> \"$SWEEP_METRICS\"; echo 'error 0.5'")))
            .parse("error", Pattern.compile("error (\\S+)"))
            .build();
    assertThat(runner.run(TestTrial.of(Map.of(), tmp)).metrics())
        .isEqualTo(Map.of("error", 0.5, "loss", 2.0));
  }

  @Test
  void patterns_withoutAGroupForTheNumber_areRefused() {
    assertThatThrownBy(
            () -> ProcessRunner.builder().parse("error", Pattern.compile("error: [0-9.]+")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the pattern /error: [0-9.]+/ for metric 'error' has no group; put the number in one, e.g. val error: ([0-9.eE+-]+)");
    assertThatThrownBy(
            () ->
                ProcessRunner.builder()
                    .parse("loss", Pattern.compile("epoch (?<step>\\d+) loss=(\\S+)")))
        .hasMessage(
            "the pattern /epoch (?<step>\\d+) loss=(\\S+)/ for metric 'loss' has a group named step, so it needs one "
                + "named value too, e.g. epoch (?<step>\\d+).*loss (?<value>[0-9.eE+-]+)");
    assertThatThrownBy(
            () ->
                ProcessRunner.builder()
                    .parse("e", Pattern.compile("(x)"))
                    .parse("e", Pattern.compile("(y)")))
        .hasMessage("metric 'e' already has the parser /(x)/");
  }

  @Test
  void numbers_asProgramsPrintThem() {
    assertThat(LogParser.number("1e-3")).isEqualTo(1e-3);
    assertThat(LogParser.number(" 42 ")).isEqualTo(42.0);
    assertThat(LogParser.number("nan")).isNaN();
    assertThat(LogParser.number("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(LogParser.number("Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(LogParser.number("1.2.3")).isNull();
  }
}
