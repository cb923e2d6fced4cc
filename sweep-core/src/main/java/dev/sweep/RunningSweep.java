package dev.sweep;

import dev.sweep.population.Population;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A sweep started in the background by {@link Sweep#start()}: its final population as a
 * {@link CompletableFuture}, a live snapshot while it runs, and the ways to stop it. The sweep's
 * threads are its own; {@link #close()} returns once every one of them has ended.
 *
 * <pre>{@code
 * try (RunningSweep running = sweep.start()) {
 *   running.result().thenAccept(p -> log.info("best: {}", p.best()));
 *   ...
 *   Population soFar = running.snapshot();   // the trials finished so far
 *   running.cancel();                        // no new trial starts; running ones are told to stop
 * }                                          // close(): waits until the sweep's threads are gone
 * }</pre>
 *
 * <p>Cancelling {@link #result()} cancels the sweep. A cancelled sweep still completes its
 * result (unless the future itself was cancelled) with the trials it ran, those stopped ending
 * {@link dev.sweep.trial.TrialStatus#CANCELLED}. If the sweep fails (a folder made by another
 * sweep, constraints no config satisfies) the result completes exceptionally with that exception.
 */
public final class RunningSweep implements AutoCloseable {
  private final Sweep sweep;
  private final Thread driver;
  private final CompletableFuture<Population> result;

  RunningSweep(Sweep sweep, String threadName) {
    this.sweep = sweep;
    this.result = new CancellingFuture(sweep);
    this.driver = new Thread(this::drive, threadName);
    this.driver.setDaemon(true); // a host that forgets close() can still exit; close() is the clean way
  }

  void begin() {
    driver.start();
  }

  private void drive() {
    try {
      result.complete(sweep.execute());
    } catch (Throwable e) {
      result.completeExceptionally(e);
      if (e instanceof VirtualMachineError vm) {
        throw vm;
      }
    }
  }

  /**
   * The population of every finished trial once the sweep has ended. Its dependent stages run on
   * the sweep's thread unless given an executor ({@code thenAcceptAsync(action, executor)}).
   */
  public CompletableFuture<Population> result() {
    return result;
  }

  /** The trials finished so far, in id order: a snapshot that does not change. */
  public Population snapshot() {
    return sweep.population();
  }

  /** The sweep that runs. */
  public Sweep sweep() {
    return sweep;
  }

  /** Stops starting trials; running ones see {@link Trial#shouldStop()}. Idempotent. */
  public void cancel() {
    sweep.cancel();
  }

  /** Whether the sweep has ended and its threads are gone. */
  public boolean isDone() {
    return !driver.isAlive() && result.isDone();
  }

  /**
   * Waits up to {@code timeout} for the sweep to end and its threads to be gone.
   *
   * @return whether it ended in time
   * @throws InterruptedException if this thread is interrupted while waiting
   */
  public boolean await(Duration timeout) throws InterruptedException {
    driver.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeout.toNanos())));
    return !driver.isAlive();
  }

  /**
   * Cancels the sweep if it still runs and waits until its threads have ended: trials that run in
   * this JVM end when their runner returns (runners should check {@link Trial#shouldStop()}), and
   * processes get SIGTERM, then SIGKILL after their grace period. Every finished trial is in the
   * sweep folder by then. An interrupt while waiting is kept in this thread's status. Called from
   * one of the sweep's own threads (a runner, or a listener without an executor), it cancels and
   * returns at once, as that thread cannot wait for itself.
   */
  @Override
  public void close() {
    if (driver.isAlive()) {
      sweep.cancel();
    }
    if (Thread.currentThread() == driver || sweep.runsOnThisThread()) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        driver.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the threads must still end before close returns
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "RunningSweep[" + driver.getName() + (isDone() ? ", done" : ", running") + "]";
  }

  /** A future whose cancellation cancels the sweep too. */
  private static final class CancellingFuture extends CompletableFuture<Population> {
    private final Sweep sweep;

    CancellingFuture(Sweep sweep) {
      this.sweep = sweep;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      sweep.cancel();
      return super.cancel(mayInterruptIfRunning);
    }
  }
}
