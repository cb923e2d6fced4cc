package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.config.Config;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Sampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * pycls sweep configs draw what pycls's samplers draw (their conversions are pinned by {@link
 * FormatFixturesTest}).
 */
class PyclsFormatTest {

  private static List<Config> sample(String fixture, int n) throws Exception {
    Path file =
        FormatFixturesTest.fixtures("pycls", "good")
            .filter(p -> p.getFileName().toString().equals(fixture))
            .findFirst()
            .orElseThrow();
    SweepSpec spec = SpecReader.read(file, FixtureEnvironment.get(), FixtureEnvironment.NOW);
    Sampler sampler =
        spec.sampler() instanceof RandomSampler r
            ? r.toBuilder().distinct(false).build() // the draws of pycls's samplers, repeats kept
            : spec.sampler();
    Sampler.Sampling sampling = sampler.start(spec.space());
    List<Config> configs = new ArrayList<>();
    for (int i = 0; i < n && sampling.size().orElse(Long.MAX_VALUE) > i; i++) {
      configs.add(sampling.ask(i).config());
    }
    return configs;
  }

  @Test
  void power2OrLogUniform_hasPyclsProbabilities() throws Exception {
    List<Config> draws = sample("power2-or-log.yaml", 12_000); // RANGE [1, 32], QUANTIZE 8
    double ones = draws.stream().filter(c -> c.getDouble("ANYNET.GROUP_W") == 1).count() / 12_000.0;
    double twentyFours =
        draws.stream().filter(c -> c.getDouble("ANYNET.GROUP_W") == 24).count() / 12_000.0;
    assertThat(ones).isCloseTo(1 / 6.0, within(0.015)); // one of six powers of two, below QUANTIZE
    assertThat(twentyFours)
        .isCloseTo(0.5 * Math.log(1.5) / Math.log(8), within(0.015)); // log-uniform on (4, 32]
  }

  @Test
  void intUniform_coversItsGridEndsIncluded_andCifarBestRunsEveryConfig() throws Exception {
    assertThat(
            sample("int-uniform.yaml", 2000).stream()
                .map(c -> c.get("ANYNET.STEM_W").orElseThrow()))
        .containsOnly(16L, 24L, 32L, 40L, 48L, 56L, 64L)
        .contains(16L, 64L);
    List<Config> best = sample("seed-cifar-best.yaml", 100);
    assertThat(best).hasSize(12);
    assertThat(
            new HashSet<>(
                best.stream()
                    .map(
                        c ->
                            c.get("OPTIM.MAX_EPOCH").orElseThrow()
                                + "/"
                                + c.get("RNG_SEED").orElseThrow())
                    .toList()))
        .hasSize(12);
  }

  @Test
  void regnetStages_asPyclsGeneratesThem() {
    assertThat(PyclsConstraints.regnetStages(19.5, 96, 2.942, 12))
        .containsExactly(2, 2); // cifar_best's model
    assertThat(PyclsConstraints.regnetStages(36.44, 24, 2.49, 13))
        .containsExactly(4, 4); // RegNetX-200MF
  }

  @Test
  void regnetSampler_drawsPyclsRanges_andKeepsOnlyTwoStageModels() throws Exception {
    List<Config> draws =
        sample(
            "regnet-sampler.yaml",
            300); // cifar_regnet: DEPTH [6, 16], GROUP_W [1, 32], NUM_STAGES [2, 2]
    assertThat(draws)
        .hasSize(300)
        .allSatisfy(
            c -> {
              assertThat(c.getInt("REGNET.DEPTH")).isBetween(6, 16);
              assertThat(c.getDouble("REGNET.W0")).isBetween(8.0, 256.0);
              assertThat(c.getDouble("REGNET.W0") % 8).isZero();
              assertThat(c.getDouble("REGNET.WA")).isBetween(8.0, 256.0);
              assertThat(c.getDouble("REGNET.WM")).isBetween(2.0, 3.0);
              assertThat(c.getDouble("REGNET.GROUP_W")).isIn(1.0, 2.0, 4.0, 8.0, 16.0, 24.0, 32.0);
              assertThat(c.getDouble("REGNET.BOT_MUL")).isEqualTo(1.0);
              assertThat(c.getString("REGNET.STEM_TYPE"))
                  .isEqualTo("res_stem_cifar"); // BASE_CFG's, beside the sampled ones
              int[] stages =
                  PyclsConstraints.regnetStages(
                      c.getDouble("REGNET.WA"),
                      c.getDouble("REGNET.W0"),
                      c.getDouble("REGNET.WM"),
                      c.getInt("REGNET.DEPTH"));
              assertThat(stages[0]).as("stages of %s", c).isEqualTo(stages[1]).isEqualTo(2);
            });
    assertThat(draws.stream().map(c -> c.getInt("REGNET.DEPTH")).distinct().count())
        .isGreaterThan(5);
  }

  @Test
  void floatUniform_drawsEveryMultipleEquallyOften_endsIncluded() throws Exception {
    List<Config> draws =
        sample("launch-gpus.yaml", 9000); // OPTIM.BASE_LR uniform [0.1, 0.9], QUANTIZE 0.1
    for (double v : new double[] {0.1, 0.5, 0.9}) {
      double share = draws.stream().filter(c -> c.getDouble("OPTIM.BASE_LR") == v).count() / 9000.0;
      assertThat(share)
          .as("share of %s", v)
          .isCloseTo(1 / 9.0, within(0.015)); // pycls floors U[0.1, 1.0)
    }
    assertThat(draws.stream().map(c -> c.getDouble("OPTIM.BASE_LR")).distinct().count())
        .isEqualTo(9);
  }

  /**
   * sweep_setup.py keeps a config only once (keyed by its sampled values): nine configs drawn from
   * a space of nine values are all of them, never a repeat.
   */
  @Test
  void setupKeepsUniqueConfigs_asSweepSetupDoes() throws Exception {
    Path file =
        FormatFixturesTest.fixtures("pycls", "good")
            .filter(p -> p.getFileName().toString().equals("launch-gpus.yaml"))
            .findFirst()
            .orElseThrow();
    SweepSpec spec = SpecReader.read(file, FixtureEnvironment.get(), FixtureEnvironment.NOW);
    assertThat(spec.sampler()).hasToString("random(seed=0, distinct)");
    Sampler.Sampling sampling = spec.sampler().start(spec.space());
    List<Double> lrs = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      lrs.add(sampling.ask(i).config().getDouble("OPTIM.BASE_LR"));
    }
    assertThat(lrs).doesNotHaveDuplicates().hasSize(9); // OPTIM.BASE_LR: 0.1, 0.2, …, 0.9
  }
}
