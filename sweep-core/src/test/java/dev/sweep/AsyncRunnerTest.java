package dev.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The async seam: trials started by an {@link AsyncRunner} and completed later from a thread of the
 * backend's (here one "poller"), many in flight on few threads of the sweep's.
 */
class AsyncRunnerTest {
  private static final Space SPACE = Space.builder().add("x", Floats.uniform(0, 1)).build();

  /** The backend's one thread, which completes the trials' futures. */
  private final ExecutorService poller =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "test-poller");
            t.setDaemon(true);
            return t;
          });

  @AfterEach
  void stopPoller() {
    poller.shutdownNow();
  }

  /**
   * A backend that keeps each started trial's future until the test completes it from the poller;
   * it counts starts, and fails if an attempt of a trial starts while another of it runs.
   */
  private class Backend implements AsyncRunner {
    final Map<Long, CompletableFuture<Result>> running = new ConcurrentHashMap<>();
    final Map<Long, Trial> trials = new ConcurrentHashMap<>();
    final List<Long> started = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger stops = new AtomicInteger();
    final Set<String> starters = ConcurrentHashMap.newKeySet();
    volatile int maxInFlight;
    BiConsumer<Trial, CompletableFuture<Result>> onStart = (trial, future) -> {};
    BiConsumer<Trial, CompletableFuture<Result>> onStop =
        (trial, future) -> future.completeExceptionally(new CancellationException("stopped"));

    @Override
    public CompletableFuture<Result> start(Trial trial) {
      CompletableFuture<Result> future = new CompletableFuture<>();
      if (running.putIfAbsent(trial.id(), future) != null) {
        throw new AssertionError("trial " + trial.id() + " started while it runs");
      }
      trials.put(trial.id(), trial);
      started.add(trial.id());
      starters.add(Thread.currentThread().getName());
      synchronized (this) {
        maxInFlight = Math.max(maxInFlight, running.size());
      }
      CompletableFuture<Result> seen =
          future.whenComplete((r, e) -> running.remove(trial.id(), future));
      onStart.accept(trial, future);
      return seen;
    }

    @Override
    public void stop(Trial trial) {
      stops.incrementAndGet();
      CompletableFuture<Result> future = running.get(trial.id());
      if (future != null) {
        poller.execute(() -> onStop.accept(trial, future));
      }
    }

    /** Completes every trial in flight, from the poller, with its x. */
    void completeAll() {
      poller.execute(
          () ->
              running.forEach(
                  (id, f) -> f.complete(Result.of(trials.get(id).config().getDouble("x")))));
    }
  }

  private static long sweepThreads(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("sweep-" + name))
        .count();
  }

  private static void await(java.util.function.BooleanSupplier condition) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(until);
      Thread.sleep(5);
    }
  }

  @Test
  void thousandsOfTrialsAreInFlightAtOnceOnAFewThreads() throws Exception {
    Backend backend = new Backend();
    try (RunningSweep running =
        Sweep.builder(SPACE, backend).name("wide").maxTrials(3000).threads(3000).build().start()) {
      await(() -> backend.running.size() == 3000);
      // 3,000 trials wait, none has ended: the driver, two workers (they end once all started)
      assertThat(sweepThreads("wide")).isLessThanOrEqualTo(3);
      assertThat(backend.starters).allMatch(n -> n.startsWith("sweep-wide-"));
      backend.completeAll();
      Population population = running.join();
      assertThat(population.size()).isEqualTo(3000);
      assertThat(population.trials()).allMatch(t -> t.status() == TrialStatus.COMPLETED);
      assertThat(population.trials())
          .allMatch(t -> t.metrics().get("value") == t.config().getDouble("x"));
    }
    assertThat(backend.started).hasSize(3000).doesNotHaveDuplicates();
    assertThat(backend.maxInFlight).isEqualTo(3000);
    await(() -> sweepThreads("wide") == 0);
  }

  @Test
  void theThreadsBoundTheTrialsInFlight() throws Exception {
    Backend backend = new Backend();
    backend.onStart =
        (trial, future) ->
            poller.execute(() -> future.complete(Result.of(trial.config().getDouble("x"))));
    Population population = Sweep.builder(SPACE, backend).maxTrials(200).threads(7).build().run();
    assertThat(population.size()).isEqualTo(200);
    assertThat(backend.maxInFlight).isLessThanOrEqualTo(7);
    assertThat(backend.started).hasSize(200).doesNotHaveDuplicates();
  }

  @Test
  void cancellingStopsTheTrialsInFlightAndWaitsForTheirEnd() throws Exception {
    Backend backend = new Backend();
    AtomicInteger ended = new AtomicInteger();
    backend.onStop =
        (trial, future) -> {
          sleep(20); // the backend takes its time to see the job gone
          ended.incrementAndGet();
          future.completeExceptionally(new CancellationException("job cancelled"));
        };
    RunningSweep running =
        Sweep.builder(SPACE, backend).name("cancel").maxTrials(50).threads(10).build().start();
    await(() -> backend.running.size() == 10);
    running.cancel();
    Population population = running.join();
    assertThat(ended.get()).isEqualTo(10); // every one had ended before join returned
    assertThat(backend.stops.get()).isEqualTo(10);
    assertThat(population.size()).isEqualTo(10);
    assertThat(population.trials()).allMatch(t -> t.status() == TrialStatus.CANCELLED);
    assertThat(backend.started).hasSize(10);
    running.close();
    await(() -> sweepThreads("cancel") == 0); // a pool thread may still be returning
  }

  @Test
  void aFailureIsRecordedAndRetriedAndAStartThatThrowsFailsItsTrial() throws Exception {
    Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
    Backend throwing =
        new Backend() {
          @Override
          public CompletableFuture<Result> start(Trial trial) {
            if (trial.id() == 3) {
              throw new IllegalArgumentException("cannot start trial 3");
            }
            return super.start(trial);
          }
        };
    throwing.onStart =
        (trial, future) ->
            poller.execute(
                () -> {
                  int attempt =
                      attempts
                          .computeIfAbsent(trial.id(), k -> new AtomicInteger())
                          .incrementAndGet();
                  if (trial.id() == 1 && attempt == 1) {
                    future.completeExceptionally(new IllegalStateException("node failed"));
                  } else if (trial.id() == 2) {
                    future.completeExceptionally(new IllegalStateException("out of memory"));
                  } else {
                    future.complete(Result.of(trial.config().getDouble("x")));
                  }
                });
    Population population =
        Sweep.builder(SPACE, throwing).maxTrials(6).threads(6).retries(1).build().run();
    Map<Long, TrialRecord> byId = new ConcurrentHashMap<>();
    population.trials().forEach(t -> byId.put(t.id(), t));
    assertThat(byId.get(0L).status()).isEqualTo(TrialStatus.COMPLETED);
    assertThat(byId.get(1L).status()).isEqualTo(TrialStatus.COMPLETED); // its retry
    assertThat(attempts.get(1L).get()).isEqualTo(2);
    assertThat(byId.get(2L).status()).isEqualTo(TrialStatus.FAILED);
    assertThat(byId.get(2L).failure().orElseThrow()).contains("out of memory");
    assertThat(attempts.get(2L).get()).isEqualTo(2);
    assertThat(byId.get(3L).status()).isEqualTo(TrialStatus.FAILED);
    assertThat(byId.get(3L).failure().orElseThrow()).contains("cannot start trial 3");
  }

  @Test
  void aResumedRunStartsOnlyWhatDidNotEnd(@TempDir Path dir) throws Exception {
    Backend first = new Backend();
    // the first five to start end; then the driver "dies": cancelled, the rest end CANCELLED
    first.onStart =
        (trial, future) -> {
          if (trial.id() < 5) {
            poller.execute(() -> future.complete(Result.of(trial.config().getDouble("x"))));
          }
        };
    Sweep sweep = Sweep.builder(SPACE, first).directory(dir).maxTrials(12).threads(12).build();
    try (RunningSweep running = sweep.start()) {
      await(() -> first.started.size() == 12 && first.running.size() == 7);
      running.cancel();
      assertThat(running.join().statusCounts().get(TrialStatus.COMPLETED)).isEqualTo(5);
    }
    Backend second = new Backend();
    second.onStart =
        (trial, future) ->
            poller.execute(() -> future.complete(Result.of(trial.config().getDouble("x"))));
    Population resumed =
        Sweep.builder(SPACE, second).directory(dir).maxTrials(12).threads(12).build().run();
    assertThat(resumed.size()).isEqualTo(12);
    assertThat(resumed.trials()).allMatch(t -> t.status() == TrialStatus.COMPLETED);
    assertThat(second.started).containsExactlyInAnyOrder(5L, 6L, 7L, 8L, 9L, 10L, 11L);
  }

  @Test
  void asyncAgentsOfASharedStoreRunEachTrialOnce() throws Exception {
    SharedBoard board = new SharedBoard(200);
    List<Backend> backends = new ArrayList<>();
    List<Thread> agents = new ArrayList<>();
    List<Population> populations = java.util.Collections.synchronizedList(new ArrayList<>());
    for (String name : List.of("a", "b")) {
      Backend backend = new Backend();
      backend.onStart =
          (trial, future) ->
              poller.execute(() -> future.complete(Result.of(trial.config().getDouble("x"))));
      backends.add(backend);
      Sweep sweep =
          Sweep.builder(SPACE, backend)
              .maxTrials(Long.MAX_VALUE / 2)
              .threads(50)
              .store(definition -> board.agent(name))
              .build();
      Thread t = new Thread(() -> populations.add(sweep.run()));
      t.start();
      agents.add(t);
    }
    for (Thread t : agents) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }
    List<Long> started = new ArrayList<>();
    backends.forEach(b -> started.addAll(b.started));
    assertThat(started).hasSize(200).doesNotHaveDuplicates();
    assertThat(board.finals).hasSize(200).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(populations).hasSize(2).allMatch(p -> p.size() == 200);
  }

  @Test
  void runWaitsForTheFutureOnTheCallersThread() throws Exception {
    Backend backend = new Backend();
    backend.onStart = (trial, future) -> poller.execute(() -> future.complete(Result.of(0.25)));
    Runner blocking = trial -> backend.run(trial); // a plain runner: the sweep blocks on it
    Population population = Sweep.builder(SPACE, blocking).maxTrials(3).build().run();
    assertThat(population.trials()).allMatch(t -> t.metrics().get("value") == 0.25);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
