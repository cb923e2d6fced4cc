package dev.sweep.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.sampler.Sampler.Sampling;
import dev.sweep.space.Choices;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run of a shared sweep passes over the indices other runs sample ({@link Sampling#skip}) and
 * still gives each index it asks for the sample that one run asking for every index would.
 */
class SamplingSkipTest {
  private static final Space SPACE =
      Space.builder()
          .add("x", Choices.of(0.1, 0.2, 0.3))
          .add("n", Ints.range(0, 3))
          .add("c", Choices.of("a", "b"))
          .build();

  static Stream<Sampler> samplers() {
    return Stream.of(
        Samplers.random(7),
        RandomSampler.builder().seed(7).distinct(true).build(),
        Samplers.grid());
  }

  @ParameterizedTest
  @MethodSource("samplers")
  void skippingEveryOtherIndexLeavesTheOthersSamplesAsTheyWere(Sampler sampler) {
    Sampling alone = sampler.start(SPACE);
    List<Map<String, Object>> expected = new ArrayList<>();
    for (long i = 0; i < 16; i++) {
      expected.add(alone.ask(i).params());
    }
    Sampling shared = sampler.start(SPACE);
    for (long i = 0; i < 16; i++) {
      if (i % 2 == 0) {
        shared.skip(i);
      } else {
        assertThat(shared.ask(i).params())
            .as("%s, trial %d", sampler, i)
            .isEqualTo(expected.get((int) i));
      }
    }
  }
}
