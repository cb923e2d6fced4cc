package dev.sweep;

import java.util.List;

/**
 * A run stopped early because the first trials to finish all failed with the same cause: most
 * likely a bug in the program or the runner (a typo, a missing file), not in their configs, which
 * every later trial would have hit too. No new trial started; running ones were cancelled, as
 * {@link RunningSweep#cancel()} cancels them. With a folder, a run after the fix runs the failed
 * trials again.
 *
 * <pre>{@code
 * try {
 *   sweep.run();
 * } catch (FailFastException e) {
 *   log.error("trials {} failed alike: {}", e.trialIds(), e.failure());
 * }
 * }</pre>
 *
 * <p>See {@link Sweep.Builder#failFast(int)} for what counts as the same cause, and how to turn the
 * check off.
 */
public final class FailFastException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String failure;
  private final List<Long> trialIds;

  FailFastException(String message, String failure, List<Long> trialIds) {
    super(message);
    this.failure = failure;
    this.trialIds = List.copyOf(trialIds);
  }

  /**
   * The first of the failed trials' failure, as its record has it (with the process's log tail).
   */
  public String failure() {
    return failure;
  }

  /** The ids of the trials that failed alike, in the order they finished. */
  public List<Long> trialIds() {
    return trialIds;
  }
}
