package dev.sweep.population;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.config.Config;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A million trials fit in the heap of a laptop's analysis session. */
class PopulationScaleTest {
  static final int TRIALS = 1_000_000;

  /**
   * Trial {@code i} of a sweep with 10 parameters (7 numbers, 2 choices, a boolean) and 4 metrics.
   */
  static TrialRecord trial(int i, SplittableRandom random) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("optim.lr", Math.pow(10, -4 + 3 * random.nextDouble()));
    params.put("optim.wd", Math.pow(10, -6 + 3 * random.nextDouble()));
    params.put("optim.momentum", 0.8 + 0.19 * random.nextDouble());
    params.put("optim.name", random.nextBoolean() ? "sgd" : "adam");
    params.put("model.depth", (long) random.nextInt(10, 50));
    params.put("model.width", 16L << random.nextInt(5));
    params.put("model.act", List.of("relu", "gelu", "silu").get(random.nextInt(3)));
    params.put("train.batch", 32L << random.nextInt(4));
    params.put("train.warmup", random.nextDouble() * 5);
    params.put("train.ema", random.nextBoolean());
    double error = random.nextDouble();
    Map<String, Double> metrics =
        Map.of(
            "error",
            error,
            "loss",
            2 * error,
            "top5",
            error / 3,
            "time_s",
            100 * random.nextDouble());
    return new TrialRecord(
        i,
        "t" + i,
        params,
        Config.empty(),
        TrialStatus.COMPLETED,
        metrics,
        List.of(),
        Optional.empty(),
        Instant.EPOCH.plusSeconds(i),
        Duration.ofSeconds(60));
  }

  @Test
  void aMillionTrials_ofTenParametersAndFourMetrics_holdInUnder300Mb() {
    long before = usedAfterGc();
    Population population = population(TRIALS);
    long used = usedAfterGc() - before;

    assertThat(population.size()).isEqualTo(TRIALS);
    assertThat(used).as("heap held by the population, bytes").isLessThan(300L << 20);
    assertThat(population.columnBytes()).isLessThan(300L << 20);
    assertThat(population.trials().get(123_456)).isEqualTo(trial(123_456, replay(123_456)));
    System.out.printf(
        "1,000,000 trials: %.0f MB of heap (columns %.0f MB)%n",
        used / 1e6, population.columnBytes() / 1e6);
  }

  /** The trials streamed into a builder, which is gone when this returns. */
  static Population population(int trials) {
    Population.Builder b = Population.builder(Objective.minimize("error"));
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < trials; i++) {
      b.add(trial(i, random));
    }
    return b.build();
  }

  /** The random stream positioned as it was when trial {@code i} was drawn. */
  private static SplittableRandom replay(int i) {
    SplittableRandom random = new SplittableRandom(1);
    for (int k = 0; k < i; k++) {
      trial(k, random);
    }
    return random;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
