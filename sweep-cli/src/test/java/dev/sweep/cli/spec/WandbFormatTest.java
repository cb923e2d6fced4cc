package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.config.Config;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.stopping.rules.WandbHyperband;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * W&B sweep files run with W&B's semantics (their conversions are pinned by {@link
 * FormatFixturesTest}): the values each distribution draws, the grid's order, the bands of
 * hyperband early termination.
 */
class WandbFormatTest {
  static Stream<Path> good() throws IOException, URISyntaxException {
    return FormatFixturesTest.fixtures("wandb", "good");
  }

  private static List<Config> sample(String fixture, int n) throws Exception {
    Path file =
        good().filter(p -> p.getFileName().toString().equals(fixture)).findFirst().orElseThrow();
    SweepSpec spec = SpecReader.read(file, FixtureEnvironment.get(), FixtureEnvironment.NOW);
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
      assertThat(c.get("qui").orElseThrow())
          .isInstanceOfSatisfying(
              Long.class, v -> assertThat(v % 8).isZero()); // an integer q gives ints
      assertThat(c.getDouble("qui")).isBetween(8.0, 64.0);
      assertThat(c.get("qluv").orElseThrow()).isInstanceOf(Long.class);
      assertThat(c.getDouble("qluv")).isBetween(16.0, 512.0);
      assertThat(c.getDouble("qu") * 10)
          .isCloseTo(Math.rint(c.getDouble("qu") * 10), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(c.getDouble("lu"))
          .isBetween(Math.exp(-9.2), Math.exp(-2.3)); // natural-log exponents
      assertThat(c.getDouble("ilu")).isBetween(Math.exp(-5), Math.exp(-1)); // exp(-U(1, 5))
      assertThat(c.getDouble("iluv")).isBetween(0.001, 0.1);
      assertThat(c.getDouble("b")).isBetween(0.0, 1.0);
      assertThat(c.getDouble("ln")).isPositive();
    }
    long y = sample("probabilities.yaml", 8).size();
    assertThat(y).isEqualTo(8); // run_cap
    List<Config> augment =
        sample(
            "probabilities.yaml", 8); // values [none, flip, mixup], probabilities [0.2, 0.5, 0.3]
    assertThat(augment)
        .allSatisfy(c -> assertThat(c.get("augment").orElseThrow()).isIn("none", "flip", "mixup"));
    List<Config> many = sample("all-distributions.yaml", 2000);
    double flip =
        many.stream().filter(c -> c.get("catp").orElseThrow().equals("y")).count() / 2000.0;
    assertThat(flip).isBetween(0.70, 0.80); // probabilities [0.25, 0.75]
  }

  @Test
  void grid_isSortedByName_theLastVaryingFastest_andQUniformLeavesMaxOut() throws Exception {
    List<Config> grid = sample("grid-q-uniform.yaml", 100);
    assertThat(grid).hasSize(9);
    assertThat(
            grid.stream()
                .map(c -> c.get("dropout").orElseThrow() + "/" + c.get("layers").orElseThrow())
                .toList())
        .containsExactly(
            "0.0/1", "0.0/2", "0.0/3", "0.1/1", "0.1/2", "0.1/3", "0.2/1", "0.2/2", "0.2/3");
    assertThat(sample("seed-knowit-grid.yaml", 100)).hasSize(27);
  }

  @Test
  void earlyTerminate_isWandbsHyperbandWithItsBands() throws Exception {
    Path file =
        good()
            .filter(p -> p.getFileName().toString().equals("hyperband-max-iter.yaml"))
            .findFirst()
            .orElseThrow();
    SweepSpec spec = SpecReader.read(file, FixtureEnvironment.get(), FixtureEnvironment.NOW);
    assertThat(spec.stopping().orElseThrow())
        .isInstanceOfSatisfying(
            WandbHyperband.class, h -> assertThat(h.bands()).containsExactly(3L, 9L));
    // max_iter is the runs' length too: a run that reports its 27th value is never stopped
    assertThat(spec.stopping().orElseThrow())
        .hasToString("wandbHyperband(max_iter 27, s 2, eta 3.0)");
    Path min = file.resolveSibling("bayes-hyperband.yaml");
    SweepSpec byMin = SpecReader.read(min, FixtureEnvironment.get(), FixtureEnvironment.NOW);
    assertThat(((WandbHyperband) byMin.stopping().orElseThrow()).bands())
        .startsWith(3L, 9L, 27L, 81L);
  }

  @Test
  void bayes_isAGaussianProcessOverNumericParameters_upToItsTrials_andTpeOtherwise(
      @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    String numeric =
        """
        program: train.py
        method: bayes
        metric: {name: loss}
        parameters:
          lr: {distribution: log_uniform_values, min: 0.001, max: 1}
          epochs: {value: 5}
        """;
    assertThat(sampler(dir, numeric + "run_cap: 300\n")).startsWith("gp(");
    assertThat(sampler(dir, numeric + "run_cap: 301\n"))
        .startsWith("tpe("); // each ask of a process costs O(n^3)
    assertThat(sampler(dir, numeric + "  opt: {values: [adam, sgd]}\nrun_cap: 50\n"))
        .startsWith("tpe(");
  }

  private static String sampler(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("wandb.yaml");
    Files.writeString(file, yaml);
    return SpecReader.read(file, FixtureEnvironment.get(), FixtureEnvironment.NOW)
        .sampler()
        .toString();
  }
}
