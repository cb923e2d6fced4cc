package dev.sweep.slurm;

import java.util.Locale;

/**
 * The state of one SLURM job (an array task), as {@code squeue -t all} and {@code scontrol show
 * job} print it, and what it means for the trial it runs.
 */
public enum JobState {
  PENDING(false, "waits in the queue"),
  CONFIGURING(false, "is being set up"),
  RUNNING(false, "runs"),
  COMPLETING(false, "is finishing"),
  SUSPENDED(false, "is suspended"),
  REQUEUED(false, "was requeued"),
  REQUEUE_HOLD(false, "was requeued and is held"),
  REQUEUE_FED(false, "was requeued"),
  RESIZING(false, "is being resized"),
  SIGNALING(false, "is being signalled"),
  STAGE_OUT(false, "is staging out"),
  STOPPED(false, "is stopped"),
  COMPLETED(true, "completed"),
  FAILED(true, "failed"),
  CANCELLED(true, "was cancelled"),
  TIMEOUT(true, "hit its time limit"),
  PREEMPTED(true, "was preempted"),
  NODE_FAIL(true, "was lost with its node"),
  OUT_OF_MEMORY(true, "ran out of memory"),
  BOOT_FAIL(true, "could not boot its node"),
  DEADLINE(true, "missed its deadline"),
  SPECIAL_EXIT(true, "ended in a special exit state"),
  REVOKED(true, "was revoked"),
  /** Not a SLURM state: the job is gone from the queue and left no result in its folder. */
  VANISHED(true, "vanished from the queue without a result (cancelled while pending, or lost)"),
  /** Not a SLURM state: one this version does not know. */
  UNKNOWN(false, "is in a state this version does not know");

  private final boolean terminal;
  private final String meaning;

  JobState(boolean terminal, String meaning) {
    this.terminal = terminal;
    this.meaning = meaning;
  }

  /** Whether the job has ended (it will not run again unless requeued). */
  public boolean isTerminal() {
    return terminal;
  }

  /** What the state says of the job, for messages: "hit its time limit". */
  public String meaning() {
    return meaning;
  }

  /**
   * The state that SLURM names {@code text} ({@code "CANCELLED+"} and {@code "cancelled by 0"}
   * included).
   */
  public static JobState parse(String text) {
    String word = text.strip().split("[\\s+]", 2)[0].toUpperCase(Locale.ROOT);
    if (word.equals("OOM")) {
      return OUT_OF_MEMORY;
    }
    for (JobState s : values()) {
      if (s.name().equals(word)) {
        return s;
      }
    }
    return UNKNOWN;
  }
}
