package dev.sweep.sampler.search;

import static dev.sweep.sampler.search.Trials.completed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Branches;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * What TPE guarantees with parallel workers: its configs are a function of the seed and the order
 * of asks and tells. Any schedule of asks and tells, replayed, gives the same configs; a sequential
 * schedule gives the same configs whatever else differs.
 */
class TpeDeterminismPropertyTest {
  private static final Space SPACE =
      Space.builder()
          .add("lr", Floats.logUniform(1e-5, 1e-1))
          .add("layers", Ints.range(1, 8))
          .add(
              "model",
              Branches.of(
                  "a",
                  Space.builder().add("w", Floats.uniform(0, 1)).build(),
                  "b",
                  Space.builder().add("act", Choices.of("relu", "tanh")).build()))
          .build();

  private static double loss(Sample s) {
    double lr = Math.log10(s.config().getDouble("lr")) + 3;
    return lr * lr
        + s.config().getLong("layers") / 8.0
        + (s.params().get("model.type").equals("a") ? 0.5 : 0);
  }

  /**
   * Runs {@code trials} trials with up to {@code workers} running at once; which finishes next is
   * drawn from {@code schedule}.
   */
  private static List<Map<String, Object>> run(
      Sampler sampler, int trials, int workers, long schedule) {
    Sampler.Sampling sampling = sampler.start(SPACE);
    SplittableRandom order = new SplittableRandom(schedule);
    List<Sample> running = new ArrayList<>();
    List<Map<String, Object>> configs = new ArrayList<>();
    int asked = 0;
    while (asked < trials || !running.isEmpty()) {
      if (asked < trials
          && running.size() < workers
          && (running.isEmpty() || order.nextBoolean())) {
        Sample s = sampling.ask(asked++);
        configs.add(s.params());
        running.add(s);
      } else {
        Sample done = running.remove(order.nextInt(running.size()));
        sampling.tell(completed(done, loss(done)));
      }
    }
    return configs;
  }

  @Property(seed = "42", tries = 15)
  void theSameScheduleOfAsksAndTells_givesTheSameConfigs(
      @ForAll @IntRange(min = 1, max = 6) int workers,
      @ForAll long schedule,
      @ForAll boolean multivariate) {
    TpeSampler tpe =
        TpeSampler.builder().seed(5).multivariate(multivariate).startupTrials(5).build();
    assertThat(run(tpe, 40, workers, schedule)).isEqualTo(run(tpe, 40, workers, schedule));
  }

  @Property(seed = "42", tries = 10)
  void oneWorker_givesTheSameConfigsWhateverTheSchedule(@ForAll long a, @ForAll long b) {
    TpeSampler tpe = TpeSampler.builder().seed(8).startupTrials(5).build();
    assertThat(run(tpe, 40, 1, a)).isEqualTo(run(tpe, 40, 1, b));
  }

  @Property(seed = "42", tries = 10)
  void theStartupTrials_dependOnTheSeedAndIndexAlone(
      @ForAll @IntRange(min = 2, max = 6) int workers, @ForAll long schedule) {
    TpeSampler tpe = TpeSampler.builder().seed(3).startupTrials(10).build();
    // while fewer than 10 trials have finished, every ask is random: at least the first 10 agree
    assertThat(run(tpe, 30, workers, schedule).subList(0, 10))
        .isEqualTo(run(tpe, 30, 1, 0).subList(0, 10));
  }
}
