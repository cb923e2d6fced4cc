package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * YAML as YAML is, in every format: {@code .inf}, {@code -.inf} and {@code .nan} are numbers; a
 * binary or non-UTF-8 file, and a field that wants a finite number, get the file, line and column;
 * an error quotes a short prefix of a huge value.
 */
class YamlValuesFaultTest {
  @TempDir Path dir;

  private void refused(String command, Path file, String problem) {
    Cli.Run run = sweep(command, file.toString());
    assertThat(run.code()).as(run.toString()).isEqualTo(SweepCommand.USAGE);
    assertThat(run.err()).isEqualTo(file + ":" + problem + "\n");
  }

  @Test
  void infinitiesAndNan_areNumbers_passedAsPythonPrintsThem() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("inf.yaml"),
            """
            method: grid
            command: [/bin/echo, "${args}"]
            program: train.py
            parameters:
              limit: {values: [.inf, -.Inf, .NaN, 1]}
            """);
    Cli.Run run = sweep("convert", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("- Infinity\n    - -Infinity\n    - NaN\n    - 1\n");
    run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    try (Stream<Path> files = Files.walk(dir.resolve("inf"))) {
      List<String> outs =
          files
              .filter(p -> p.getFileName().toString().equals("run.out"))
              .map(YamlValuesFaultTest::read)
              .sorted()
              .toList();
      assertThat(outs)
          .containsExactly("--limit=-inf\n", "--limit=1\n", "--limit=inf\n", "--limit=nan\n");
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {".inf", "-.inf", ".nan"})
  void aFieldThatWantsAFiniteNumber_saysSoAtItsLine(String value) throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("target.yaml"),
            "command: [/bin/true]\ntrials: 2\nobjective: {metric: loss, target: "
                + value
                + "}\nparameters:\n  x: {uniform: [0, 1]}\n");
    refused(
        "convert",
        file,
        "3:35: objective.target: wanted a finite number, found the number " + value);
    Path range =
        Files.writeString(
            dir.resolve("range.yaml"),
            "command: [/bin/true]\ntrials: 2\nparameters:\n  x: {uniform: [0, .inf]}\n");
    refused(
        "run", range, "4:6: x: uniform[0.0, Infinity] needs finite lo < hi, got [0.0, Infinity]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "convert", "setup"})
  void aBinaryFile_isRefusedAtItsFirstByte(String command) throws IOException {
    Path png =
        Files.write(
            dir.resolve("image.yaml"),
            new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H'});
    refused(
        command,
        png,
        "1:1: the file is binary (it holds NUL bytes), not YAML text; byte 0x89 (at offset 0) is not UTF-8");
    Path nul = Files.writeString(dir.resolve("nul.yaml"), "command: [/bin/true]\nname: a\0b\n");
    refused(command, nul, "2:8: a NUL character: the file is binary, not YAML text");
  }

  @Test
  void aLatin1OrUtf16File_isRefusedWhereItStopsBeingUtf8() throws IOException {
    Path latin =
        Files.write(
            dir.resolve("latin.yaml"),
            "command: [/bin/true]\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    refused(
        "run",
        latin,
        "2:10: not UTF-8 text: byte 0xE9 (at offset 30) starts no UTF-8 character; a sweep file is "
            + "UTF-8 (convert it, e.g. iconv -f LATIN1 -t UTF-8)");
    Path utf16 =
        Files.write(dir.resolve("utf16.yaml"), "method: grid\n".getBytes(StandardCharsets.UTF_16));
    refused(
        "convert",
        utf16,
        "1:1: the file is UTF-16 text (it starts with a UTF-16 byte-order mark); a sweep file is "
            + "UTF-8: convert it (iconv -f UTF-16 -t UTF-8)");
  }

  @Test
  void aBaseConfigThatIsNotUtf8_isRefusedAtBothFiles() throws IOException {
    Path base =
        Files.write(
            dir.resolve("base.yaml"),
            "lr: 0.1\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    Path file =
        Files.writeString(
            dir.resolve("sweep.yaml"),
            "command: [/bin/true]\nsampler: grid\nbase: base.yaml\nparameters:\n  x: [1, 2]\n");
    refused(
        "convert",
        file,
        "3:7: base: "
            + base
            + ":2:10: not UTF-8 text: byte 0xE9 (at offset 17) starts no UTF-8 character; a sweep "
            + "file is UTF-8 (convert it, e.g. iconv -f LATIN1 -t UTF-8)");
  }

  @Test
  void anError_quotesAShortPrefixOfAHugeValue() throws IOException {
    String huge = "x".repeat(100_000);
    Path wandb =
        Files.writeString(
            dir.resolve("wandb.yaml"),
            "method: random\nprogram: a.py\nrun_cap: "
                + huge
                + "\nparameters:\n  x: {min: 0, max: 1}\n");
    refused(
        "convert",
        wandb,
        "3:10: run_cap: wanted an integer, found the string '"
            + "x".repeat(60)
            + "…' (100,000 characters)");
    Path method =
        Files.writeString(
            dir.resolve("method.yaml"),
            "method: " + huge + "\nprogram: a.py\nparameters:\n  x: {min: 0, max: 1}\n");
    Cli.Run run = sweep("convert", method.toString());
    assertThat(run.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(run.err())
        .isEqualTo(
            method
                + ":1:9: method: unknown method '"
                + "x".repeat(59)
                + "… (100,002 characters) (allowed: grid, random, bayes)\n");
    Path words =
        Files.writeString(
            dir.resolve("words.yaml"),
            "command: [/bin/true]\ntrials: 2\nparameters:\n  x: {uniform: [0, \""
                + "word ".repeat(20_000)
                + "\"]}\n");
    run = sweep("convert", words.toString());
    assertThat(run.code()).isEqualTo(SweepCommand.USAGE);
    assertThat(run.err())
        .startsWith(words + ":4:20: x: wanted a number, found the string 'word word")
        .hasSizeLessThan(words.toString().length() + 200);
  }
}
