package dev.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.population.Population;
import dev.sweep.sampler.ConstraintsUnsatisfiedException;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep embedded in a host program: started in the background, watched, stopped, closed. */
class RunningSweepTest {
  private static final Space SPACE = Space.builder().add("x", Floats.uniform(0, 1)).build();

  private static Set<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(prefix))
        .collect(Collectors.toSet());
  }

  @Test
  void startReturnsAtOnceAndTheResultIsThePopulationThatRunWouldReturn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Runner gated =
        trial -> {
          release.await();
          return Result.of(trial.config().getDouble("x"));
        };
    try (RunningSweep running =
        Sweep.builder(SPACE, gated).name("gated").maxTrials(6).threads(3).build().start()) {
      assertThat(running.result()).isNotDone();
      assertThat(running.snapshot().size()).isZero();
      release.countDown();
      Population population = running.result().get(10, TimeUnit.SECONDS);
      Population same = Sweep.builder(SPACE, gated).maxTrials(6).threads(3).build().run();
      assertThat(population.trials())
          .extracting(TrialRecord::config)
          .isEqualTo(same.trials().stream().map(TrialRecord::config).toList());
      assertThat(running.snapshot().size()).isEqualTo(6);
    }
  }

  @Test
  void theSnapshotGrowsWhileTheSweepRuns() throws Exception {
    CountDownLatch third = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Runner runner =
        trial -> {
          if (trial.id() == 2) {
            third.countDown();
            release.await();
          }
          return Result.of((double) trial.id());
        };
    try (RunningSweep running = Sweep.builder(SPACE, runner).maxTrials(5).build().start()) {
      assertThat(third.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(running.snapshot().trials()).extracting(TrialRecord::id).containsExactly(0L, 1L);
      assertThat(running.isDone()).isFalse();
      release.countDown();
      assertThat(running.result().get(10, TimeUnit.SECONDS).size()).isEqualTo(5);
    }
  }

  @Test
  void cancelStopsTheSweepAndCloseLeavesNoThreadBehind() throws Exception {
    CountDownLatch running3 = new CountDownLatch(3);
    Runner polite =
        trial -> {
          running3.countDown();
          while (!trial.shouldStop()) {
            Thread.sleep(5);
          }
          throw new CancellationException("asked to stop");
        };
    RunningSweep running =
        Sweep.builder(SPACE, polite).name("polite").maxTrials(100).threads(3).build().start();
    assertThat(running3.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(threadsNamed("sweep-polite")).hasSize(4); // the driver and three workers
    running.cancel();
    Population population = running.result().get(10, TimeUnit.SECONDS);
    running.close();
    assertThat(population.trials())
        .hasSize(3)
        .extracting(TrialRecord::status)
        .containsOnly(TrialStatus.CANCELLED);
    assertThat(threadsNamed("sweep-polite")).isEmpty();
    assertThat(running.isDone()).isTrue();
  }

  @Test
  void closingARunningSweepCancelsItFirst() {
    RunningSweep running =
        Sweep.builder(
                SPACE,
                trial -> {
                  while (!trial.shouldStop()) {
                    Thread.sleep(5);
                  }
                  return Result.of(1);
                })
            .name("closed")
            .maxTrials(1000)
            .threads(2)
            .build()
            .start();
    running.close();
    assertThat(threadsNamed("sweep-closed")).isEmpty();
    assertThat(running.result()).isCompleted();
    assertThat(running.isCancelled()).isTrue();
  }

  @Test
  void closeFromTheSweepsOwnThread_cancelsWithoutWaitingForItself() throws Exception {
    for (int threads : new int[] {1, 3}) {
      java.util.concurrent.atomic.AtomicReference<RunningSweep> handle =
          new java.util.concurrent.atomic.AtomicReference<>();
      CountDownLatch started = new CountDownLatch(1);
      SweepListener closer =
          new SweepListener() {
            @Override
            public void trialFinished(TrialRecord record) {
              if (record.id() == 2) {
                handle.get().close(); // on a worker thread (or the driver, with one thread)
              }
            }
          };
      RunningSweep running =
          Sweep.builder(
                  SPACE,
                  trial -> {
                    started.await();
                    return Result.of(1);
                  })
              .name("self-close-" + threads)
              .maxTrials(1000)
              .threads(threads)
              .listener(closer)
              .build()
              .start();
      handle.set(running);
      started.countDown();
      assertThat(running.await(Duration.ofSeconds(10))).as("threads %d", threads).isTrue();
      assertThat(running.isCancelled()).isTrue();
      assertThat(running.result().join().size()).isLessThan(1000);
      running.close();
      assertThat(threadsNamed("sweep-self-close-" + threads)).isEmpty();
    }
  }

  @Test
  void cancellingTheFutureCancelsTheSweep() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    try (RunningSweep running =
        Sweep.builder(
                SPACE,
                trial -> {
                  started.countDown();
                  while (!trial.shouldStop()) {
                    Thread.sleep(5);
                  }
                  return Result.of(1);
                })
            .name("future")
            .maxTrials(1000)
            .build()
            .start()) {
      started.await();
      running.result().cancel(true);
      assertThat(running.await(Duration.ofSeconds(10))).isTrue();
      assertThat(running.isCancelled()).isTrue();
    }
    assertThat(threadsNamed("sweep-future")).isEmpty();
  }

  @Test
  void aSweepThatFailsCompletesItsResultExceptionally() {
    Space impossible =
        Space.builder()
            .add("x", Choices.of(1, 2))
            .constraint("x > 2", c -> c.getInt("x") > 2)
            .build();
    try (RunningSweep running =
        Sweep.builder(impossible, trial -> Result.of(1)).maxTrials(2).build().start()) {
      assertThatThrownBy(() -> running.result().join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(ConstraintsUnsatisfiedException.class);
    }
  }

  @Test
  void startingTwiceOnOneFolder_theSecondRunIsRefusedByItsLock(@TempDir Path dir) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Sweep sweep =
        Sweep.builder(
                SPACE,
                trial -> {
                  started.countDown();
                  release.await(10, TimeUnit.SECONDS);
                  return Result.of(1);
                })
            .maxTrials(1)
            .directory(dir)
            .build();
    try (RunningSweep running = sweep.start()) {
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(sweep::run)
          .isInstanceOf(dev.sweep.store.StoreException.class)
          .hasMessageContaining("in use by another driver");
      release.countDown();
      assertThat(running.join().size()).isEqualTo(1);
    }
  }

  @Test
  void join_returnsWhatRunWouldAndLeavesNoThreadBehind() {
    Sweep sweep =
        Sweep.builder(SPACE, trial -> Result.of(trial.config().getDouble("x")))
            .name("joined")
            .maxTrials(4)
            .threads(2)
            .build();
    Population joined = sweep.start().join();
    assertThat(threadsNamed("sweep-joined")).isEmpty();
    Population ran = sweep.run();
    assertThat(joined.trials())
        .extracting(TrialRecord::config)
        .isEqualTo(ran.trials().stream().map(TrialRecord::config).toList());
    assertThat(joined.trials())
        .extracting(TrialRecord::metrics)
        .isEqualTo(ran.trials().stream().map(TrialRecord::metrics).toList());
  }

  @Test
  void join_whenInterrupted_cancelsTheRunAndWaitsForIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    RunningSweep running =
        Sweep.builder(
                SPACE,
                trial -> {
                  started.countDown();
                  while (!trial.shouldStop()) {
                    Thread.sleep(5);
                  }
                  return Result.of(1);
                })
            .name("interrupted")
            .maxTrials(10)
            .build()
            .start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.currentThread().interrupt();
    Population population = running.join();
    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    assertThat(running.isCancelled()).isTrue();
    assertThat(population.trials())
        .extracting(TrialRecord::status)
        .containsExactly(TrialStatus.CANCELLED);
    assertThat(threadsNamed("sweep-interrupted")).isEmpty();
  }

  @Test
  void join_throwsWhatEndedTheRunAsItIs() {
    Space impossible =
        Space.builder()
            .add("x", Choices.of(1, 2))
            .constraint("x > 2", c -> c.getInt("x") > 2)
            .build();
    RunningSweep running =
        Sweep.builder(impossible, trial -> Result.of(1)).maxTrials(2).build().start();
    assertThatThrownBy(running::join).isInstanceOf(ConstraintsUnsatisfiedException.class);
  }

  @Test
  void join_fromTheRunsOwnThread_isRefused() {
    java.util.concurrent.atomic.AtomicReference<RunningSweep> handle =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<Throwable> refused =
        new java.util.concurrent.atomic.AtomicReference<>();
    CountDownLatch published = new CountDownLatch(1);
    RunningSweep running =
        Sweep.builder(
                SPACE,
                trial -> {
                  published.await(10, TimeUnit.SECONDS);
                  try {
                    handle.get().join();
                  } catch (IllegalStateException e) {
                    refused.set(e);
                  }
                  return Result.of(1);
                })
            .name("self")
            .maxTrials(1)
            .build()
            .start();
    handle.set(running);
    published.countDown();
    assertThat(running.join().size()).isEqualTo(1);
    assertThat(refused.get())
        .hasMessage("sweep 'self': a runner or listener cannot wait for its own run");
  }

  @Test
  void targetReachedAndBest_describeTheRun() {
    RunningSweep running =
        Sweep.builder(SPACE, trial -> Result.of(10.0 - trial.id()))
            .maxTrials(20)
            .target(7)
            .build()
            .start();
    running.join();
    assertThat(running.targetReached()).isTrue();
    assertThat(running.best()).map(TrialRecord::id).hasValue(3L);
    assertThat(running.bestValue()).hasValue(7.0);
  }

  @Test
  void listenersRunOnTheHostsExecutorOneEventAtATimeInOrder() throws Exception {
    ExecutorService host = Executors.newFixedThreadPool(4, r -> new Thread(r, "host-pool"));
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    Set<String> threads = Collections.synchronizedSet(new java.util.HashSet<>());
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(1);
    SweepListener recorder =
        new SweepListener() {
          private void event(String e) {
            if (inside.incrementAndGet() > 1) {
              overlaps.incrementAndGet();
            }
            threads.add(Thread.currentThread().getName());
            events.add(e);
            Thread.onSpinWait();
            inside.decrementAndGet();
          }

          @Override
          public void trialStarted(Trial trial) {
            event("started " + trial.id());
          }

          @Override
          public void trialReported(Trial trial, CurvePoint point) {
            event("reported " + trial.id() + " " + point.step());
          }

          @Override
          public void trialFinished(TrialRecord record) {
            event("finished " + record.id());
          }

          @Override
          public void sweepFinished(Population population) {
            event("sweep " + population.size());
            finished.countDown();
          }
        };
    Runner reporting =
        trial -> {
          for (int step = 0; step < 3; step++) {
            trial.report(step, "loss", 1.0 / (step + 1));
          }
          return Result.of(0.5);
        };
    try (RunningSweep running =
        Sweep.builder(SPACE, reporting)
            .maxTrials(20)
            .threads(4)
            .listener(recorder, host)
            .build()
            .start()) {
      running.result().get(10, TimeUnit.SECONDS);
      assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      host.shutdown();
    }
    assertThat(threads).containsOnly("host-pool");
    assertThat(overlaps).hasValue(0);
    assertThat(events).hasSize(20 * 5 + 1).last().isEqualTo("sweep 20");
    for (int id = 0; id < 20; id++) {
      String t = String.valueOf(id);
      List<String> own = events.stream().filter(e -> e.matches("\\w+ " + t + "( .*)?")).toList();
      assertThat(own)
          .containsExactly(
              "started " + t,
              "reported " + t + " 0",
              "reported " + t + " 1",
              "reported " + t + " 2",
              "finished " + t);
    }
  }

  @Test
  void aListenerWhoseExecutorRefusesLosesThoseEventsOnly_notTheSweepNorLaterEvents() {
    AtomicInteger offered = new AtomicInteger();
    java.util.concurrent.Executor refusesTheFirst =
        task -> {
          if (offered.getAndIncrement() == 0) {
            throw new java.util.concurrent.RejectedExecutionException("busy");
          }
          task.run();
        };
    List<Long> finished = Collections.synchronizedList(new ArrayList<>());
    Population population =
        Sweep.builder(SPACE, trial -> Result.of(1))
            .maxTrials(3)
            .listener(
                new SweepListener() {
                  @Override
                  public void trialFinished(TrialRecord record) {
                    finished.add(record.id());
                  }
                },
                refusesTheFirst)
            .build()
            .run();
    assertThat(population.completed().size()).isEqualTo(3);
    assertThat(finished)
        .as("events after the refused one still arrive")
        .containsExactly(0L, 1L, 2L);
  }

  @Test
  void severalSweepsRunAtOnceWithoutSeeingEachOther(@TempDir Path dir) throws Exception {
    List<RunningSweep> sweeps = new ArrayList<>();
    List<List<String>> seen = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      int sweepNo = k;
      List<String> names = Collections.synchronizedList(new ArrayList<>());
      seen.add(names);
      Runner runner =
          trial -> {
            Files.writeString(trial.workDir().resolve("who"), "sweep " + sweepNo);
            Thread.sleep(2);
            return Result.of("value", sweepNo * 100 + trial.config().getDouble("x"));
          };
      sweeps.add(
          Sweep.builder(SPACE, runner)
              .name("s" + k)
              .sampler(Samplers.random(k))
              .maxTrials(15)
              .threads(2)
              .directory(dir.resolve("s" + k))
              .listener(
                  new SweepListener() {
                    @Override
                    public void trialFinished(TrialRecord record) {
                      names.add(Thread.currentThread().getName());
                    }
                  })
              .build()
              .start());
    }
    for (int k = 0; k < 3; k++) {
      try (RunningSweep running = sweeps.get(k)) {
        Population p = running.result().get(20, TimeUnit.SECONDS);
        assertThat(p.size()).isEqualTo(15);
        int sweepNo = k;
        assertThat(java.util.Arrays.stream(p.objectiveValues()).boxed().toList())
            .allMatch(v -> v >= sweepNo * 100 && v < sweepNo * 100 + 1);
        assertThat(seen.get(k)).hasSize(15).allMatch(n -> n.startsWith("sweep-s" + sweepNo));
        try (var trials = Files.list(dir.resolve("s" + k).resolve("trials"))) {
          assertThat(trials.map(t -> readQuietly(t.resolve("who"))))
              .hasSize(15)
              .containsOnly("sweep " + k);
        }
      }
    }
    assertThat(threadsNamed("sweep-s")).isEmpty();
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
