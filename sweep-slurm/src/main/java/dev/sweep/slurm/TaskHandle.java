package dev.sweep.slurm;

import dev.sweep.Trial;
import dev.sweep.process.TrialOutput;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One trial's array task as the driver follows it: where it is in the queue, and a future that
 * completes when it has ended (or exceptionally, if it could not be submitted). Written by the
 * tracker's threads, read by the trial's.
 */
final class TaskHandle {
  final long trialId;
  final Path dir;
  final Trial trial; // null in tests of the tracker alone
  final TrialOutput output; // read by the poller while the task runs; null with no trial
  boolean
      stopAsked; // the trial's shouldStop() was seen, its cancel asked; the poller's thread only
  final CompletableFuture<JobState> ended = new CompletableFuture<>();
  private volatile String arrayJob; // null until submitted or found
  private volatile int index = -1;
  private volatile JobState state = JobState.PENDING;
  private volatile String reason = "";
  private volatile String jobId = ""; // the task's own job id (%A), for scontrol
  int missing; // polls in a row that did not list it; the poller's thread only
  boolean released; // a BeginTime hold after a requeue was lifted; the poller's thread only
  long heldSince; // System.nanoTime() when the poller first saw the hold; 0: not held

  TaskHandle(long trialId, Path dir) {
    this(trialId, dir, null, null);
  }

  /** The task of {@code trial}, whose files {@code output} reads while it runs. */
  TaskHandle(Trial trial, Path dir, TrialOutput output) {
    this(trial.id(), dir, trial, output);
  }

  private TaskHandle(long trialId, Path dir, Trial trial, TrialOutput output) {
    this.trialId = trialId;
    this.dir = dir;
    this.trial = trial;
    this.output = output;
  }

  void submitted(String arrayJob, int index) {
    this.index = index;
    this.arrayJob = arrayJob;
  }

  String arrayJob() {
    return arrayJob;
  }

  int index() {
    return index;
  }

  /** {@code 411_5}: how scancel and people name the task. */
  String taskId() {
    return arrayJob + "_" + index;
  }

  String jobId() {
    return jobId;
  }

  JobState state() {
    return state;
  }

  String reason() {
    return reason;
  }

  void update(JobState state, String reason, String jobId) {
    this.state = state;
    this.reason = reason;
    this.jobId = jobId;
    if (state.isTerminal()) {
      ended.complete(state);
    }
  }

  @Override
  public String toString() {
    return "trial "
        + trialId
        + (arrayJob == null ? " (not submitted)" : " (job " + taskId() + ", " + state + ")");
  }
}
