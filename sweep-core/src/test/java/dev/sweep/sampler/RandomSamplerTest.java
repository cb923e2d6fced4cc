package dev.sweep.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.sweep.config.Config;
import dev.sweep.sampler.Sampler.Sampling;
import dev.sweep.space.Branches;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** The random sampler: reproducible per trial, rejection sampling, and distinct configs. */
class RandomSamplerTest {
  private static final Space SPACE =
      Space.builder()
          .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
          .add(
              "model",
              Branches.of(
                  "resnet", Space.builder().add("depth", Ints.range(18, 50)).build(),
                  "vit", Space.builder().add("patch", Choices.of(8, 16)).build()))
          .derive("optim.lr_x2", c -> 2 * c.getDouble("optim.lr"))
          .build();

  @Test
  void trialSample_isAFunctionOfSeedAndIndexOnly() {
    Sampling inOrder = Samplers.random(42).start(SPACE);
    List<Sample> first8 = new ArrayList<>();
    for (long i = 0; i <= 7; i++) {
      first8.add(inOrder.ask(i));
    }

    Sample alone = Samplers.random(42).start(SPACE).ask(7);

    assertThat(alone).isEqualTo(first8.get(7));
    assertThat(alone.params()).isEqualTo(first8.get(7).params());
    assertThat(alone.config()).isEqualTo(first8.get(7).config());
  }

  @Test
  void trialSample_doesNotDependOnTheOrderOfAsks() {
    Sampling backwards = Samplers.random(42).start(SPACE);
    List<Sample> reversed = new ArrayList<>();
    for (long i = 9; i >= 0; i--) {
      reversed.add(0, backwards.ask(i));
    }
    Sampling forwards = Samplers.random(42).start(SPACE);

    for (int i = 0; i < 10; i++) {
      assertThat(forwards.ask(i)).isEqualTo(reversed.get(i));
    }
  }

  @Test
  void trialSample_isTheSpaceSampledFromTheTrialsStream() {
    Sample sample = Samplers.random(42).start(SPACE).ask(3);

    Map<String, Object> expected = SPACE.sample(RandomSampler.stream(42, 3));

    assertThat(sample.index()).isEqualTo(3);
    assertThat(sample.params()).isEqualTo(expected);
    assertThat(sample.config()).isEqualTo(SPACE.toConfig(expected));
  }

  @Test
  void differentSeeds_giveDifferentSamples() {
    Sampling a = Samplers.random(1).start(SPACE);
    Sampling b = Samplers.random(2).start(SPACE);

    for (int i = 0; i < 20; i++) {
      assertThat(a.ask(i).params()).isNotEqualTo(b.ask(i).params());
    }
  }

  @Test
  void differentTrials_giveDifferentSamples() {
    Sampling sampling = Samplers.random(1).start(SPACE);
    Set<Object> lrs = new HashSet<>();

    for (int i = 0; i < 200; i++) {
      lrs.add(sampling.ask(i).params().get("optim.lr"));
    }

    assertThat(lrs).hasSize(200);
  }

  @Test
  void streams_ofNeighbouringSeedsAndIndices_areUnrelated() {
    Set<Long> firsts = new HashSet<>();
    for (long seed = 0; seed < 30; seed++) {
      for (long index = 0; index < 30; index++) {
        firsts.add(RandomSampler.stream(seed, index).nextLong());
      }
    }

    assertThat(firsts).hasSize(900);
  }

