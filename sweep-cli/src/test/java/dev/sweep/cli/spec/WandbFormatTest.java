package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.config.Config;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.samplers.WandbHyperband;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * W&B sweep files run with W&B's semantics: each fixture under {@code formats/wandb/good} converts
 * to the native file next to it ({@code X.native.yaml}, reviewed by hand against W&B's sweeps
 * library), and each under {@code bad} fails with the message on its first line.
 */
class WandbFormatTest {
  @TempDir static Path bin;

  /** A PATH with a {@code python} on it, and the variables the fixtures read. */
  private static Function<String, String> environment() throws IOException {
    Path python = bin.resolve("python");
    if (!Files.exists(python)) {
      Files.writeString(python, "#!/bin/sh\n");
      python.toFile().setExecutable(true);
    }
    Map<String, String> env = Map.of("PATH", bin.toString(), "SWEEP_TEST_DATA", "/data");
    return env::get;
  }

  static Stream<Path> good() throws IOException, URISyntaxException {
    return fixtures("good").filter(p -> !p.getFileName().toString().endsWith(".native.yaml"));
  }

  static Stream<Path> bad() throws IOException, URISyntaxException {
    return fixtures("bad");
  }

  private static Stream<Path> fixtures(String kind) throws IOException, URISyntaxException {
    Path dir = Path.of(WandbFormatTest.class.getResource("/formats/wandb/" + kind).toURI());
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
    }
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("good")
  void aGoodFile_convertsToItsNativeEquivalent(Path file) throws IOException {
    Path expected = file.resolveSibling(file.getFileName().toString().replace(".yaml", ".native.yaml"));
    String converted = SpecReader.convert(file, environment());
    assertThat(converted).isEqualTo(Files.readString(expected));
    assertThat(SweepSpec.read(expected).space()).hasToString(SweepSpec.read(file).space().toString()); // a native file
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void aBadFile_failsAtItsLineAndColumnNamingTheField(Path file) throws IOException {
    String first = Files.readAllLines(file).get(0);
    assertThat(first).startsWith("# error: ");
    assertThatThrownBy(() -> SpecReader.convert(file, environment()))
        .isInstanceOf(SpecException.class)
        .hasMessage(file + ":" + first.substring("# error: ".length()));
  }

  @Test
  void there_areTheSeedExampleAndAtLeastTenMoreOfEachKind() throws Exception {
    assertThat(good().map(p -> p.getFileName().toString())).contains("seed-knowit-grid.yaml").hasSizeGreaterThan(10);
    assertThat(bad().count()).isGreaterThanOrEqualTo(10);
  }

  private static List<Config> sample(String fixture, int n) throws Exception {
    Path file = good().filter(p -> p.getFileName().toString().equals(fixture)).findFirst().orElseThrow();
    SweepSpec spec = SpecReader.read(file, environment());
    Sampler.Sampling sampling = spec.sampler().start(spec.space());
    List<Config> configs = new ArrayList<>();
    for (int i = 0; i < n && sampling.size().orElse(Long.MAX_VALUE) > i; i++) {
      Sample s = sampling.ask(i);
      configs.add(s.config());
    }
    return configs;
  }

  @Test
  void distributions_drawWhatWandbDraws() throws Exception {
    for (Config c : sample("all-distributions.yaml", 300)) {
      assertThat(c.get("c").orElseThrow()).isEqualTo(7L);
      assertThat(c.get("qui").orElseThrow()).isInstanceOfSatisfying(Long.class, v -> assertThat(v % 8).isZero()); // an integer q gives ints
      assertThat(c.getDouble("qui")).isBetween(8.0, 64.0);
      assertThat(c.get("qluv").orElseThrow()).isInstanceOf(Long.class);
      assertThat(c.getDouble("qluv")).isBetween(16.0, 512.0);
      assertThat(c.getDouble("qu") * 10).isCloseTo(Math.rint(c.getDouble("qu") * 10), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(c.getDouble("lu")).isBetween(Math.exp(-9.2), Math.exp(-2.3)); // natural-log exponents
      assertThat(c.getDouble("ilu")).isBetween(Math.exp(-5), Math.exp(-1)); // exp(-U(1, 5))
      assertThat(c.getDouble("iluv")).isBetween(0.001, 0.1);
      assertThat(c.getDouble("b")).isBetween(0.0, 1.0);
      assertThat(c.getDouble("ln")).isPositive();
    }
    long y = sample("probabilities.yaml", 8).size();
    assertThat(y).isEqualTo(8);
    List<Config> many = sample("all-distributions.yaml", 2000);
    double flip = many.stream().filter(c -> c.get("catp").orElseThrow().equals("y")).count() / 2000.0;
    assertThat(flip).isBetween(0.70, 0.80); // probabilities [0.25, 0.75]
  }

  @Test
  void grid_isSortedByName_theLastVaryingFastest_andQUniformLeavesMaxOut() throws Exception {
    List<Config> grid = sample("grid-q-uniform.yaml", 100);
    assertThat(grid).hasSize(9);
    assertThat(grid.stream().map(c -> c.get("dropout").orElseThrow() + "/" + c.get("layers").orElseThrow()).toList()).containsExactly(
        "0.0/1", "0.0/2", "0.0/3", "0.1/1", "0.1/2", "0.1/3", "0.2/1", "0.2/2", "0.2/3");
    assertThat(sample("seed-knowit-grid.yaml", 100)).hasSize(27);
  }

  @Test
  void earlyTerminate_isWandbsHyperbandWithItsBands() throws Exception {
    Path file = good().filter(p -> p.getFileName().toString().equals("hyperband-max-iter.yaml")).findFirst().orElseThrow();
    SweepSpec spec = SpecReader.read(file, environment());
    assertThat(spec.stopping().orElseThrow()).isInstanceOfSatisfying(WandbHyperband.class,
        h -> assertThat(h.bands()).containsExactly(3L, 9L));
    Path min = file.resolveSibling("bayes-hyperband.yaml");
    SweepSpec byMin = SpecReader.read(min, environment());
    assertThat(((WandbHyperband) byMin.stopping().orElseThrow()).bands()).startsWith(3L, 9L, 27L, 81L);
  }
}
