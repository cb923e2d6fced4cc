package dev.sweep.trial;

/** Where a trial is in its life. */
public enum TrialStatus {
  /** Sampled and recorded, not started. */
  PENDING,
  /** Started by a backend. */
  RUNNING,
  /** Returned a result with a finite objective. */
  COMPLETED,
  /** Threw, exited non-zero, or returned no usable objective; the cause is recorded. */
  FAILED,
  /** Stopped early by a stopping rule; its curve is kept. */
  PRUNED,
  /** Stopped because the sweep was cancelled before it finished. */
  CANCELLED;

  /** Whether the trial will not change any more. */
  public boolean isFinished() {
    return this == COMPLETED || this == FAILED || this == PRUNED || this == CANCELLED;
  }
}
