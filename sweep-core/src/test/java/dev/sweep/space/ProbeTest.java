package dev.sweep.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.config.Config;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A probe measures a config before it runs: constraints see its values, populations record them as
 * columns, and the config the runner gets does not hold them.
 */
class ProbeTest {
  private final AtomicInteger calls = new AtomicInteger();

  private Space space(double maxFlops) {
    return Space.builder()
        .add("width", Ints.range(1, 64))
        .derive("width2", c -> 2 * c.getLong("width"))
        .probe(
            c -> {
              calls.incrementAndGet();
              long w = c.getLong("width");
              return Map.of("cx.flops", 1000.0 * w * w);
            })
        .constraint("small", c -> c.getDouble("cx.flops") <= maxFlops)
        .build();
  }

  @Test
  void constraintsSeeProbedValues_theConfigDoesNot() {
    Space space = space(100_000);
    for (long seed = 0; seed < 50; seed++) {
      Map<String, Object> params = space.sample(new SplittableRandom(seed));
      Config config = space.toConfig(params);
      long w = ((Number) params.get("width")).longValue();
      assertThat(space.constraints().get(0).allows(config)).isEqualTo(w * w * 1000.0 <= 100_000);
      assertThat(config.has("cx")).as("probed values stay out of the config").isFalse();
    }
  }

  @Test
  void columns_areSampledThenDerivedThenProbedValues() {
    Space space = space(1e9);
    Config config = space.toConfig(Map.of("width", 3L));
    assertThat(space.columns(Map.of("width", 3L), config))
        .containsExactly(
            Map.entry("width", 3L), Map.entry("width2", 6L), Map.entry("cx.flops", 9000.0));
  }

  @Test
  void eachDistinctConfig_isProbedOnce() {
    Space space = space(1e9);
    Config config = space.toConfig(Map.of("width", 5L));
    space.constraints().get(0).allows(config);
    space.probe(config);
    space.columns(Map.of("width", 5L), space.toConfig(Map.of("width", 5L)));
    assertThat(calls).hasValue(1);
  }

  private static Space failing() {
    return Space.builder()
        .add("width", Ints.range(1, 4))
        .probe(
            c -> {
              throw new IllegalArgumentException("no model of width " + c.getLong("width"));
            })
        .constraint("small", c -> c.getDouble("flops") < 10)
        .build();
  }

  @Test
  void aFailingProbe_namesTheConfig() {
    Space space = failing();
    assertThatThrownBy(() -> space.probe(space.toConfig(Map.of("width", 2L))))
        .isInstanceOf(ProbeException.class)
        .hasMessage("probe failed on config {\"width\":2}: no model of width 2");
  }

  /** The probe's failure is no constraint's: a sweep stops on it as it is. */
  @Test
  void aFailingProbe_passesThroughTheConstraintItFeeds() {
    Space space = failing();
    assertThatThrownBy(() -> space.constraints().get(0).allows(space.toConfig(Map.of("width", 3L))))
        .isInstanceOf(ProbeException.class)
        .hasMessage("probe failed on config {\"width\":3}: no model of width 3");
  }

  @Test
  void aProbeValueThatIsNoScalar_isRefused() {
    Space space =
        Space.builder().add("w", Ints.range(1, 4)).probe(c -> Map.of("cx", Map.of())).build();
    assertThatThrownBy(() -> space.probe(space.toConfig(Map.of("w", 2L))))
        .hasMessageContaining("probe gave cx = {} on config {\"w\":2}; values must be numbers");
  }
}
