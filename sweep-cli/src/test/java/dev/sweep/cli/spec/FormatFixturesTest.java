package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Other tools' sweep files, under {@code formats/<tool>/}: each good one converts to the native
 * file next to it ({@code X.native.yaml}, reviewed by hand against the tool's documentation and
 * code) and that file reads as the same space; each bad one fails with the {@code line:column:
 * field: problem} on its first line. Every tool has its seed examples and at least ten more of each
 * kind.
 */
class FormatFixturesTest {
  static final List<String> TOOLS = List.of("wandb", "gml", "mlrunner", "pycls");

  static Stream<Path> fixtures(String tool, String kind) throws IOException, URISyntaxException {
    Path dir =
        Path.of(FormatFixturesTest.class.getResource("/formats/" + tool + "/" + kind).toURI());
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.toString().endsWith(".yaml") && !p.toString().endsWith(".native.yaml"))
          .sorted()
          .forEach(files::add);
    }
    return files.stream();
  }

  static Stream<Path> good() throws IOException, URISyntaxException {
    List<Path> all = new ArrayList<>();
    for (String tool : TOOLS) {
      fixtures(tool, "good").forEach(all::add);
    }
    return all.stream();
  }

  static Stream<Path> bad() throws IOException, URISyntaxException {
    List<Path> all = new ArrayList<>();
    for (String tool : TOOLS) {
      fixtures(tool, "bad").forEach(all::add);
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("good")
  void aGoodFile_convertsToItsNativeEquivalent(Path file) throws IOException {
    Path expected =
        file.resolveSibling(file.getFileName().toString().replace(".yaml", ".native.yaml"));
    String converted = SpecReader.convert(file, FixtureEnvironment.get(), FixtureEnvironment.NOW);
    assertThat(converted).isEqualTo(Files.readString(expected));
    assertThat(SweepSpec.read(expected).space())
        .hasToString(SweepSpec.read(file).space().toString()); // a native file
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void aBadFile_failsAtItsLineAndColumnNamingTheField(Path file) throws IOException {
    String first = Files.readAllLines(file).get(0);
    assertThat(first).startsWith("# error: ");
    assertThatThrownBy(
            () -> SpecReader.convert(file, FixtureEnvironment.get(), FixtureEnvironment.NOW))
        .isInstanceOf(SpecException.class)
        .hasMessage(file + ":" + first.substring("# error: ".length()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"wandb", "gml", "mlrunner", "pycls"})
  void everyTool_hasItsSeedExamplesAndAtLeastTenMoreOfEachKind(String tool) throws Exception {
    assertThat(fixtures(tool, "good").map(p -> p.getFileName().toString()))
        .anyMatch(n -> n.startsWith("seed-"))
        .hasSizeGreaterThan(10);
    assertThat(fixtures(tool, "bad").count()).isGreaterThanOrEqualTo(10);
  }
}
