package dev.sweep.cli;

import dev.sweep.FailFastException;
import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.cli.spec.SweepSpec;
import dev.sweep.internal.AtomicFiles;
import dev.sweep.population.Population;
import dev.sweep.sampler.ConstraintsUnsatisfiedException;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler.Sampling;
import dev.sweep.slurm.SlurmRunner;
import dev.sweep.space.ProbeException;
import dev.sweep.store.StoreException;
import dev.sweep.store.StoreWriteException;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.TrialState;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sweep file into its folder for {@code sweep run} and {@code sweep rerun}: keeps the spec's
 * copy there, shows progress, and stops the sweep cleanly when {@code sweep cancel} asks (a {@value
 * SweepDir#CANCEL} file, polled every second) or the process gets SIGTERM or SIGINT.
 */
final class Driver {
  private static final long CANCEL_POLL_MS = 1000;

  private final SweepSpec spec;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Progress.Mode mode;

  Driver(SweepSpec spec, PrintWriter out, PrintWriter err, Progress.Mode mode) {
    this.spec = spec;
    this.out = out;
    this.err = err;
    this.mode = mode;
  }

  /**
   * Runs (or resumes) the sweep, running {@code rerun} again too; returns the exit code.
   *
   * @param forceUnlock take over a lock whose text names another host (see {@link UnlockOption})
   */
  int run(Set<Long> rerun, boolean forceUnlock) {
    Path dir = spec.directory();
    Map<Long, TrialState> before = prepareFolder(dir, forceUnlock);
    Progress progress =
        new Progress(
            out,
            err,
            mode,
            spec.objective(),
            spec.runner() instanceof SlurmRunner ? "queued or running" : "running");
    Sweep.Builder builder = spec.sweepBuilder().listener(progress).forceUnlock(forceUnlock);
    rerun.forEach(builder::rerun);
    Sweep sweep = builder.build();
    spec.warmStartSummaries().forEach(err::println);
    startProgress(progress, sweep.totalTrials(), before, rerun);

    CountDownLatch finished = new CountDownLatch(1);
    long t0 = System.nanoTime();
    // started rather than run, so that the watcher and the hook have the run to cancel
    RunningSweep running = sweep.start();
    Thread watcher = watchCancel(dir, running);
    Thread hook = cancelOnSignal(running, finished);
    try {
      Population population;
      try {
        population = running.join();
      } catch (ConstraintsUnsatisfiedException
          | ProbeException
          | StoreWriteException
          | FailFastException e) {
        progress.close();
        err.println("sweep " + spec.name() + ": " + e.getMessage());
        return SweepCommand.TRIALS_FAILED;
      } catch (StoreException e) {
        throw CliException.usage(e.getMessage());
      } finally {
        progress.close();
        watcher.interrupt();
        deleteQuietly(dir.resolve(SweepDir.CANCEL));
      }
      return summary(
          sweep.totalTrials(), running, population, Duration.ofNanos(System.nanoTime() - t0));
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it returns now that the sweep has finished
      }
    }
  }

  /**
   * Checks the folder before anything is written (its lock, its definition, that its journal is
   * this sweep's) and writes the spec's copy; returns the trials it holds.
   */
  private Map<Long, TrialState> prepareFolder(Path dir, boolean forceUnlock) {
    SweepDir.checkLock(dir, forceUnlock, err);
    if (Files.exists(dir.resolve(SweepFolder.DEFINITION))) {
      SweepDir.definition(
          dir.resolve(SweepFolder.DEFINITION)); // a damaged one is named, not passed over
    }
    try {
      // before the copy is written: a refused file must not replace the one the folder ran
      SweepFolder.checkObjectives(dir, spec.objectives());
    } catch (StoreException e) {
      throw CliException.usage(e.getMessage());
    }
    Map<Long, TrialState> before = SweepFolder.replay(dir);
    checkSameSweep(dir, before);
    writeCopy(dir);
    return before;
  }

  /**
   * A daemon that cancels the sweep when {@code sweep cancel} leaves its request in {@code dir}.
   */
  private Thread watchCancel(Path dir, RunningSweep running) {
    Thread watcher = new Thread(() -> pollCancel(dir, running), "sweep-cancel-watcher");
    watcher.setDaemon(true);
    watcher.start();
    return watcher;
  }

  /**
   * On SIGTERM or SIGINT, stops the trials (their processes get killed), then lets the JVM go once
   * the sweep has finished ({@code finished}), or after a minute.
   */
  static Thread cancelOnSignal(RunningSweep running, CountDownLatch finished) {
    Thread hook =
        new Thread(
            () -> {
              running.cancel();
              try {
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sweep-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /**
   * Refuses a folder whose journal holds configs this file does not sample (another space, sampler
   * or seed) before anything is written, naming the first trial that differs.
   */
  private void checkSameSweep(Path dir, Map<Long, TrialState> before) {
    if (before.isEmpty()) {
      return;
    }
    Sampling sampling = spec.sampler().start(spec.space(), spec.objectives());
    OptionalLong size = sampling.size();
    long last = before.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
    for (long i = 0; i <= last && (size.isEmpty() || i < size.getAsLong()); i++) {
      TrialState old = before.get(i);
      Sample sample =
          old == null ? sampling.ask(i) : sampling.resume(i, old.params(), spec.space());
      if (old != null && !old.hash().equals(sample.config().hash())) {
        throw CliException.usage(
            "sweep folder "
                + dir
                + " was made by another sweep: its trial "
                + i
                + " has config "
                + old.config()
                + ", "
                + spec.file()
                + " samples "
                + sample.config()
                + "; use another directory, or the file "
                + "the folder was made with (its copy is "
                + dir.resolve(SweepSpec.COPY)
                + ")");
      }
    }
  }

  /** {@value SweepSpec#COPY}: the spec as run, for {@code sweep rerun} and for people. */
  private void writeCopy(Path dir) {
    try {
      AtomicFiles.write(dir.resolve(SweepSpec.COPY), spec.asRunYaml());
      Files.deleteIfExists(
          dir.resolve(SweepDir.CANCEL)); // a request for an earlier run is not for this one
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + dir.resolve(SweepSpec.COPY) + ": " + e.getMessage(), e);
    }
  }

  private void startProgress(
      Progress progress, long total, Map<Long, TrialState> before, Set<Long> rerun) {
    long done = 0;
    long failed = 0;
    long pruned = 0;
    Population.Builder kept =
        Population.builder(spec.objectives()); // columns, not a million records
    for (TrialState t : before.values()) {
      if (t.id() < total && !rerun.contains(t.id()) && SweepDir.stands(t, spec.retries())) {
        done++;
        failed += t.last().get().status() == TrialStatus.FAILED ? 1 : 0;
        pruned += t.last().get().status() == TrialStatus.PRUNED ? 1 : 0;
        kept.add(t.last().get());
      }
    }
    Optional<TrialRecord> best = kept.build().best();
    progress.start(total, done, failed, pruned, best);
  }

  private void pollCancel(Path dir, RunningSweep running) {
    Path request = dir.resolve(SweepDir.CANCEL);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(CANCEL_POLL_MS);
        if (Files.exists(request)) {
          deleteQuietly(request);
          err.println("sweep " + spec.name() + ": cancel requested; stopping the running trials");
          err.flush();
          running.cancel();
          return;
        }
      }
    } catch (InterruptedException e) {
      // the sweep ended
    }
  }

  private int summary(long total, RunningSweep run, Population population, Duration took) {
    Map<TrialStatus, Long> counts = population.statusCounts();
    long completed = counts.get(TrialStatus.COMPLETED) + counts.get(TrialStatus.PRUNED);
    boolean allDone =
        (completed == total || (run.targetReached() && completed == population.size()))
            && !run.isCancelled();
    if (mode != Progress.Mode.QUIET) {
      StringBuilder s =
          new StringBuilder("sweep ")
              .append(spec.name())
              .append(": ")
              .append(run.isCancelled() ? "cancelled; " : "")
              .append(population.size())
              .append(" of ")
              .append(total)
              .append(" trials finished");
      if (run.targetReached()) {
        s.append(" (the target ")
            .append(Format.number(spec.target().orElseThrow()))
            .append(" was reached)");
      }
      for (TrialStatus status : TrialStatus.values()) {
        if (counts.get(status) > 0) {
          s.append(", ")
              .append(counts.get(status))
              .append(' ')
              .append(status.name().toLowerCase(java.util.Locale.ROOT));
        }
      }
      s.append(" in ").append(Format.duration(took));
      out.println(s);
      population.best().ifPresent(b -> out.println(Format.best(b, spec.objective().metric())));
      out.println("folder: " + spec.directory());
      out.flush();
    }
    return allDone ? SweepCommand.OK : SweepCommand.TRIALS_FAILED;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // best effort: a stale request is removed at the next start
    }
  }
}
