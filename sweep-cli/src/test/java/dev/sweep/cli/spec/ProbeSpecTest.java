package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep file's {@code probe:} as read: each mistake located and named; reading runs no probe
 * command, so {@code sweep convert} and the constraint checks never start user code.
 */
class ProbeSpecTest {
  private static final String SPACE =
      "trials: 2\ncommand: [/bin/true]\nparameters:\n  w: {int: [1, 8]}\n";

  @TempDir Path dir;

  private Path file(String probe, String more) throws IOException {
    return Files.writeString(dir.resolve("s.yaml"), SPACE + "probe: " + probe + "\n" + more);
  }

  private void fails(String probe, String message) throws IOException {
    Path file = file(probe, "");
    assertThatThrownBy(() -> SweepSpec.read(file))
        .isInstanceOf(SpecException.class)
        .hasMessage(file + ":" + message);
  }

  @Test
  void aCommandProbe_isNotRunWhileReading_yetItsValuesNameInConstraints() throws IOException {
    Path file =
        file(
            "{command: [no-such-program], values: [flops]}", "constraints: [\"flops <= 3 * w\"]\n");
    assertThat(SweepSpec.read(file).space().toString()).contains("probe");
  }

  @Test
  void aConstraint_namingNoProbedValue_hintsTheClosest() throws IOException {
    Path file =
        file("{command: [no-such-program], values: [flops]}", "constraints: [\"flop <= 3\"]\n");
    assertThatThrownBy(() -> SweepSpec.read(file))
        .hasMessage(
            file
                + ":6:15: constraints[0]: 'flop <= 3' names 'flop', which no config has;"
                + " did you mean 'flops'? (configs have flops, w)");
  }

  @Test
  void builtinAndCommand_areOneOrTheOther() throws IOException {
    fails(
        "{builtin: pycls_complexity, command: [python3, cx.py]}",
        "5:45: probe.command: belongs to a command probe; give builtin or command");
  }

  @Test
  void placeholders_areRefused_theConfigComesOnStdin() throws IOException {
    fails(
        "{command: \"python3 cx.py --w {w}\", values: [flops]}",
        "5:18: probe.command: takes no placeholders, found {w}: the config comes as JSON on stdin"
            + " and in the file SWEEP_CONFIG names");
  }

  @Test
  void values_areAtLeastOneAndDistinct() throws IOException {
    fails(
        "{command: [python3, cx.py], values: []}",
        "5:44: probe.values: is empty; name at least one value");
    fails(
        "{command: [python3, cx.py], values: [flops, flops]}", "5:52: probe.values: 'flops' twice");
  }

  @Test
  void theTimeout_isPositive() throws IOException {
    fails(
        "{command: [python3, cx.py], values: [flops], timeout: 0s}",
        "5:62: probe.timeout: wanted a positive duration such as 60s, found 0s");
  }

  @Test
  void aProbe_needsBuiltinOrCommand() throws IOException {
    fails(
        "{values: [flops]}",
        "5:8: probe: 'command' is missing; probe needs builtin or command: {builtin:"
            + " pycls_complexity} or {command: [python3, cx.py], values: [flops, params]}");
  }
}
