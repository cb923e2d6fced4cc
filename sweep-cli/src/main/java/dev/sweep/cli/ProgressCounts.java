package dev.sweep.cli;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a sweep stands at one moment, as the progress line shows it: a value, so that the line is a
 * pure function of it.
 *
 * @param total the trials the sweep runs (or this agent may run)
 * @param done the trials that ended, pruned and failed ones included
 * @param running the trials started and not ended
 * @param pruned the trials a stopping rule ended early (part of {@code done})
 * @param failed the trials that failed (part of {@code done})
 * @param active what the running trials are doing: {@code running}, {@code queued or running}
 * @param best the best trial so far, if one completed with a finite objective
 * @param elapsed the time since this run started
 * @param eta the time left at the pace so far, once a trial ended in this run
 */
record ProgressCounts(
    long total,
    long done,
    long running,
    long pruned,
    long failed,
    String active,
    Optional<Best> best,
    Duration elapsed,
    Optional<Duration> eta) {
  ProgressCounts {
    requireNonNull(active, "active == null");
    requireNonNull(best, "best == null");
    requireNonNull(elapsed, "elapsed == null");
    requireNonNull(eta, "eta == null");
  }

  /** The best trial so far: its id and its objective's value. */
  record Best(String metric, double value, long trial) {
    Best {
      requireNonNull(metric, "metric == null");
    }
  }
}
