package dev.sweep.report;

import dev.sweep.Result;
import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.Trial;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A real sweep running into a folder in the background, one trial at a time, each held after its
 * steps until the test lets it finish: so a test decides when the page must show a new trial. Trial
 * {@value #FAILING} throws (a failed trial, greyed on the page).
 */
final class LiveSweep implements AutoCloseable {
  static final int TRIALS = 6;
  static final long FAILING = 2;

  final Path dir;
  private final Semaphore finish = new Semaphore(0);
  private final RunningSweep running;

  LiveSweep(Path dir) {
    this.dir = dir;
    Space space =
        Space.builder()
            .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
            .add("optim.name", Choices.of("sgd", "adam"))
            .build();
    this.running =
        Sweep.builder(space, this::train)
            .name("live")
            .objective(Objective.minimize("error"))
            .sampler(Samplers.random(7))
            .maxTrials(TRIALS)
            .threads(1)
            .failFast(0)
            .directory(dir)
            .build()
            .start();
  }

  private Result train(Trial t) throws Exception {
    double lr = t.config().getDouble("optim.lr");
    for (int step = 1; step <= 5; step++) {
      double error = lr * (1 + 1.0 / step);
      t.report(step, Map.of("error", error));
      // as a command trial appends to $SWEEP_METRICS: what the page shows of a running trial
      Files.writeString(
          t.workDir().resolve(TrialFiles.METRICS),
          "{\"step\": " + step + ", \"error\": " + error + "}\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    if (!finish.tryAcquire(2, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the test never let trial " + t.id() + " finish");
    }
    if (t.id() == FAILING) {
      throw new IllegalStateException("diverged at step 5 (trial " + t.id() + ")");
    }
    return Result.of("error", lr);
  }

  /** Lets the running trial (or the next to run) finish. */
  void finishOne() {
    finish.release();
  }

  /** Lets every trial finish and waits for the sweep to end. */
  @Override
  public void close() {
    finish.release(TRIALS);
    running.join();
  }
}
