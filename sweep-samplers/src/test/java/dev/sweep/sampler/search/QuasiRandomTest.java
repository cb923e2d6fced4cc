package dev.sweep.sampler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.sampler.ConstraintsUnsatisfiedException;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Branches;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Sobol and Latin hypercube samples cover the space evenly, reproducibly, within its constraints.
 */
class QuasiRandomTest {
  private static final Space CUBE =
      Space.builder()
          .add("a", Floats.uniform(0, 1))
          .add("b", Floats.uniform(0, 1))
          .add("c", Floats.uniform(0, 1))
          .build();

  private static List<Sample> draw(Sampler sampler, Space space, int n) {
    Sampler.Sampling sampling = sampler.start(space);
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(sampling.ask(i));
    }
    return out;
  }

  private static int cell(Sample s, String path, int cells) {
    return (int) Math.min(cells - 1, Math.floor(s.config().getDouble(path) * cells));
  }

  @Test
  void sobol_first64Points_holdOnePointInEachOf64CellsOfEachParameter_andOfEach8x8Square() {
    for (long seed : new long[] {0, 1, 42}) {
      List<Sample> points = draw(SearchSamplers.sobol(seed), CUBE, 64);
      for (String p : List.of("a", "b", "c")) {
        Set<Integer> cells = new HashSet<>();
        points.forEach(s -> cells.add(cell(s, p, 64)));
        assertThat(cells).as("seed %d, %s", seed, p).hasSize(64);
      }
      Set<Integer> squares = new HashSet<>();
      points.forEach(s -> squares.add(cell(s, "a", 8) * 8 + cell(s, "b", 8)));
      assertThat(squares).as("seed %d", seed).hasSize(64);
    }
  }

  @Test
  void sobol_sameSeedSamePoints_otherSeedOtherPoints() {
    assertThat(draw(SearchSamplers.sobol(7), CUBE, 20))
        .isEqualTo(draw(SearchSamplers.sobol(7), CUBE, 20));
    assertThat(draw(SearchSamplers.sobol(7), CUBE, 20).get(3).params())
        .isNotEqualTo(draw(SearchSamplers.sobol(8), CUBE, 20).get(3).params());
    // trial i's point does not depend on the asks before it
    assertThat(SearchSamplers.sobol(7).start(CUBE).ask(13))
        .isEqualTo(draw(SearchSamplers.sobol(7), CUBE, 14).get(13));
  }

  @Test
  void everyKindOfParameter_andBranches_getValuesOfTheirDomains() {
    Space space =
        Space.builder()
            .add("lr", Floats.logUniform(1e-5, 1e-1))
            .add("layers", Ints.range(1, 8))
            .add("act", Choices.of("relu", "gelu"))
            .add(
                "model",
                Branches.of(
                    "cnn",
                    Space.builder().add("width", Ints.powerOfTwo(16, 256)).build(),
                    "mlp",
                    Space.builder().add("depth", Ints.range(2, 6)).build()))
            .build();
    for (Sampler sampler : List.of(SearchSamplers.sobol(3), SearchSamplers.latinHypercube(40, 3))) {
      List<Sample> samples = draw(sampler, space, 40);
      Set<Object> models = new HashSet<>();
      for (Sample s : samples) {
        assertThat(s.config().getDouble("lr")).isBetween(1e-5, 1e-1);
        assertThat(s.config().getLong("layers")).isBetween(1L, 8L);
        assertThat(s.params().get("act")).isIn("relu", "gelu");
        Object model = s.params().get("model.type");
        models.add(model);
        assertThat(s.params()).containsKey(model.equals("cnn") ? "model.width" : "model.depth");
      }
      assertThat(models).as(sampler.toString()).containsExactlyInAnyOrder("cnn", "mlp");
    }
  }

  @Test
  void latinHypercube_putsOneTrialInEachStratumOfEachParameter_andHasAsManyTrials() {
    Sampler lhs = SearchSamplers.latinHypercube(50, 11);
    List<Sample> points = draw(lhs, CUBE, 50);
    for (String p : List.of("a", "b", "c")) {
      Set<Integer> cells = new HashSet<>();
      points.forEach(s -> cells.add(cell(s, p, 50)));
      assertThat(cells).as(p).hasSize(50);
    }
    assertThat(lhs.start(CUBE).size()).hasValue(50);
    assertThatThrownBy(() -> lhs.start(CUBE).ask(50))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("trial 50 is beyond this Latin hypercube's 50 trials");
    assertThat(draw(lhs, CUBE, 50)).isEqualTo(points);
  }

  @Test
  void constraints_areMet_orNamedWhenTheyCannotBe() {
    Space half =
        CUBE.toBuilder().constraint("a below b", c -> c.getDouble("a") < c.getDouble("b")).build();
    for (Sampler sampler : List.of(SearchSamplers.sobol(5), SearchSamplers.latinHypercube(30, 5))) {
      assertThat(draw(sampler, half, 30))
          .allSatisfy(
              s -> assertThat(s.config().getDouble("a")).isLessThan(s.config().getDouble("b")));
    }
    Space none = CUBE.toBuilder().constraint("never", c -> false).build();
    assertThatThrownBy(
            () -> SobolSampler.builder().seed(5).maxAttempts(10).build().start(none).ask(0))
        .isInstanceOf(ConstraintsUnsatisfiedException.class)
        .hasMessageContaining("trial 0: no point satisfied the constraints in 10 attempts")
        .hasMessageContaining("'never' 10");
  }

  @Test
  void badArguments_areRefused() {
    assertThatThrownBy(() -> SearchSamplers.latinHypercube(0, 1))
        .hasMessage("a Latin hypercube needs at least 1 trial, got 0");
    assertThatThrownBy(() -> SobolSampler.builder().maxAttempts(0))
        .hasMessage("maxAttempts must be >= 1, got 0");
    assertThatThrownBy(() -> LatinHypercubeSampler.builder(0))
        .hasMessage("a Latin hypercube needs at least 1 trial, got 0");
    assertThatThrownBy(() -> LatinHypercubeSampler.builder(5).maxAttempts(-1))
        .hasMessage("maxAttempts must be >= 1, got -1");
  }
}
