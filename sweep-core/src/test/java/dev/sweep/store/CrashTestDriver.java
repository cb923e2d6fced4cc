package dev.sweep.store;

import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.SweepListener;
import dev.sweep.Trial;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The driver JVM that {@link CrashResumeTest} kills: runs (or resumes) a sweep in a folder. Prints
 * "running" once the first trial starts, so that the test kills it mid-sweep.
 *
 * <p>Arguments: folder, trials, sleep milliseconds per trial (up to).
 */
public final class CrashTestDriver {
  private CrashTestDriver() {}

  static Space space() {
    return Space.builder()
        .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
        .add("model.width", Ints.powerOfTwo(8, 64))
        .build();
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int trials = Integer.parseInt(args[1]);
    int sleep = Integer.parseInt(args[2]);
    SweepListener announce =
        new SweepListener() {
          private volatile boolean said;

          @Override
          public void trialStarted(Trial trial) {
            if (!said) {
              said = true;
              System.out.println("running");
              System.out.flush();
            }
          }
        };
    Sweep.builder(
            space(),
            trial -> {
              Path out = trial.workDir().resolve("progress.txt");
              // Every trial writes in its folder, so kills also land in the middle of file writes.
              Files.writeString(out, "started " + trial.id() + "\n");
              Thread.sleep(Math.floorMod(trial.name().hashCode(), sleep + 1));
              return Result.of("error", trial.config().getDouble("optim.lr"));
            })
        .name("crash")
        .objective(Objective.minimize("error"))
        .sampler(Samplers.random(7))
        .maxTrials(trials)
        .threads(2)
        .directory(dir)
        .listener(announce)
        .build()
        .run();
    System.out.println("done");
  }
}
