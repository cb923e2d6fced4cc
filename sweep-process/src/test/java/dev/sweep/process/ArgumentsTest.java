package dev.sweep.process;

import static dev.sweep.process.Programs.PRINT_ARGV;
import static dev.sweep.process.Programs.PYTHON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real program receives as its argv: one element per value, and values that would be shell
 * code in the wrong hands arrive as text, with and without a shell.
 */
class ArgumentsTest {
  @TempDir Path tmp;

  /** Runs one step that prints its argv as JSON, and returns that argv. */
  private List<String> argv(CommandTemplate command, Map<String, ?> config) throws Exception {
    TestTrial trial = TestTrial.of(config, tmp);
    ProcessRunner runner = ProcessRunner.builder().step("run", command).build();
    assertThatThrownBy(() -> runner.run(trial)) // printing argv reports no metric
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("every step exited with 0, but no metric was reported");
    String out = Programs.read(trial.workDir().resolve("run.out")).strip();
    return new ObjectMapper().readValue(out, new TypeReference<List<String>>() {});
  }

  private static final List<String> HOSTILE =
      List.of(
          "$(touch MARKER)",
          "`touch MARKER`",
          "; touch MARKER",
          "a\ntouch MARKER",
          "' ; touch MARKER ; '",
          "\" ; touch MARKER ; \"",
          "&& touch MARKER",
          "| touch MARKER",
          "$(touch MARKER)'\"`touch MARKER`",
          "${IFS}touch${IFS}MARKER",
          "*",
          "~",
          "$HOME",
          "-n",
          "");

  private Map<String, Object> hostileConfig(Path marker) {
    Map<String, Object> config = new LinkedHashMap<>();
    for (int i = 0; i < HOSTILE.size(); i++) {
      config.put("v" + i, HOSTILE.get(i).replace("MARKER", marker.toString()));
    }
    config.put("flag", HOSTILE.get(0).replace("MARKER", marker.toString()));
    return config;
  }

  @Test
  void eachPlaceholder_isExactlyOneArgument() throws Exception {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("a.b", "two words");
    config.put("n", 3);
    config.put("lr", 1e-4);
    config.put("widths", List.of(64, 128));
    config.put("empty", "");
    config.put("amp", true);
    config.put("off", false);
    assertThat(
            argv(
                CommandTemplate.parse(
                    PYTHON
                        + " -c '"
                        + PRINT_ARGV
                        + "' {a.b} {n} {lr} {widths} {empty} [amp] [off] [n] "
                        + "--name={a.b} \"{_name} {_id}\""),
                config))
        .containsExactly(
            "two words",
            "3",
            "1.0E-4",
            "[64,128]",
            "",
            "--amp",
            "--n",
            "3",
            "--name=two words",
            "test 0");
  }

  @Test
  void reservedPlaceholders_arriveAsTheTrialsValues() throws Exception {
    Path dir = tmp.resolve("trial").toAbsolutePath();
    assertThat(
            argv(
                CommandTemplate.parse(
                    PYTHON
                        + " -c '"
                        + PRINT_ARGV
                        + "' {_output} {_name} {_id} {_config} {_metrics}"),
                Map.of()))
        .containsExactly(
            dir.toString(),
            "test",
            "0",
            dir.resolve("config.json").toString(),
            dir.resolve("metrics.jsonl").toString());
  }

  @Test
  void hostileValues_withoutShell_areArgumentsAndRunNothing() throws Exception {
    Path marker = tmp.resolve("marker");
    StringBuilder template = new StringBuilder(PYTHON + " -c '" + PRINT_ARGV + "'");
    for (int i = 0; i < HOSTILE.size(); i++) {
      template.append(" {v").append(i).append('}');
    }
    template.append(" \"x{v0}y\" [flag]");
    List<String> got = argv(CommandTemplate.parse(template.toString()), hostileConfig(marker));
    assertThat(got).containsExactlyElementsOf(expected(marker));
    assertThat(marker).doesNotExist();
  }

  @Test
  void hostileValues_inAShellScript_areArgumentsAndRunNothing() throws Exception {
    Path marker = tmp.resolve("marker");
    StringBuilder script = new StringBuilder(PYTHON + " -c '" + PRINT_ARGV + "'");
    for (int i = 0; i < HOSTILE.size(); i++) {
      script.append(" {v").append(i).append('}');
    }
    script.append(" \"x{v0}y\" [flag] | cat");
    List<String> got = argv(CommandTemplate.shell(script.toString()), hostileConfig(marker));
    assertThat(got).containsExactlyElementsOf(expected(marker));
    assertThat(marker).doesNotExist();
  }

  @Test
  void hostileValues_asAnArgumentVector_areArgumentsAndRunNothing() throws Exception {
    Path marker = tmp.resolve("marker");
    List<String> argv = new ArrayList<>(List.of(PYTHON, "-c", PRINT_ARGV));
    for (int i = 0; i < HOSTILE.size(); i++) {
      argv.add("{v" + i + "}");
    }
    argv.add("x{v0}y");
    argv.add("[flag]");
    assertThat(argv(CommandTemplate.of(argv), hostileConfig(marker)))
        .containsExactlyElementsOf(expected(marker));
    assertThat(marker).doesNotExist();
  }

  private List<String> expected(Path marker) {
    List<String> expected = new ArrayList<>();
    HOSTILE.forEach(v -> expected.add(v.replace("MARKER", marker.toString())));
    String first = HOSTILE.get(0).replace("MARKER", marker.toString());
    expected.add("x" + first + "y");
    expected.add("--flag");
    expected.add(first);
    return expected;
  }
}
