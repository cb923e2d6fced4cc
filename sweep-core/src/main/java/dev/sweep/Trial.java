package dev.sweep;

import dev.sweep.config.Config;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link Runner} receives: one trial's config and identity, and the ways to talk back to the
 * sweep while it runs. Methods are safe to call from any thread.
 */
public interface Trial {

  /** The trial's index in the sweep, from 0. */
  long id();

  /** The readable, folder-safe name of its sampled values, e.g. {@code lr=0.1,wd=1e-04}. */
  String name();

  /** The full config: base, sampled values and derived values. */
  Config config();

  /** The sampled values by dotted path. */
  Map<String, Object> params();

  /**
   * The trial's own folder, created on first call: {@code <directory>/trials/<id>-<name>}. A
   * resumed trial gets the same folder back, so checkpoints written there survive.
   *
   * @throws IllegalStateException if the sweep was built without a directory
   */
  Path workDir();

  /**
   * Records the metrics at one step of the training curve (an epoch, an iteration).
   *
   * @throws IllegalArgumentException if {@code metrics} is empty or has a null value
   */
  void report(long step, Map<String, ? extends Number> metrics);

  /** Records one metric at one step. */
  default void report(long step, String metric, double value) {
    report(step, Map.of(metric, value));
  }

  /**
   * Whether the trial should stop as soon as it can (the sweep was cancelled, or a stopping rule
   * pruned it); a runner that checks it between steps stops promptly. A runner that saw it turn
   * true because the sweep was cancelled, and then returns, has not finished: the trial is recorded
   * {@link dev.sweep.trial.TrialStatus#CANCELLED}, and a resumed sweep runs it again.
   */
  boolean shouldStop();

  /**
   * Which attempt of this trial this is, from 1: a retry after a failure, or a run again after a
   * crash or a cancel, counts up. A runner can resume from its checkpoints when it is above 1.
   */
  default int attempt() {
    return 1;
  }

  /**
   * Whether the trial should save a checkpoint in its {@link #workDir()} now: it is about to be
   * stopped (a SLURM time limit or a preemption is near) and will resume in the same folder. A
   * runner that checks it between steps, saves, and returns or throws, loses no work. Always false
   * for trials that run in this JVM.
   */
  default boolean checkpointRequested() {
    return false;
  }

  /**
   * Records in the sweep's journal a fact about this trial that a later run of the sweep may need,
   * such as the SLURM job that runs it; the last value of each key is kept. Without a sweep folder
   * it is kept in memory for this run only.
   *
   * <pre>{@code
   * trial.note("slurm", Map.of("job", "411_5"));
   * // after a restart of the driver:
   * trial.noted("slurm").map(n -> n.get("job"));   // Optional["411_5"]
   * }</pre>
   */
  default void note(String key, Map<String, ?> value) {
    throw new UnsupportedOperationException(
        "trial " + id() + " keeps no notes; cannot note '" + key + "'");
  }

  /** The last value {@linkplain #note noted} under {@code key}, in this run or an earlier one. */
  default Optional<Map<String, Object>> noted(String key) {
    return Optional.empty();
  }
}
