package dev.sweep.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Result;
import dev.sweep.Runner;
import dev.sweep.Sweep;
import dev.sweep.config.Config;
import dev.sweep.population.Population;
import dev.sweep.space.Branches;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A random sweep gives trial {@code i} the same config whatever the number of threads and the order
 * in which trials finish: configs are a function of the seed and the trial id only.
 */
@Timeout(60)
class ThreadIndependenceTest {
  private static final long SEED = 2024;
  private static final int TRIALS = 200;
  private static final Space SPACE =
      Space.builder()
          .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
          .add("optim.momentum", Floats.uniform(0.8, 0.99).quantized(0.01))
          .add(
              "model",
              Branches.of(
                  "resnet", Space.builder().add("depth", Ints.range(18, 50)).build(),
                  "vit",
                      Space.builder()
                          .add("patch", Choices.of(8, 16))
                          .add("heads", Ints.powerOfTwo(4, 16))
                          .build()))
          .derive(
              "optim.lr_x_momentum", c -> c.getDouble("optim.lr") * c.getDouble("optim.momentum"))
          .constraint("lr_x_momentum small", c -> c.getDouble("optim.lr_x_momentum") < 0.02)
          .build();

  /** 300 configs: a distinct sweep of 200 trials redraws many duplicates. */
  private static final Space SMALL =
      Space.builder()
          .add("a", Ints.range(0, 29))
          .add("b", Ints.powerOfTwo(1, 16))
          .add("c", Choices.bool())
          .build();

  @Test
  void oneThreadAndFourThreads_giveEachTrialTheSameConfig() {
    Outcome one = sweep(SPACE, Samplers.random(SEED), 1, false);
    Outcome four = sweep(SPACE, Samplers.random(SEED), 4, true);

    assertThat(one.configs).hasSize(TRIALS);
    assertThat(four.configs).isEqualTo(one.configs);
    assertThat(four.params).isEqualTo(one.params);
    assertThat(four.values).as("the runner saw the same configs").isEqualTo(one.values);
    assertThat(four.threads).as("four workers ran trials").hasSize(4);
    assertThat(four.returnOrder.indexOf(1L))
        .as("trial 1 finished before trial 0")
        .isLessThan(four.returnOrder.indexOf(0L));
    for (long id = 0; id < TRIALS; id += 37) {
      assertThat(one.configs.get(id))
          .isEqualTo(Samplers.random(SEED).start(SPACE).ask(id).config());
    }
  }

  /** Distinct sampling makes trial i depend on trials 0..i-1: the sweep must ask in id order. */
  @Test
  void distinctSampling_oneThreadAndFourThreads_giveEachTrialTheSameConfig() {
    Outcome one = sweep(SMALL, RandomSampler.builder().seed(SEED).distinct(true).build(), 1, false);
    Outcome four = sweep(SMALL, RandomSampler.builder().seed(SEED).distinct(true).build(), 4, true);

    assertThat(one.configs).hasSize(TRIALS);
    assertThat(Set.copyOf(one.configs.values())).as("no config twice").hasSize(TRIALS);
    assertThat(four.configs).isEqualTo(one.configs);
    assertThat(four.threads).hasSize(4);
  }

  @Test
  void sweepsStartedTogether_shareOneSamplerWithoutInterfering() throws Exception {
    RandomSampler shared = Samplers.random(SEED);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (int threads : new int[] {1, 2, 4}) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return sweep(SPACE, shared, threads, false);
                }));
      }
      start.countDown();

      Outcome reference = futures.get(0).get(30, TimeUnit.SECONDS);
      for (Future<Outcome> f : futures) {
        assertThat(f.get(30, TimeUnit.SECONDS).configs).isEqualTo(reference.configs);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private record Outcome(
      Map<Long, Config> configs,
      Map<Long, Map<String, Object>> params,
      Map<Long, Double> values,
      Set<String> threads,
      List<Long> returnOrder) {}

  /**
   * Runs the sweep with a runner that computes a trivial function of the config after a tiny random
   * pause. With {@code startTogether}, the first four trials wait for each other (so four run at
   * once) and trial 0 waits until trial 1 has returned, so they surely finish out of order.
   */
  private static Outcome sweep(
      Space space, RandomSampler sampler, int threads, boolean startTogether) {
    CountDownLatch firstFour = new CountDownLatch(4);
    CountDownLatch trialOneReturned = new CountDownLatch(1);
    Set<String> threadNames = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<Long> returnOrder = new ConcurrentLinkedQueue<>();
    Runner runner =
        trial -> {
          threadNames.add(Thread.currentThread().getName());
          if (startTogether && trial.id() < 4) {
            firstFour.countDown();
            await(firstFour);
            if (trial.id() == 0) {
              await(trialOneReturned);
            }
          }
          LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(300_000));
          double value = trial.config().canonical().hashCode();
          returnOrder.add(trial.id());
          if (trial.id() == 1) {
            trialOneReturned.countDown();
          }
          return Result.of(value);
        };

    Population population =
        Sweep.builder(space, runner)
            .sampler(sampler)
            .maxTrials(TRIALS)
            .threads(threads)
            .build()
            .run();

    Map<Long, Config> configs = new TreeMap<>();
    Map<Long, Map<String, Object>> params = new TreeMap<>();
    Map<Long, Double> values = new TreeMap<>();
    for (TrialRecord t : population.trials()) {
      assertThat(t.status())
          .as("trial %d: %s", t.id(), t.failure())
          .isEqualTo(TrialStatus.COMPLETED);
      configs.put(t.id(), t.config());
      params.put(t.id(), t.params());
      values.put(t.id(), t.metrics().get(Result.VALUE));
    }
    return new Outcome(configs, params, values, threadNames, List.copyOf(returnOrder));
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the other trials never arrived");
    }
  }
}