  @Test
  void rejection_returnsOnlyAllowedConfigs_withoutBiasingThem() {
    Space space =
        Space.builder()
            .add("x", Floats.uniform(0, 1))
            .constraint("x < 0.5", c -> c.getDouble("x") < 0.5)
            .build();
    Sampling sampling = Samplers.random(42).start(space);
    double[] xs = new double[2_000];

    for (int i = 0; i < xs.length; i++) {
      xs[i] = sampling.ask(i).config().getDouble("x");
    }

    assertThat(Arrays.stream(xs).max().orElseThrow()).isLessThan(0.5);
    double p =
        new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(0, 0.5), xs);
    assertThat(p).as("allowed configs stay uniform").isGreaterThan(0.01);
  }

  @Test
  void rejection_constraintsSeeDerivedValues() {
    Space space =
        SPACE.toBuilder().constraint("lr_x2 small", c -> c.getDouble("optim.lr_x2") < 2e-3).build();
    Sampling sampling = Samplers.random(42).start(space);

    for (int i = 0; i < 50; i++) {
      assertThat(sampling.ask(i).config().getDouble("optim.lr")).isLessThan(1e-3);
    }
  }

  @Test
  void impossibleConstraint_throwsAfterMaxAttempts_namingEachConstraintAndItsCount() {
    Space space =
        Space.builder()
            .add("x", Floats.uniform(0, 1))
            .constraint("never", c -> false)
            .constraint("x >= 0", c -> c.getDouble("x") >= 0)
            .build();

    assertThatThrownBy(
            () -> RandomSampler.builder().seed(42).maxAttempts(50).build().start(space).ask(0))
        .isInstanceOf(ConstraintsUnsatisfiedException.class)
        .hasMessage(
            "trial 0: no sample satisfied the constraints in 50 attempts;"
                + " rejected by: 'never' 50, 'x >= 0' 0 (one sample may fail several constraints)")
        .satisfies(
            e ->
                assertThat(((ConstraintsUnsatisfiedException) e).rejections())
                    .containsExactly(entry("never", 50L), entry("x >= 0", 0L)));
  }

  @Test
  void impossibleConstraints_countWhatEachRejected_overTheTrialsStream() {
    Space space =
        Space.builder()
            .add("x", Floats.uniform(0, 1))
            .constraint("x < 0.5", c -> c.getDouble("x") < 0.5)
            .constraint("x >= 0.5", c -> c.getDouble("x") >= 0.5)
            .build();
    // Replay trial 5's stream: each draw fails exactly one of the two constraints.
    SplittableRandom stream = RandomSampler.stream(7, 5);
    long small = 0;
    for (int i = 0; i < 100; i++) {
      small += (Double) space.sample(stream).get("x") < 0.5 ? 1 : 0;
    }

    assertThatThrownBy(
            () -> RandomSampler.builder().seed(7).maxAttempts(100).build().start(space).ask(5))
        .isInstanceOf(ConstraintsUnsatisfiedException.class)
        .hasMessage(
            "trial 5: no sample satisfied the constraints in 100 attempts; rejected by: 'x < 0.5' "
                + (100 - small)
                + ", 'x >= 0.5' "
                + small
                + " (one sample may fail several constraints)");
    assertThat(small).isBetween(30L, 70L);
  }

  @Test
  void defaultMaxAttempts_isAThousand() {
    Space space = Space.builder().add("x", Choices.of(1)).constraint("never", c -> false).build();

    assertThatThrownBy(() -> Samplers.random(1).start(space).ask(0))
        .hasMessage(
            "trial 0: no sample satisfied the constraints in 1000 attempts;"
                + " rejected by: 'never' 1000 (one sample may fail several constraints)");
  }

  @Test
  void rejectionCounts_areForTheFailingTrialOnly() {
    AtomicInteger calls = new AtomicInteger();
    Space space =
        Space.builder()
            .add("x", Floats.uniform(0, 1))
            .constraint("third call only", c -> calls.incrementAndGet() == 3)
            .build();
    Sampling sampling = RandomSampler.builder().seed(1).maxAttempts(5).build().start(space);

    sampling.ask(0); // rejected twice, then allowed

    assertThatThrownBy(() -> sampling.ask(1))
        .hasMessage(
            "trial 1: no sample satisfied the constraints in 5 attempts;"
                + " rejected by: 'third call only' 5 (one sample may fail several constraints)");
  }

  @Test
  void distinct_neverRepeatsAConfig_andThrowsWhenTheSpaceIsExhausted() {
    Space space = Space.builder().add("a", Choices.of(1, 2, 3)).add("b", Choices.bool()).build();
    Sampling sampling = RandomSampler.builder().seed(42).distinct(true).build().start(space);
    Set<Map<String, Object>> seen = new HashSet<>();

    for (int i = 0; i < 6; i++) {
      assertThat(seen.add(sampling.ask(i).params())).as("trial %d is new", i).isTrue();
    }

    assertThatThrownBy(() -> sampling.ask(6))
        .isInstanceOf(ConstraintsUnsatisfiedException.class)
        .hasMessage(
            "trial 6: no sample satisfied the constraints in 1000 attempts;"
                + " rejected by: 'duplicate of an earlier trial' 1000 (one sample may fail several constraints)")
        .satisfies(
            e ->
                assertThat(((ConstraintsUnsatisfiedException) e).rejections())
                    .containsExactly(entry("duplicate of an earlier trial", 1000L)));
  }

  @Test
  void distinct_withConstraints_countsDuplicatesAndRejectionsApart() {
    Space space =
        Space.builder()
            .add("a", Choices.of(1, 2, 3))
            .add("b", Choices.bool())
            .constraint("a is not 2", c -> c.getLong("a") != 2)
            .build();
    Sampling sampling =
        RandomSampler.builder().seed(42).distinct(true).maxAttempts(200).build().start(space);
    for (int i = 0; i < 4; i++) {
      assertThat(sampling.ask(i).config().getLong("a")).isNotEqualTo(2L);
    }

    assertThatThrownBy(() -> sampling.ask(4))
        .isInstanceOf(ConstraintsUnsatisfiedException.class)
        .satisfies(
            e -> {
              Map<String, Long> rejections = ((ConstraintsUnsatisfiedException) e).rejections();
              assertThat(rejections)
                  .containsOnlyKeys("a is not 2", "duplicate of an earlier trial");
              assertThat(rejections.values().stream().mapToLong(Long::longValue).sum())
                  .isEqualTo(200);
              assertThat(e)
                  .hasMessage(
                      "trial 4: no sample satisfied the constraints in 200 attempts; rejected by:"
                          + " 'a is not 2' "
                          + rejections.get("a is not 2")
                          + ", 'duplicate of an earlier trial' "
                          + rejections.get("duplicate of an earlier trial")
                          + " (one sample may fail several constraints)");
            });
  }

  @Test
  void distinct_isReproducible() {
    Space space = Space.builder().add("a", Ints.range(1, 10)).add("b", Choices.bool()).build();
    Sampling one = RandomSampler.builder().seed(3).distinct(true).build().start(space);
    Sampling two = RandomSampler.builder().seed(3).distinct(true).build().start(space);

    for (int i = 0; i < 20; i++) {
      assertThat(one.ask(i)).isEqualTo(two.ask(i));
    }
  }

  @Test
  void withoutDistinct_smallSpacesRepeatConfigs() {
    Space space = Space.builder().add("a", Choices.of(1, 2)).build();
    Sampling sampling = Samplers.random(42).start(space);
    Set<Object> seen = new HashSet<>();

    for (int i = 0; i < 20; i++) {
      seen.add(sampling.ask(i).params());
    }

    assertThat(seen).hasSize(2);
  }

  @Test
  void random_hasNoSize() {
    assertThat(Samplers.random(1).start(SPACE).size()).isEmpty();
  }

  @Test
  void maxAttemptsBelowOne_isRefused() {
    assertThatThrownBy(() -> RandomSampler.builder().seed(1).maxAttempts(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be >= 1, got 0");
  }

  @Test
  void copies_keepTheOtherSettings() {
    RandomSampler sampler = RandomSampler.builder().seed(42).distinct(true).maxAttempts(5).build();

    assertThat(sampler.seed()).isEqualTo(42);
    assertThat(sampler).hasToString("random(seed=42, distinct)");
    assertThat(Samplers.random(7)).hasToString("random(seed=7)");
  }

  @Test
  void sample_nameIsReadableAndConfigHoldsEverything() {
    Space space =
        Space.builder()
            .base(Config.ofFlat(Map.of("epochs", 3)))
            .add("lr", Choices.of(0.1))
            .add("wd", Choices.of(1e-4))
            .build();

    Sample sample = Samplers.random(1).start(space).ask(0);

    assertThat(sample.params()).containsExactly(entry("lr", 0.1), entry("wd", 1e-4));
    assertThat(sample.config().toMap()).containsOnlyKeys("epochs", "lr", "wd");
    assertThat(sample.name()).contains("lr=0.1").contains("wd=");
  }

  @Test
  @SuppressWarnings("removal")
  void theDeprecatedCopyWithersGiveTheSamplerTheBuilderGives() {
    Space space = Space.builder().add("x", Ints.range(0, 1_000_000)).build();
    Sampling old = Samplers.random(42).distinct().maxAttempts(7).start(space);
    Sampling built =
        RandomSampler.builder().seed(42).distinct(true).maxAttempts(7).build().start(space);
    for (long i = 0; i < 20; i++) {
      assertThat(old.ask(i).params()).isEqualTo(built.ask(i).params());
    }
    assertThat(Samplers.random(42).distinct().toString()).isEqualTo("random(seed=42, distinct)");
  }

  @Test
  void theBuilderRefusesABadBoundAsItComes() {
    assertThatThrownBy(() -> RandomSampler.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be >= 1, got 0");
  }
}
