package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.config.Config;
import dev.sweep.sampler.Sampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each W&amp;B distribution gives values of the type W&amp;B's sweeps library gives (its {@code
 * HyperParameter.ppf} in {@code src/sweeps/params.py}): {@code int_uniform} ints; {@code uniform},
 * the log-uniforms, normals and betas floats; every {@code q_} distribution {@code round(X / q) q},
 * as ints when {@code q} is an int ({@code isinstance(q, int)}) and floats otherwise, the default
 * {@code q} being the float 1.0; constants and categoricals their values as written. Checked over
 * many draws of each sampler that W&amp;B's methods become.
 */
class WandbValueTypesTest {
  @TempDir Path dir;

  private List<Config> draw(String method, String parameters, int n) throws IOException {
    String yaml =
        "program: train.py\nmethod: "
            + method
            + "\n"
            + (method.equals("bayes") ? "metric: {name: loss}\n" : "")
            + (method.equals("grid") ? "" : "run_cap: " + n + "\n")
            + "parameters:\n  "
            + parameters
            + "\n";
    Path file = dir.resolve("wandb.yaml");
    Files.writeString(file, yaml);
    SweepSpec spec = SpecReader.read(file, FixtureEnvironment.get(), FixtureEnvironment.NOW);
    Sampler.Sampling sampling = spec.sampler().start(spec.space());
    List<Config> out = new ArrayList<>();
    for (int i = 0; i < n && sampling.size().orElse(Long.MAX_VALUE) > i; i++) {
      out.add(sampling.ask(i).config());
    }
    return out;
  }

  private static Predicate<Object> multipleOf(double q) {
    return v -> {
      double k = ((Number) v).doubleValue() / q;
      return Math.abs(k - Math.rint(k)) < 1e-6;
    };
  }

