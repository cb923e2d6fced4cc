package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.config.Config;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep file's constraints: expressions over the config that every trial's config satisfies. */
class ConstraintSpecTest {
  @TempDir Path dir;

  private Path file(String yaml) throws IOException {
    return Files.writeString(dir.resolve("c.yaml"), yaml);
  }

  private SweepSpec spec(String yaml) throws IOException {
    return SweepSpec.read(file(yaml));
  }

  private void fails(String yaml, String message) throws IOException {
    Path f = file(yaml);
    assertThatThrownBy(() -> SweepSpec.read(f))
        .isInstanceOf(SpecException.class)
        .hasMessage(f + ":" + message);
  }

  private static List<Config> sampled(SweepSpec spec, int n) {
    Sampler.Sampling sampling = spec.sampler().start(spec.space());
    List<Config> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Sample s = sampling.ask(i);
      out.add(s.config());
    }
    return out;
  }

  private static final String HEAD =
      "trials: 200\ncommand: [/bin/true]\nsampler: {type: random, seed: 3}\n";

  @Test
  void everySampledConfigSatisfiesEveryConstraint() throws IOException {
    SweepSpec spec =
        spec(
            HEAD
                + """
        base: {train: {scale: 2}}
        parameters:
          optim: {lr: {log_uniform: [1.0e-4, 1.0]}, name: {choice: [sgd, adam]}, momentum: {uniform: [0, 0.99]}}
          train.batch: {choice: [16, 32, 64, 128]}
        constraints:
          - optim.lr / train.batch <= 0.004
          - 'optim.name != "sgd" || optim.momentum > 0.5'
          - train.scale * train.batch >= 64
        """);

    List<Config> configs = sampled(spec, 200);
    assertThat(configs)
        .allSatisfy(
            c -> {
              assertThat(c.getDouble("optim.lr") / c.getInt("train.batch"))
                  .isLessThanOrEqualTo(0.004);
              assertThat(
                      c.getString("optim.name").equals("adam")
                          || c.getDouble("optim.momentum") > 0.5)
                  .isTrue();
              assertThat(c.getInt("train.batch")).isGreaterThanOrEqualTo(32);
            });
    // and they bite: batch 16 is drawn from the choice but never run, and a large lr only with a
    // large batch
    assertThat(configs.stream().map(c -> c.getInt("train.batch")).distinct())
        .containsExactlyInAnyOrder(32, 64, 128);
    assertThat(configs.stream().filter(c -> c.getDouble("optim.lr") > 0.13))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.getInt("train.batch")).isGreaterThan(32));
    assertThat(spec.space().constraints())
        .extracting(dev.sweep.space.Constraint::name)
        .containsExactly(
            "optim.lr / train.batch <= 0.004",
            "optim.name != \"sgd\" || optim.momentum > 0.5",
            "train.scale * train.batch >= 64");
  }

  @Test
  void aGridSkipsThePointsThatBreakAConstraint() throws IOException {
    SweepSpec spec =
        spec(
            """
        command: [/bin/true]
        sampler: grid
        parameters: {depth: {choice: [8, 16, 32]}, width: {choice: [64, 128, 256]}}
        constraints: ["depth * width <= 2048"]
        """);
    Sampler.Sampling sampling = spec.sampler().start(spec.space());
    assertThat(sampling.size()).hasValue(6); // 16 x 256, 32 x 128 and 32 x 256 are left out
    List<String> run = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      run.add(sampling.ask(i).name());
    }
    assertThat(run)
        .containsExactlyInAnyOrder(
            "depth=8,width=64",
            "depth=8,width=128",
            "depth=8,width=256",
            "depth=16,width=64",
            "depth=16,width=128",
            "depth=32,width=64");
  }

  @Test
  void regnetStagesCountsWhatPyclsCounts() throws IOException {
    SweepSpec spec =
        spec(
            HEAD
                + """
        parameters:
          REGNET: {DEPTH: {int: [6, 16]}, W0: {multiple_of: {of: 8, min: 8, max: 256}}, WA: {log_uniform: [8.0, 256.0]}, WM: {log_uniform: [2.0, 3.0]}}
        constraints: ["REGNET_STAGES(REGNET.DEPTH, REGNET.W0, REGNET.WA, REGNET.WM) == 2"]
        """);
    assertThat(sampled(spec, 100))
        .allSatisfy(
            c -> {
              int[] stages =
                  PyclsConstraints.regnetStages(
                      c.getDouble("REGNET.WA"),
                      c.getDouble("REGNET.W0"),
                      c.getDouble("REGNET.WM"),
                      c.getInt("REGNET.DEPTH"));
              assertThat(stages[0]).isEqualTo(stages[1]).isEqualTo(2);
            });
  }

  @Test
  void anExpressionThatDoesNotParse_isAnErrorAtItsLine() throws IOException {
    fails(
        HEAD + "parameters: {x: {uniform: [0, 1]}}\nconstraints:\n  - x <= (1\n",
        "6:5: constraints[0]: 'x <= (1' does not parse: Closing brace not found");
  }

  @Test
  void anUnknownField_isNamedWithTheClosest() throws IOException {
    fails(
        HEAD + "parameters: {optim.lr: {uniform: [0, 1]}}\nconstraints: [\"optim.lrr < 0.5\"]\n",
        "5:15: constraints[0]: 'optim.lrr < 0.5' names 'lrr', which no config has; did you mean 'lr'? (configs have lr, optim)");
  }

  @Test
  void anExpressionThatIsNotTrueOrFalse_isRefused() throws IOException {
    Path f = file(HEAD + "parameters: {x: {uniform: [0, 1]}}\nconstraints: [\"x * 2\"]\n");
    assertThatThrownBy(() -> SweepSpec.read(f))
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith(f + ":5:15: constraints[0]: 'x * 2' is ")
        .hasMessageEndingWith(", not true or false; a constraint is a comparison, such as x <= 4");
  }

  @Test
  void aConstraintIsAnExpression_notAMapping() throws IOException {
    fails(
        HEAD + "parameters: {x: {uniform: [0, 1]}}\nconstraints: [{x: 1}]\n",
        "5:15: constraints[0]: wanted an expression such as \"model.depth * model.width <= 4096\", found a mapping");
    fails(
        HEAD + "parameters: {x: {uniform: [0, 1]}}\nconstraints: x < 1\n",
        "5:14: constraints: wanted a list of expressions, such as [\"optim.lr / train.batch <= 0.004\"], found the string 'x < 1'");
  }

  @Test
  void constraintsNothingSatisfies_stopTheSweepWithTheirNames() throws IOException {
    SweepSpec spec = spec(HEAD + "parameters: {x: {uniform: [0, 1]}}\nconstraints: [\"x > 2\"]\n");
    Sampler.Sampling sampling = spec.sampler().start(spec.space());
    assertThatThrownBy(() -> sampling.ask(0)).hasMessageContaining("x > 2");
  }

  @Test
  void theAsRunCopyKeepsTheConstraints() throws IOException {
    SweepSpec spec =
        spec(HEAD + "parameters: {x: {uniform: [0, 1]}}\nconstraints: [\"x < 0.5\"]\n");
    assertThat(spec.asRunYaml()).contains("constraints:\n- \"x < 0.5\"");
  }
}
