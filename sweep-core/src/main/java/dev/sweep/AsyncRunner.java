package dev.sweep;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Runner} whose trials wait outside this JVM (a SLURM job, a process): {@link #start}
 * hands a trial to the backend and returns at once with a future that the backend completes when
 * the trial has ended, from a thread of its own (a poller, a process-exit callback). A sweep with
 * an async runner holds no thread per trial: a few threads of the run ask the sampler and start
 * trials, and what follows a trial's end (its record, the sampler, the journal, retention, retries,
 * the target) runs on a few others when its future completes; {@link Sweep.Builder#threads(int)} is
 * then how many trials are in flight at once, not how many threads run.
 *
 * <pre>{@code
 * AsyncRunner runner = new AsyncRunner() {
 *   public CompletableFuture<Result> start(Trial trial) {
 *     return cluster.submit(trial.config())               // completed by the cluster's poller
 *         .thenApply(metrics -> Result.of("error", metrics.get("error")));
 *   }
 *   public void stop(Trial trial) {
 *     cluster.cancel(trial.id());  // the future then completes, e.g. with CancellationException
 *   }
 * };
 * Sweep.builder(space, runner).threads(5000).maxTrials(100_000).build().run();
 * }</pre>
 *
 * <p>The future's value is judged as {@link Runner#run}'s return, its exception as what {@code run}
 * throws ({@link CancellationException}: the trial was stopped from outside and runs again on
 * resume). A trial stopped by the sweep (cancelled, or pruned by its stopping rule while it {@link
 * Trial#report reports}) must still end before its future completes: the sweep records it only
 * then, so no attempt of a trial runs while another is started. Implementations must be
 * thread-safe.
 */
public interface AsyncRunner extends Runner {
  /**
   * Starts the trial and returns without waiting for it. Called from the sweep's threads; it may do
   * brief work (write files, queue a submission) but should not wait on the trial.
   *
   * @return a future completed with the trial's result, or exceptionally with why it has none
   * @throws Exception if the trial cannot be started: it fails as if its future had
   */
  CompletableFuture<Result> start(Trial trial) throws Exception;

  /**
   * Asks the backend to end a started trial soon: the sweep was cancelled (or stopped by a full
   * disk, fail-fast, an interrupt), so {@link Trial#shouldStop()} is now true; its future should
   * then complete, typically exceptionally with a {@link CancellationException}. Not called for a
   * trial that the stopping rule prunes, or that a shared store no longer holds: the backend learns
   * those from {@code shouldStop()}, after it {@link Trial#report reports} and as it polls. The
   * default does nothing: the backend then looks at {@code shouldStop()} at its own pace. Must not
   * block.
   */
  default void stop(Trial trial) {}

  /**
   * Starts the trial and waits for its end on this thread, asking the backend to stop it once
   * {@link Trial#shouldStop()} turns true or this thread is interrupted; for callers that run
   * trials one by one on their own threads.
   */
  @Override
  default Result run(Trial trial) throws Exception {
    CompletableFuture<Result> future = start(trial);
    boolean stopAsked = false;
    while (true) {
      try {
        return future.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException notYet) {
        if (!stopAsked && trial.shouldStop()) {
          stop(trial);
          stopAsked = true;
        }
      } catch (InterruptedException e) {
        stop(trial);
        throw e;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }
  }
}
