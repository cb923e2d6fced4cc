package dev.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailFastTest {
  private final Space space = Space.builder().add("lr", Floats.uniform(0, 1)).build();

  private static Result typo(Trial trial) {
    throw new IllegalStateException("no such key 'optim.lrr'");
  }

  private Sweep.Builder sweep(Runner runner, int trials) {
    return Sweep.builder(space, runner)
        .objective(Objective.minimize("error"))
        .sampler(Samplers.random(1))
        .maxTrials(trials);
  }

  @Test
  void firstFiveFailingAlike_stopTheRunWithTheCauseAndTheTrials() {
    AtomicInteger calls = new AtomicInteger();
    Runner runner =
        t -> {
          calls.incrementAndGet();
          return typo(t);
        };

    FailFastException e =
        catchThrowableOfType(FailFastException.class, () -> sweep(runner, 200).build().run());

    assertThat(calls).hasValue(5);
    assertThat(e.trialIds()).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(e.failure()).isEqualTo("java.lang.IllegalStateException: no such key 'optim.lrr'");
    assertThat(e.getMessage())
        .isEqualTo(
            "sweep 'sweep' stopped: the first 5 trials to finish (0, 1, 2, 3, 4) all failed with"
                + " the same cause, most likely a bug rather than their configs; no new trial"
                + " started and running ones were cancelled. Fix it and run the sweep again (with a"
                + " folder, these trials run again), or turn the check off with failFast(0)"
                + " (fail_fast: false in a sweep file). Trial 0 failed with:"
                + " java.lang.IllegalStateException: no such key 'optim.lrr'");
  }

  @Test
  void failFastOfK_stopsAfterK() {
    AtomicInteger calls = new AtomicInteger();
    Runner runner =
        t -> {
          calls.incrementAndGet();
          return typo(t);
        };
    assertThatThrownBy(() -> sweep(runner, 50).failFast(2).build().run())
        .isInstanceOf(FailFastException.class)
        .hasMessageContaining("the first 2 trials to finish (0, 1)");
    assertThat(calls).hasValue(2);
  }

  @Test
  void failFastZero_runsEveryTrial() {
    Population p = sweep(FailFastTest::typo, 20).failFast(0).build().run();
    assertThat(p.size()).isEqualTo(20);
    assertThat(p.trials()).extracting(TrialRecord::status).containsOnly(TrialStatus.FAILED);
  }

  @Test
  void oneSuccessAmongTheFirst_neverTriggersIt() {
    // trial 2 completes: every other trial fails alike, and still all 30 run
    Runner runner = t -> t.id() == 2 ? Result.of("error", 0.5) : typo(t);
    Population p = sweep(runner, 30).build().run();
    assertThat(p.size()).isEqualTo(30);
    assertThat(p.statusCounts().get(TrialStatus.FAILED)).isEqualTo(29);
  }

  @Test
  void differentCauses_neverTriggerIt() {
    Runner runner =
        t -> {
          throw new IllegalArgumentException("lr " + t.config().getDouble("lr") + " too large");
        };
    Population p = sweep(runner, 12).build().run();
    assertThat(p.size()).isEqualTo(12);
  }

  @Test
  void failureThatNamesTheTrialFolder_isTheSameCause(@TempDir Path dir) {
    Runner runner =
        t -> {
          throw new IllegalStateException("cannot read " + t.workDir().resolve("data.csv"));
        };
    assertThatThrownBy(() -> sweep(runner, 20).directory(dir).build().run())
        .isInstanceOf(FailFastException.class);
  }

  @Test
  void onThreads_runningTrialsAreCancelledAndNoNewOneStarts() {
    AtomicInteger calls = new AtomicInteger();
    Runner runner =
        t -> {
          calls.incrementAndGet();
          if (t.id() < 5) {
            Thread.sleep(100); // long enough for the other threads to be running their trials
            return typo(t);
          }
          while (!t.shouldStop()) { // a long training, told to stop
            Thread.sleep(5);
          }
          throw new InterruptedException("stopped");
        };
    Sweep sweep = sweep(runner, 100).threads(4).build();
    try (RunningSweep running = sweep.start()) {
      assertThatThrownBy(() -> running.result().join()).hasCauseInstanceOf(FailFastException.class);
      Population soFar = running.snapshot();
      assertThat(soFar.trials())
          .filteredOn(r -> r.status() != TrialStatus.FAILED)
          .extracting(TrialRecord::status)
          .containsOnly(TrialStatus.CANCELLED);
      assertThat(calls.get()).isLessThan(100);
    }
  }

  @Test
  void resumeAfterTheFix_runsTheFailedTrialsAgain(@TempDir Path dir) {
    assertThatThrownBy(() -> sweep(FailFastTest::typo, 8).directory(dir).build().run())
        .isInstanceOf(FailFastException.class);

    List<Long> ran = new CopyOnWriteArrayList<>();
    Runner fixed =
        t -> {
          ran.add(t.id());
          return Result.of("error", t.config().getDouble("lr"));
        };
    Population p = sweep(fixed, 8).directory(dir).build().run();

    assertThat(ran).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(p.trials()).extracting(TrialRecord::status).containsOnly(TrialStatus.COMPLETED);
  }

  @Test
  void resumeWithoutTheFix_stopsAgain_andFailuresOfAMixedRunStand(@TempDir Path dir) {
    assertThatThrownBy(() -> sweep(FailFastTest::typo, 8).directory(dir).build().run())
        .isInstanceOf(FailFastException.class);
    assertThatThrownBy(() -> sweep(FailFastTest::typo, 8).directory(dir).build().run())
        .isInstanceOf(FailFastException.class);

    // now trial 0 completes: the others fail as before, in a mixed run, and their failures stand
    Runner mixed = t -> t.id() == 0 ? Result.of("error", 0.1) : typo(t);
    assertThat(sweep(mixed, 8).directory(dir).build().run().size()).isEqualTo(8);
    List<Long> ran = new CopyOnWriteArrayList<>();
    Population again =
        sweep(
                t -> {
                  ran.add(t.id());
                  return typo(t);
                },
                8)
            .directory(dir)
            .build()
            .run();
    assertThat(ran).isEmpty();
    assertThat(again.statusCounts().get(TrialStatus.FAILED)).isEqualTo(7);
  }

  @Test
  void thrownFailure_keepsItsStackTraceInResultJson(@TempDir Path dir) throws Exception {
    List<Path> folders = new CopyOnWriteArrayList<>();
    Runner runner =
        t -> {
          folders.add(t.workDir()); // result.json goes where the trial has its folder
          return typo(t);
        };
    assertThatThrownBy(() -> sweep(runner, 5).directory(dir).build().run())
        .isInstanceOf(FailFastException.class);
    Path trial = folders.get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> result =
        new ObjectMapper().readValue(trial.resolve("result.json").toFile(), Map.class);
    assertThat(result)
        .containsEntry("status", "FAILED")
        .containsEntry("failure", "java.lang.IllegalStateException: no such key 'optim.lrr'");
    assertThat((String) result.get("stack_trace"))
        .startsWith("java.lang.IllegalStateException: no such key 'optim.lrr'")
        .contains("at dev.sweep.FailFastTest.typo(FailFastTest.java:");
  }

  @Test
  void listener_seesWhatTheRunnerThrewBeforeTheRecord() {
    List<String> events = new CopyOnWriteArrayList<>();
    SweepListener listener =
        new SweepListener() {
          @Override
          public void trialThrew(long id, Throwable thrown) {
            events.add("threw " + id + " " + thrown.getMessage());
          }

          @Override
          public void trialFinished(TrialRecord record) {
            events.add("finished " + record.id());
          }
        };
    Runner runner = t -> t.id() == 0 ? typo(t) : Result.of("error", 1);
    sweep(runner, 2).listener(listener).build().run();
    assertThat(events)
        .containsExactly("threw 0 no such key 'optim.lrr'", "finished 0", "finished 1");
  }

  @Test
  void cause_isTheFirstAndLastLine_withoutTheTrialFolder() {
    Path dir = Path.of("/runs/sweep/trials/000003-lr=0.1");
    String failure =
        "dev.sweep.process.StepFailedException: step 'train' exited with code 1; last lines of "
            + dir
            + "/train.err:\n  File \"/home/me/train.py\", line 3\n    print(\n  SyntaxError:   '(' was never closed\n";
    assertThat(FailFast.cause(failure, Optional.of(dir)))
        .isEqualTo(
            "dev.sweep.process.StepFailedException: step 'train' exited with code 1; last lines of"
                + " <trial>/train.err: ... SyntaxError: '(' was never closed");
  }

  @Test
  void builder_refusesANegativeCount() {
    assertThatThrownBy(() -> sweep(FailFastTest::typo, 1).failFast(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failFast must be >= 0 (0 turns it off), got -1");
  }
}
