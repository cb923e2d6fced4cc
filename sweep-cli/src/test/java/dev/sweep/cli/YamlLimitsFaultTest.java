package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile sweep files, fed to {@code sweep run}, {@code setup} and {@code convert}: each is refused
 * within a second or two, with the file, line and column, the limit passed, the value and what is
 * allowed, and nothing is written. Before the limits a 711-byte "billion laughs" ran the command
 * out of memory, a 10,000-part key out of stack after the sweep folder was made, and an 8 MB string
 * took seconds per megabyte squared. The timeout only guards against a hang.
 */
class YamlLimitsFaultTest {
  private static final Duration HANG = Duration.ofSeconds(10);
  private static final String HEAD = "name: hostile\nsampler: grid\ncommand: [/bin/true]\n";

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /**
   * Runs {@code sweep COMMAND FILE}, expecting exit 2 with exactly {@code FILE:problem} and no new
   * file.
   */
  private void refused(String command, Path file, String problem) throws IOException {
    List<Path> before = files();
    Cli.Run run = assertTimeoutPreemptively(HANG, () -> sweep(command, file.toString()));
    assertThat(run.code()).as(run.toString()).isEqualTo(SweepCommand.USAGE);
    assertThat(run.err()).isEqualTo(file + ":" + problem + "\n");
    assertThat(files()).as("nothing written").isEqualTo(before);
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.sorted().collect(Collectors.toList());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "setup", "convert"})
  void billionLaughs_isStoppedAtTheAliasThatRepeatsTooMuch(String command) throws IOException {
    StringBuilder yaml = new StringBuilder(HEAD + "parameters:\n  x: {choice: [1]}\nbase:\n");
    yaml.append("  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      String up = "*" + (char) (c - 1);
      yaml.append("  ")
          .append(c)
          .append(": &")
          .append(c)
          .append(" [")
          .append(String.join(", ", List.of(up, up, up, up, up, up, up, up, up)))
          .append("]\n");
    }
    Path file = write("laughs.yaml", yaml.toString());
    assertThat(Files.size(file)).isLessThan(711);
    refused(
        command,
        file,
        "12:10: the alias *e brings the file to 141,183 keys, list items and scalars, each alias counted as "
            + "all it repeats; at most 100,000 allowed");
  }

  @Test
  void aliasesPastFifty_areRefused() throws IOException {
    Path file =
        write(
            "aliases.yaml",
            HEAD
                + "parameters:\n  x: {choice: [1]}\nbase:\n  one: &one [1]\n  many: [*one"
                + ", *one".repeat(50)
                + "]\n");
    refused(
        "run",
        file,
        "8:"
            + (10 + 6 * 50)
            + ": the alias *one is alias number 51 in this file; at most 50 allowed "
            + "(aliases that repeat aliases make a file grow exponentially as it is read)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "setup", "convert"})
  void deepNesting_isStoppedAtLevel101(String command) throws IOException {
    Path file =
        write(
            "deep.yaml",
            HEAD
                + "parameters:\n  x: {choice: [1]}\nbase:\n  d: "
                + "[".repeat(10_000)
                + "]".repeat(10_000)
                + "\n");
    refused(
        command, file, "7:104: mappings and lists nest 101 levels deep here; at most 100 allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "setup", "convert"})
  void keyOf10000Parts_isRefusedBeforeTheFolderIsMade(String command) throws IOException {
    String key = String.join(".", java.util.Collections.nCopies(10_000, "a"));
    Path file = write("parts.yaml", HEAD + "parameters:\n  ? " + key + "\n  : {choice: [1]}\n");
    refused(
        command,
        file,
        "5:5: the key 'a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.…' has 10,000 dot-separated parts; "
            + "at most 100 allowed (each part nests a level in a trial's config)");
  }

  @Test
  void keyOver1024Characters_isRefused() throws IOException {
    Path file =
        write(
            "long.yaml", HEAD + "parameters:\n  ? " + "k".repeat(2_000) + "\n  : {choice: [1]}\n");
    refused(
        "run",
        file,
        "5:5: the key '" + "k".repeat(40) + "…' is 2,000 characters long; at most 1,024 allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "setup", "convert"})
  void fileOver16MiB_isRefusedUnparsed(String command) throws IOException {
    Path file =
        write(
            "huge.yaml",
            HEAD + "parameters:\n  x: {choice: [1]}\n# " + "x".repeat(17 << 20) + "\n");
    refused(
        command,
        file,
        String.format(
            java.util.Locale.ROOT,
            "1:1: the file holds %,d bytes; at most 16,777,216 (16 MiB) allowed",
            Files.size(file)));
  }

  @Test
  void fileThatNeverEnds_isReadOnlyUpToTheLimit() throws IOException {
    Path zero = Path.of("/dev/zero");
    Cli.Run run = assertTimeoutPreemptively(HANG, () -> sweep("convert", zero.toString()));
    assertThat(run.code()).as(run.toString()).isEqualTo(SweepCommand.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "/dev/zero:1:1: the file holds more than 16,777,216 bytes; at most 16,777,216 (16 MiB) allowed\n");
  }

  @Test
  void baseConfigNested65Levels_isRefusedWhereItIs() throws IOException {
    write("base.json", "{\"d\": " + "[".repeat(70) + "]".repeat(70) + "}");
    Path file = write("based.yaml", HEAD + "parameters:\n  x: {choice: [1]}\nbase: base.json\n");
    refused(
        "run",
        file,
        "6:7: base: "
            + dir.resolve("base.json")
            + ":1:70: mappings and lists nest 65 levels deep here; at most 64 allowed");
  }

  @Test
  void stringsOf8MB_parse() throws IOException {
    String plain = "x".repeat(8 << 20);
    String quoted = "y".repeat(4 << 20);
    Path file =
        write(
            "long-string.yaml",
            HEAD
                + "parameters:\n  x: {choice: [1]}\nbase:\n  plain: "
                + plain
                + "\n  quoted: \""
                + quoted
                + "\"\n");
    Cli.Run run = assertTimeoutPreemptively(HANG, () -> sweep("convert", file.toString()));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("plain: \"" + plain + "\"", "quoted: \"" + quoted + "\"");
  }
}
