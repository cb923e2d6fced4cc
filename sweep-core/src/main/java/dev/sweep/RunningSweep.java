package dev.sweep;

import dev.sweep.population.Population;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One run of a sweep, started in the background by {@link Sweep#start()}: its final population as a
 * {@link CompletableFuture}, a live snapshot while it runs, and the ways to stop it. The run's
 * threads are its own; {@link #close()} returns once every one of them has ended.
 *
 * <pre>{@code
 * try (RunningSweep running = sweep.start()) {
 *   running.result().thenAccept(p -> log.info("best: {}", p.best()));
 *   ...
 *   Population soFar = running.snapshot();   // the trials finished so far
 *   running.cancel();                        // no new trial starts; running ones are told to stop
 * }                                          // close(): waits until the run's threads are gone
 * }</pre>
 *
 * <p>Cancelling {@link #result()} cancels the run. A cancelled run still completes its result
 * (unless the future itself was cancelled) with the trials it ran, those stopped ending {@link
 * dev.sweep.trial.TrialStatus#CANCELLED}. If the run fails (a folder made by another sweep,
 * constraints no config satisfies) the result completes exceptionally with that exception, and
 * {@link #snapshot()} still shows the trials that finished.
 */
public final class RunningSweep implements AutoCloseable {
  private final SweepRun run;
  private final Thread driver;
  private final CompletableFuture<Population> result;

  RunningSweep(SweepRun run, String threadName) {
    this.run = run;
    this.result = new CancellingFuture(run);
    this.driver = new Thread(this::drive, threadName);
    this.driver.setDaemon(
        true); // a host that forgets close() can still exit; close() is the clean way
  }

  void begin() {
    driver.start();
  }

  private void drive() {
    try {
      result.complete(run.execute());
    } catch (Throwable e) {
      result.completeExceptionally(e);
      if (e instanceof VirtualMachineError vm) {
        throw vm;
      }
    }
  }

  /**
   * The population of every finished trial once the run has ended. Its dependent stages run on the
   * run's thread unless given an executor ({@code thenAcceptAsync(action, executor)}).
   */
  public CompletableFuture<Population> result() {
    return result;
  }

  /**
   * Waits for the run to end and returns its population, as {@link Sweep#run()} does: what ended
   * the run is thrown as it is, and an interrupt while waiting cancels the run, waits for its
   * threads all the same and is kept in this thread's status.
   *
   * <pre>{@code
   * RunningSweep running = sweep.start();
   * cancelButton.onClick(running::cancel);
   * Population population = running.join();
   * }</pre>
   *
   * @throws IllegalStateException if called from one of the run's own threads (a runner, or a
   *     listener without an executor), which cannot wait for itself
   * @throws CancellationException if {@link #result()} was cancelled
   * @throws RuntimeException what ended the run, as {@link Sweep#run()} documents
   */
  public Population join() {
    if (run.runsOnThisThread()) {
      throw new IllegalStateException(
          "sweep '" + run.name() + "': a runner or listener cannot wait for its own run");
    }
    if (Thread.currentThread()
        != driver) { // the driver itself runs result()'s stages once it is done
      awaitDriver();
    }
    try {
      return result.join();
    } catch (CompletionException e) {
      throw rethrown(e.getCause());
    }
  }

  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof Error e) {
      throw e;
    }
    // the run throws nothing checked; the wrapping is for the compiler
    return cause instanceof RuntimeException e ? e : new IllegalStateException(cause);
  }

  /** Waits for the driver thread to end; an interrupt cancels the run and is kept in the status. */
  private void awaitDriver() {
    boolean interrupted = false;
    while (true) {
      try {
        driver.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        run.cancel(); // the caller wants out: no new trial starts, and the threads must still end
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The trials finished so far, in id order: a snapshot that does not change. */
  public Population snapshot() {
    return run.population();
  }

  /** The best trial finished so far by the objective. */
  public Optional<TrialRecord> best() {
    return snapshot().best();
  }

  /** The objective of the best trial finished so far. */
  public OptionalDouble bestValue() {
    String metric = run.objective().metric();
    return best()
        .map(t -> OptionalDouble.of(Objectives.value(t, metric)))
        .orElse(OptionalDouble.empty());
  }

  /**
   * Stops starting trials; running ones see {@link Trial#shouldStop()} and are recorded as they end
   * ({@link dev.sweep.trial.TrialStatus#CANCELLED} if they throw). Idempotent.
   */
  public void cancel() {
    run.cancel();
  }

  /** Whether the run was cancelled (by {@link #cancel()}, or as its store could not be written). */
  public boolean isCancelled() {
    return run.isCancelled();
  }

  /**
   * Whether a completed trial has met the sweep's {@linkplain Sweep.Builder#target target}: then no
   * new trial starts.
   */
  public boolean targetReached() {
    return run.targetReached();
  }

  /** Whether the run has ended and its threads are gone. */
  public boolean isDone() {
    return !driver.isAlive() && result.isDone();
  }

  /**
   * Waits up to {@code timeout} for the run to end and its threads to be gone.
   *
   * @return whether it ended in time
   * @throws InterruptedException if this thread is interrupted while waiting
   */
  public boolean await(Duration timeout) throws InterruptedException {
    driver.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeout.toNanos())));
    return !driver.isAlive();
  }

  /**
   * Cancels the run if it still runs and waits until its threads have ended: trials that run in
   * this JVM end when their runner returns (runners should check {@link Trial#shouldStop()}), and
   * processes get SIGTERM, then SIGKILL after their grace period. Every finished trial is in the
   * sweep folder by then. An interrupt while waiting is kept in this thread's status. Called from
   * one of the run's own threads (a runner, or a listener without an executor), it cancels and
   * returns at once, as that thread cannot wait for itself.
   */
  @Override
  public void close() {
    if (driver.isAlive()) {
      run.cancel();
    }
    if (Thread.currentThread() == driver || run.runsOnThisThread()) {
      return;
    }
    awaitDriver();
  }

  @Override
  public String toString() {
    return "RunningSweep[" + driver.getName() + (isDone() ? ", done" : ", running") + "]";
  }

  /** A future whose cancellation cancels the run too. */
  private static final class CancellingFuture extends CompletableFuture<Population> {
    private final SweepRun run;

    CancellingFuture(SweepRun run) {
      this.run = run;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      run.cancel();
      return super.cancel(mayInterruptIfRunning);
    }
  }
}
