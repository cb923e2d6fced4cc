package dev.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.population.Population;
import dev.sweep.sampler.ConstraintsUnsatisfiedException;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
  private final Space space =
      Space.builder()
          .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
          .add("model.width", Ints.powerOfTwo(8, 64))
          .build();

  private static Result error(Trial t) {
    return Result.of("error", t.config().getDouble("optim.lr"));
  }

  @Test
  void run_recordsEveryTrialWithParamsMetricsAndTimings() {
    Population p =
        Sweep.builder(space, SweepTest::error)
            .objective(Objective.minimize("error"))
            .sampler(Samplers.random(3))
            .maxTrials(20)
            .build()
            .run();
    assertThat(p.size()).isEqualTo(20);
    assertThat(p.trials()).extracting(TrialRecord::id).containsExactlyElementsOf(range(20));
    for (TrialRecord t : p.trials()) {
      assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED);
      assertThat(t.params()).containsOnlyKeys("optim.lr", "model.width");
      assertThat(t.metrics()).containsEntry("error", t.config().getDouble("optim.lr"));
      assertThat(t.duration()).isPositive();
      assertThat(t.failure()).isEmpty();
    }
    assertThat(p.best().orElseThrow().metrics().get("error")).isEqualTo(p.summary().min());
  }

  private static List<Long> range(int n) {
    List<Long> ids = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      ids.add(i);
    }
    return ids;
  }

  @Test
  void throwingTrial_isFailedWithItsCauseAndTheSweepGoesOn() {
    Population p =
        Sweep.builder(
                space,
                t -> {
                  if (t.id() % 3 == 1) {
                    throw new IllegalStateException(
                        "diverged", new ArithmeticException("NaN loss"));
                  }
                  return error(t);
                })
            .objective(Objective.minimize("error"))
            .maxTrials(9)
            .threads(3)
            .build()
            .run();
    assertThat(p.statusCounts())
        .containsEntry(TrialStatus.COMPLETED, 6L)
        .containsEntry(TrialStatus.FAILED, 3L);
    TrialRecord failed = p.trials().get(1);
    assertThat(failed.status()).isEqualTo(TrialStatus.FAILED);
    assertThat(failed.failure())
        .hasValue(
            "java.lang.IllegalStateException: diverged; caused by java.lang.ArithmeticException: NaN loss");
    assertThat(failed.metrics()).isEmpty();
  }

  @Test
  void resultWithoutTheObjective_isFailedNamingWhatItHad() {
    Population p =
        Sweep.builder(space, t -> Result.of("acc", 0.9))
            .objective(Objective.minimize("error"))
            .maxTrials(1)
            .build()
            .run();
    assertThat(p.trials().get(0).failure())
        .hasValue("the result has no objective metric 'error'; it has [acc]");
    Population nan =
        Sweep.builder(space, t -> Result.of("error", Double.NaN))
            .objective(Objective.minimize("error"))
            .maxTrials(1)
            .build()
            .run();
    assertThat(nan.trials().get(0).failure()).hasValue("the objective metric 'error' is NaN");
    Population nul = Sweep.builder(space, t -> null).maxTrials(1).build().run();
    assertThat(nul.trials().get(0).failure())
        .hasValue("the runner returned null instead of a Result");
  }

  @Test
  void cancel_stopsStartingTrialsAndRunningOnesSeeShouldStop() throws Exception {
    CountDownLatch running = new CountDownLatch(2);
    AtomicInteger sawStop = new AtomicInteger();
    Sweep sweep =
        Sweep.builder(
                space,
                t -> {
                  running.countDown();
                  while (!t.shouldStop()) {
                    Thread.sleep(1);
                  }
                  sawStop.incrementAndGet();
                  return error(t);
                })
            .objective(Objective.minimize("error"))
            .maxTrials(1_000)
            .threads(2)
            .name("cancel-me")
            .build();
    RunningSweep run = sweep.start();
    Thread canceller =
        new Thread(
            () -> {
              try {
                running.await();
              } catch (InterruptedException e) {
                return;
              }
              run.cancel();
            });
    canceller.start();
    Population p = run.join();
    canceller.join();
    assertThat(p.size()).isEqualTo(2);
    assertThat(sawStop).hasValue(2);
    assertThat(run.isCancelled()).isTrue();
    assertThat(liveThreadsNamed("sweep-cancel-me")).isEmpty();
  }

  @Test
  @SuppressWarnings("deprecation") // what it checks
  void deprecatedCancel_stopsEveryRunInProgressAndNoLaterOne() throws Exception {
    CountDownLatch running = new CountDownLatch(2);
    AtomicBoolean hold = new AtomicBoolean(true);
    Sweep sweep =
        Sweep.builder(
                space,
                t -> {
                  running.countDown();
                  while (hold.get() && !t.shouldStop()) {
                    Thread.sleep(1);
                  }
                  return error(t);
                })
            .objective(Objective.minimize("error"))
            .maxTrials(5)
            .name("cancel-all")
            .build();
    RunningSweep background = sweep.start();
    Thread canceller =
        new Thread(
            () -> {
              try {
                running.await();
              } catch (InterruptedException e) {
                return;
              }
              sweep.cancel(); // while run() blocks in this test's thread
            });
    canceller.start();
    Population blocking = sweep.run();
    canceller.join();
    assertThat(blocking.trials())
        .singleElement()
        .extracting(TrialRecord::status)
        .isEqualTo(TrialStatus.CANCELLED);
    assertThat(background.join().trials())
        .singleElement()
        .extracting(TrialRecord::status)
        .isEqualTo(TrialStatus.CANCELLED);
    assertThat(background.isCancelled()).isTrue();
    assertThat(liveThreadsNamed("sweep-cancel-all")).isEmpty();

    hold.set(false);
    assertThat(sweep.run().trials())
        .extracting(TrialRecord::status)
        .hasSize(5)
        .containsOnly(TrialStatus.COMPLETED);
  }

  @Test
  @SuppressWarnings("deprecation") // Sweep.cancel(): a runner's way to cancel the run() it is in
  void runnerThatReturnsAfterSeeingTheCancel_isCancelledNotCompleted() {
    Sweep[] self = new Sweep[1];
    self[0] =
        Sweep.builder(
                space,
                t -> {
                  self[0].cancel();
                  int epochs = 0;
                  while (epochs < 10 && !t.shouldStop()) {
                    epochs++; // half a training: what it returns is no result
                  }
                  return Result.of("error", epochs);
                })
            .objective(Objective.minimize("error"))
            .maxTrials(5)
            .build();
    Population p = self[0].run();
    TrialRecord trial = p.trials().get(0);
    assertThat(trial.status()).isEqualTo(TrialStatus.CANCELLED);
    assertThat(trial.failure())
        .hasValueSatisfying(f -> assertThat(f).contains("saw the sweep cancelled"));
  }

  @Test
  @SuppressWarnings("deprecation") // Sweep.cancel(): a runner's way to cancel the run() it is in
  void runnerThatFinishesWithoutSeeingTheCancel_isCompleted() {
    Sweep[] self = new Sweep[1];
    self[0] =
        Sweep.builder(
                space,
                t -> {
                  self[0].cancel(); // never asked about: the training it returns is whole
                  return error(t);
                })
            .objective(Objective.minimize("error"))
            .maxTrials(5)
            .build();
    assertThat(self[0].run().trials())
        .singleElement()
        .extracting(TrialRecord::status)
        .isEqualTo(TrialStatus.COMPLETED);
  }

  @Test
  @SuppressWarnings("deprecation") // Sweep.cancel(): a runner's way to cancel the run() it is in
  void trialThatThrowsAfterCancel_isCancelled() {
    Sweep[] self = new Sweep[1];
    self[0] =
        Sweep.builder(
                space,
                t -> {
                  self[0].cancel();
                  throw new InterruptedException("stopping");
                })
            .maxTrials(5)
            .build();
    Population p = self[0].run();
    assertThat(p.trials())
        .singleElement()
        .extracting(TrialRecord::status)
        .isEqualTo(TrialStatus.CANCELLED);
  }

  @Test
  void listeners_seeEventsInOrderAndTheirExceptionsAreNotFatal() {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    SweepListener recorder =
        new SweepListener() {
          @Override
          public void trialStarted(Trial trial) {
            events.add("started " + trial.id());
          }

          @Override
          public void trialReported(Trial trial, CurvePoint point) {
            events.add("reported " + trial.id() + "@" + point.step());
          }

          @Override
          public void trialFinished(TrialRecord record) {
            events.add("finished " + record.id());
          }

          @Override
          public void sweepFinished(Population population) {
            events.add("sweep " + population.size());
          }
        };
    SweepListener broken =
        new SweepListener() {
          @Override
          public void trialFinished(TrialRecord record) {
            throw new IllegalStateException("listener bug");
          }
        };
    Population p =
        Sweep.builder(
                space,
                t -> {
                  t.report(0, "loss", 1.0);
                  t.report(1, "loss", 0.5);
                  return error(t);
                })
            .objective(Objective.minimize("error"))
            .maxTrials(2)
            .listener(broken)
            .listener(recorder)
            .build()
            .run();
    assertThat(p.completed().size()).isEqualTo(2);
    assertThat(events)
        .containsExactly(
            "started 0",
            "reported 0@0",
            "reported 0@1",
            "finished 0",
            "started 1",
            "reported 1@0",
            "reported 1@1",
            "finished 1",
            "sweep 2");
  }

  @Test
  void reports_becomeTheTrialsCurve() {
    Population p =
        Sweep.builder(
                space,
                t -> {
                  for (int epoch = 0; epoch < 3; epoch++) {
                    t.report(epoch, Map.of("loss", 1.0 / (epoch + 1), "acc", 0.5 + epoch * 0.1));
                  }
                  return Result.of("error", 0.2);
                })
            .objective(Objective.minimize("error"))
            .maxTrials(1)
            .build()
            .run();
    List<CurvePoint> curve = p.trials().get(0).curve();
    assertThat(curve).extracting(CurvePoint::step).containsExactly(0L, 1L, 2L);
    assertThat(curve.get(2).metrics()).containsEntry("loss", 1.0 / 3);
  }

  @Test
  void workDir_isCreatedUnderTheDirectoryPerTrial(@TempDir Path dir) throws Exception {
    Population p =
        Sweep.builder(
                space,
                t -> {
                  Files.writeString(t.workDir().resolve("checkpoint.txt"), t.name());
                  return error(t);
                })
            .objective(Objective.minimize("error"))
            .maxTrials(3)
            .directory(dir)
            .build()
            .run();
    for (TrialRecord t : p.trials()) {
      Path folder = dir.resolve("trials").resolve(String.format("%06d-%s", t.id(), t.name()));
      assertThat(folder.resolve("checkpoint.txt")).hasContent(t.name());
    }
  }

  @Test
  void workDir_withoutADirectory_failsTheTrialWithAHint() {
    Population p =
        Sweep.builder(
                space,
                t -> {
                  t.workDir();
                  return error(t);
                })
            .maxTrials(1)
            .build()
            .run();
    assertThat(p.trials().get(0).failure())
        .hasValue(
            "java.lang.IllegalStateException: trial 0 has no work folder: build the sweep with .directory(path)");
  }

  @Test
  void grid_runsEveryPointOnceAndMaxTrialsCapsIt() {
    Space grid =
        Space.builder()
            .add("a", Choices.of(1, 2, 3))
            .add("b", Floats.uniform(0, 1).grid(0.25, 0.75))
            .build();
    Sweep sweep =
        Sweep.builder(grid, t -> Result.of(t.config().getDouble("a") * t.config().getDouble("b")))
            .sampler(Samplers.grid())
            .threads(2)
            .build();
    assertThat(sweep.totalTrials()).isEqualTo(6);
    Population p = sweep.run();
    assertThat(p.trials())
        .extracting(TrialRecord::name)
        .containsExactly(
            "a=1,b=0.25", "a=1,b=0.75", "a=2,b=0.25", "a=2,b=0.75", "a=3,b=0.25", "a=3,b=0.75");
    Sweep capped =
        Sweep.builder(grid, t -> Result.of(1)).sampler(Samplers.grid()).maxTrials(4).build();
    assertThat(capped.totalTrials()).isEqualTo(4);
  }

  @Test
  void requireObjectiveFalse_completesATrialWithoutTheMetricUnranked() {
    Space one = Space.builder().add("x", Ints.range(0, 3)).build();
    Population p =
        Sweep.builder(one, t -> t.id() == 2 ? Result.of("error", 0.5) : Result.of("other", 1))
            .objective(Objective.minimize("error"))
            .requireObjective(false)
            .sampler(Samplers.grid())
            .build()
            .run();
    assertThat(p.trials()).extracting(TrialRecord::status).containsOnly(TrialStatus.COMPLETED);
    assertThat(p.best().orElseThrow().id()).isEqualTo(2L); // the only ranked one
    Population strict =
        Sweep.builder(one, t -> Result.of("other", 1))
            .objective(Objective.minimize("error"))
            .sampler(Samplers.grid())
            .build()
            .run();
    assertThat(strict.trials()).extracting(TrialRecord::status).containsOnly(TrialStatus.FAILED);
  }

  @Test
  void target_reached_startsNoNewTrialButRunningOnesFinish() {
    Space ids = Space.builder().add("x", Ints.range(0, 99)).build();
    // sequential: trials 0..4 give 10, 9, ..., 6; the target 7 is reached by trial 3
    Population p =
        Sweep.builder(ids, t -> Result.of(10.0 - t.id()))
            .sampler(Samplers.random(1))
            .maxTrials(50)
            .target(7)
            .build()
            .run();
    assertThat(p.trials()).extracting(TrialRecord::id).containsExactly(0L, 1L, 2L, 3L);

    Population max =
        Sweep.builder(ids, t -> Result.of("acc", t.id() / 10.0))
            .objective(Objective.maximize("acc"))
            .sampler(Samplers.random(1))
            .maxTrials(50)
            .target(0.5)
            .build()
            .run();
    assertThat(max.size()).isEqualTo(6);
  }

  @Test
  void target_inAResumedFolder_keepsItsTrialsAndStartsNone(@TempDir Path dir) {
    Space ids = Space.builder().add("x", Ints.range(0, 99)).build();
    Population first =
        Sweep.builder(ids, t -> Result.of(10.0 - t.id()))
            .sampler(Samplers.random(1))
            .maxTrials(5)
            .directory(dir)
            .build()
            .run();
    assertThat(first.size()).isEqualTo(5);
    AtomicInteger ran = new AtomicInteger();
    Population resumed =
        Sweep.builder(
                ids,
                t -> {
                  ran.incrementAndGet();
                  return Result.of(0);
                })
            .sampler(Samplers.random(1))
            .maxTrials(20)
            .target(8)
            .directory(dir)
            .build()
            .run();
    assertThat(ran).hasValue(0);
    assertThat(resumed.trials()).extracting(TrialRecord::id).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void unsatisfiableConstraints_failTheRunButKeepFinishedTrials() {
    Space tight =
        space.toBuilder()
            .constraint("tiny lr after trial 2", c -> c.getDouble("optim.lr") < 1e-9)
            .build();
    AtomicInteger ran = new AtomicInteger();
    Sweep sweep =
        Sweep.builder(tight, t -> Result.of(ran.incrementAndGet()))
            .sampler(RandomSampler.builder().seed(1).maxAttempts(50).build())
            .maxTrials(10)
            .build();
    assertThatThrownBy(sweep::run)
        .isInstanceOf(ConstraintsUnsatisfiedException.class)
        .hasMessage(
            "trial 0: no sample satisfied the constraints in 50 attempts; rejected by: "
                + "'tiny lr after trial 2' 50 (one sample may fail several constraints)");
    try (RunningSweep running = sweep.start()) {
      assertThatThrownBy(running::join).isInstanceOf(ConstraintsUnsatisfiedException.class);
      assertThat(running.snapshot().size()).isZero();
    }
  }

  @Test
  void builder_refusesBadValuesAndConflictingSettings() {
    Sweep.Builder b = Sweep.builder(space, SweepTest::error);
    assertThatThrownBy(() -> b.threads(0)).hasMessage("threads must be >= 1, got 0");
    assertThatThrownBy(() -> b.maxTrials(0)).hasMessage("maxTrials must be >= 1, got 0");
    b.sampler(Samplers.random(1));
    assertThatThrownBy(() -> b.sampler(Samplers.grid()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sampler was already set to random(seed=1)");
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sweep 'sweep': the sampler random(seed=1) has no end; set maxTrials(n)");
    assertThatThrownBy(
            () -> Sweep.builder(space, SweepTest::error).sampler(Samplers.grid()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "grid sampler: 'optim.lr' is the continuous domain logUniform[1.0E-4, 0.1] without grid "
                + "points; give it points with .grid(...) or .quantized(step), or use a random sampler");
    assertThatThrownBy(() -> Sweep.builder(null, SweepTest::error)).hasMessage("space == null");
    assertThatThrownBy(() -> Sweep.builder(space, null)).hasMessage("runner == null");
  }

  @Test
  void population_isAvailableAsALiveSnapshot() throws Exception {
    CountDownLatch firstDone = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Sweep sweep =
        Sweep.builder(
                space,
                t -> {
                  if (t.id() == 1) {
                    firstDone.countDown();
                    release.await(10, TimeUnit.SECONDS);
                  }
                  return error(t);
                })
            .objective(Objective.minimize("error"))
            .maxTrials(2)
            .build();
    RunningSweep running = sweep.start();
    assertThat(firstDone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(running.snapshot().size()).isEqualTo(1);
    release.countDown();
    running.join();
    assertThat(running.snapshot().size()).isEqualTo(2);
  }

  @Test
  void samplerThatFailsWhenTold_endsTheRunWithItsErrorAndKeepsTheTrial() {
    Sampler broken =
        space ->
            new Sampler.Sampling() {
              private final Sampler.Sampling random = Samplers.random(1).start(space);

              @Override
              public dev.sweep.sampler.Sample ask(long index) {
                return random.ask(index);
              }

              @Override
              public void tell(TrialRecord record) {
                throw new IllegalStateException("model update failed");
              }
            };
    Sweep sweep =
        Sweep.builder(space, SweepTest::error)
            .sampler(broken)
            .maxTrials(10)
            .threads(2)
            .name("told")
            .build();
    RunningSweep running = sweep.start();
    assertThatThrownBy(running::join)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model update failed");
    assertThat(running.snapshot().size()).isBetween(1, 2);
    assertThat(liveThreadsNamed("sweep-told")).isEmpty();
  }

  static List<Thread> liveThreadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .toList();
  }
}
