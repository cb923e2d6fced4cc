package dev.sweep.space;

import static dev.sweep.space.Stats.ALPHA;
import static dev.sweep.space.Stats.DRAWS;
import static dev.sweep.space.Stats.chiSquareP;
import static dev.sweep.space.Stats.counts;
import static dev.sweep.space.Stats.drawObjects;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** How choices, weighted choices, booleans and constants draw values. */
class ChoiceDomainTest {

  @Test
  void of_eachValueIsEquallyLikely() {
    List<Object> values = List.of("sgd", "adam", "lamb", "lion");

    long[] observed =
        counts(values, drawObjects(Choices.of("sgd", "adam", "lamb", "lion"), 42, DRAWS));

    assertThat(chiSquareP(Stats.uniform(4), observed)).isGreaterThan(ALPHA);
  }

  @Test
  void weighted_frequenciesMatchTheWeights() {
    Map<String, Double> weights = new LinkedHashMap<>();
    weights.put("none", 1.0);
    weights.put("flip", 3.0);
    weights.put("crop", 6.0);

    long[] observed =
        counts(List.of("none", "flip", "crop"), drawObjects(Choices.weighted(weights), 42, DRAWS));

    assertThat(chiSquareP(new double[] {0.1, 0.3, 0.6}, observed)).isGreaterThan(ALPHA);
    assertThat(chiSquareP(Stats.uniform(3), observed)).as("power: not uniform").isLessThan(1e-6);
  }

  @Test
  void weighted_parallelLists_matchTheWeights() {
    ChoiceDomain domain = Choices.weighted(List.of(32, 64, 128), 2, 1, 1);

    long[] observed = counts(List.of(32L, 64L, 128L), drawObjects(domain, 42, DRAWS));

    assertThat(chiSquareP(new double[] {0.5, 0.25, 0.25}, observed)).isGreaterThan(ALPHA);
  }

  @Test
  void weighted_zeroWeight_isNeverDrawn() {
    ChoiceDomain domain = Choices.weighted(List.of("a", "b", "c"), 0, 1, 0);

    assertThat(drawObjects(domain, 42, 1_000)).containsOnly("b");
  }

  @Test
  void weighted_zeroWeight_isNeverDrawn_evenAtTheTopOfTheRandomRange() {
    RandomGenerator top = () -> -1L; // nextDouble() is the largest double below 1
    ChoiceDomain domain = Choices.weighted(List.of("a", "b", "c", "never"), 0.1, 0.2, 0.7, 0);

    assertThat(domain.sample(top)).isEqualTo("c");
  }

  @Test
  void probabilities_areTheNormalisedWeights() {
    assertThat(Choices.weighted(List.of("a", "b"), 1, 3).probabilities())
        .containsExactly(0.25, 0.75);
    assertThat(Choices.of("a", "b", "c", "d").probabilities())
        .containsExactly(0.25, 0.25, 0.25, 0.25);
  }

  @Test
  void bool_drawsTrueAndFalseEquallyOften() {
    long[] observed = counts(List.of(true, false), drawObjects(Choices.bool(), 42, DRAWS));

    assertThat(chiSquareP(Stats.uniform(2), observed)).isGreaterThan(ALPHA);
    assertThat(Choices.bool().gridValues()).contains(List.of(true, false));
  }

  @Test
  void constant_isAlwaysTheSameValue() {
    assertThat(drawObjects(Choices.constant(10), 42, 100)).containsOnly(10L);
    assertThat(Choices.constant("x").gridValues()).contains(List.of("x"));
  }

  @Test
  void values_areNormalisedToTheConfigValueModel() {
    ChoiceDomain domain = Choices.of(32, 64.0f, "x", List.of(1, 2));

    assertThat(domain.values()).containsExactly(32L, 64.0, "x", List.of(1L, 2L));
    assertThat(drawObjects(domain, 42, 200)).containsOnlyElementsOf(domain.values());
  }

  @Test
  void gridValues_areTheValuesInTheOrderGiven() {
    assertThat(Choices.of("c", "a", "b").gridValues()).contains(List.of("c", "a", "b"));
    assertThat(Choices.of(List.of(3, 1, 2)).gridValues()).contains(List.of(3L, 1L, 2L));
    assertThat(Choices.weighted(List.of("x", "y"), 9, 1).gridValues()).contains(List.of("x", "y"));
  }

  @Test
  void describe_namesKindAndValues() {
    assertThat(Choices.of("sgd", "adam").describe()).isEqualTo("choice[sgd, adam]");
    assertThat(Choices.weighted(List.of("a", "b"), 1, 2).describe())
        .isEqualTo("weightedChoice[a, b]");
    assertThat(Choices.bool().describe()).isEqualTo("bool[true, false]");
    assertThat(Choices.constant(10).toString()).isEqualTo("constant[10]");
  }
}