  /** distribution, its keys beyond q, q (empty: none given), the Java type W&amp;B's gives. */
  @ParameterizedTest(name = "{0} {1} q={2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "q_uniform|min: 8, max: 64|8|Long",
        "q_uniform|min: 0.5, max: 64.5|8|Long",
        "q_uniform|min: 8, max: 64|8.0|Double",
        "q_uniform|min: 0, max: 1|0.1|Double",
        "q_uniform|min: 0, max: 10|''|Double",
        "q_log_uniform|min: 2, max: 6|1|Long",
        "q_log_uniform|min: 2, max: 6|4|Long",
        "q_log_uniform|min: 2, max: 6|4.0|Double",
        "q_log_uniform|min: 2, max: 6|''|Double",
        "q_log_uniform_values|min: 16, max: 512|1|Long",
        "q_log_uniform_values|min: 16, max: 512|16|Long",
        "q_log_uniform_values|min: 16, max: 512|16.0|Double",
        "q_log_uniform_values|min: 0.001, max: 1|0.001|Double",
        "q_log_uniform_values|min: 16, max: 512|''|Double",
        "q_normal|mu: 100, sigma: 30|4|Long",
        "q_normal|mu: 100, sigma: 30|1|Long",
        "q_normal|mu: 10, sigma: 3|0.5|Double",
        "q_normal|mu: 10, sigma: 3|''|Double",
        "q_log_normal|mu: 4, sigma: 0.5|2|Long",
        "q_log_normal|mu: 2, sigma: 0.5|1.0|Double",
        "q_log_normal|mu: 2, sigma: 0.5|''|Double",
        "q_beta|a: 2, b: 2|1|Long",
        "q_beta|a: 2, b: 2|0.1|Double",
        "q_beta|a: 2, b: 2|''|Double",
        "q_uniform|min: 1, max: 3|8|Long",
        "q_normal|mu: 13, sigma: 0|4|Long",
        "q_normal|mu: 13, sigma: 0|0.5|Double",
        "q_log_normal|mu: 2, sigma: 0|2|Long",
      })
  void aQuantizedDistribution_givesIntsForAnIntegerQ_andFloatsOtherwise(
      String distribution, String keys, String q, String type) throws Exception {
    String param =
        "x: {distribution: " + distribution + ", " + keys + (q.isEmpty() ? "" : ", q: " + q) + "}";
    double step = q.isEmpty() ? 1.0 : Double.parseDouble(q);
    Class<?> expected = type.equals("Long") ? Long.class : Double.class;
    for (String method : List.of("random", "bayes")) {
      List<Config> configs = draw(method, param, method.equals("random") ? 300 : 12);
      assertThat(configs).isNotEmpty();
      assertThat(configs)
          .as("%s %s", method, param)
          .allSatisfy(
              c ->
                  assertThat(c.get("x").orElseThrow())
                      .isInstanceOf(expected)
                      .matches(multipleOf(step), "a multiple of " + step));
    }
  }

  /** distribution, its keys, the Java type W&amp;B's gives, and the range of its values. */
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "int_uniform|min: -3, max: 8|Long|-3|8",
        "uniform|min: -1, max: 1|Double|-1|1",
        "uniform|min: 0.0, max: 10.0|Double|0|10",
        "log_uniform|min: -9.2, max: -2.3|Double|1.0e-4|0.101",
        "log_uniform_values|min: 0.0001, max: 0.1|Double|1.0e-4|0.1",
        "log_uniform_values|min: 1, max: 1000|Double|1|1000",
        "inv_log_uniform|min: 1, max: 5|Double|0.0067|0.368",
        "inv_log_uniform_values|min: 0.001, max: 0.1|Double|0.001|0.1",
        "normal|mu: 1, sigma: 0.5|Double|-4|6",
        "log_normal|mu: -3, sigma: 1|Double|0|1100",
        "beta|a: 2, b: 5|Double|0|1",
      })
  void anUnquantizedDistribution_givesItsTypeWithinItsRange(
      String distribution, String keys, String type, double lo, double hi) throws Exception {
    String param = "x: {distribution: " + distribution + ", " + keys + "}";
    Class<?> expected = type.equals("Long") ? Long.class : Double.class;
    for (String method : List.of("random", "bayes")) {
      assertThat(draw(method, param, method.equals("random") ? 300 : 12))
          .as("%s %s", method, param)
          .allSatisfy(
              c ->
                  assertThat(c.get("x").orElseThrow())
                      .isInstanceOf(expected)
                      .matches(
                          v -> ((Number) v).doubleValue() >= lo && ((Number) v).doubleValue() <= hi,
                          "within [" + lo + ", " + hi + "]"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "grid", "bayes"})
  void constantsAndCategoricals_giveTheirValuesAsWritten(String method) throws Exception {
    String params =
        """
        c: {distribution: constant, value: 7}
          cf: {value: 7.0}
          cs: {value: adam}
          cat: {values: [1, 2.5, x, true]}
        """
            .strip();
    if (!method.equals("grid")) {
      params += "\n  catp: {values: [16, 32.0], probabilities: [0.5, 0.5]}";
    }
    List<Config> configs = draw(method, params, 200);
    assertThat(configs)
        .allSatisfy(
            c -> {
              assertThat(c.get("c").orElseThrow()).isEqualTo(7L);
              assertThat(c.get("cf").orElseThrow()).isEqualTo(7.0);
              assertThat(c.get("cs").orElseThrow()).isEqualTo("adam");
              assertThat(c.get("cat").orElseThrow()).isIn(1L, 2.5, "x", true);
              if (!method.equals("grid")) {
                assertThat(c.get("catp").orElseThrow()).isIn(16L, 32.0);
              }
            });
    assertThat(configs.stream().map(c -> c.get("cat").orElseThrow()).distinct())
        .containsExactlyInAnyOrder(1L, 2.5, "x", true);
  }

  /**
   * W&amp;B's grid turns q_uniform into {@code numpy.arange(min, max, q).tolist()}: ints when min,
   * max and q are ints, floats when any is a float; int_uniform into {@code range(min, max + 1)}.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{distribution: q_uniform, min: 8, max: 64, q: 8}|8, 16, 24, 32, 40, 48, 56",
        "{distribution: q_uniform, min: 8.0, max: 64, q: 8}|8.0, 16.0, 24.0, 32.0, 40.0, 48.0, 56.0",
        "{distribution: q_uniform, min: 8, max: 64, q: 8.0}|8.0, 16.0, 24.0, 32.0, 40.0, 48.0, 56.0",
        "{distribution: q_uniform, min: 0, max: 0.3, q: 0.1}|0.0, 0.1, 0.2",
        "{min: 1, max: 4}|1, 2, 3, 4",
      })
  void grid_givesNumpysTypes(String param, String values) throws Exception {
    List<Object> expected = new ArrayList<>();
    for (String v : values.split(", ", -1)) {
      expected.add(v.contains(".") ? (Object) Double.valueOf(v) : (Object) Long.valueOf(v));
    }
    assertThat(draw("grid", "x: " + param, 100).stream().map(c -> c.get("x").orElseThrow()))
        .containsExactlyElementsOf(expected);
  }

  @org.junit.jupiter.api.Test
  void nativeInts_wantAWholeNumberStep() throws Exception {
    Path file = dir.resolve("native.yaml");
    Files.writeString(
        file,
        """
        command: [echo, "{x}"]
        parameters:
          x: {normal: {mean: 0, sd: 1, min: -5, max: 5}, step: 0.5, ints: true}
        """);
    assertThatThrownBy(
            () -> SpecReader.read(file, FixtureEnvironment.get(), FixtureEnvironment.NOW))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(":3:")
        .hasMessageContaining(
            "x.ints: ints: true wants a whole-number step (step: 8), found the number 0.5");
  }
}
