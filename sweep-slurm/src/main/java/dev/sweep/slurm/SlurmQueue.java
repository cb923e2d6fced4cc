package dev.sweep.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poller's side of SLURM: one {@code squeue} a round for every task of every array, the release
 * of requeued tasks that SLURM holds, {@code sacct} for tasks that left the queue without a result,
 * and {@code scancel}. It updates the tasks' handles; when and for which tasks it is asked is the
 * {@link JobTracker}'s. Used by the poller's thread only.
 */
final class SlurmQueue {
  private static final Logger log =
      LoggerFactory.getLogger(
          JobTracker.class); // one logger for the tracking of jobs, polls included

  /** squeue's fields: task id, the task's job id, array job id, array index, state, reason. */
  private static final String FORMAT = "%i|%A|%F|%K|%T|%r";

  /**
   * How long a requeued task is held before the driver lets it start: slurmd refuses to launch a
   * job whose credential is from the same second as its revocation ("Job credential revoked").
   */
  private static final Duration RELEASE_AFTER = Duration.ofSeconds(2);

  /** Polls in a row that must miss a task before it counts as gone from the queue. */
  private static final int MISSING_POLLS = 2;

  private final SlurmCommands commands;
  private boolean noAccounting; // sacct failed once

  SlurmQueue(SlurmCommands commands) {
    this.commands = commands;
  }

  /** Asks SLURM to cancel these tasks, in one call; a failure is logged. */
  void scancel(List<TaskHandle> cancels) throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    cancels.forEach(h -> ids.add(h.taskId()));
    SlurmCommands.Output out = commands.run("scancel", ids);
    if (!out.ok()) {
      log.warn("{}", out.describe());
    }
  }

  /**
   * One {@code squeue} for every array: updates each task, and counts those it no longer lists.
   *
   * @return whether any task changed state
   */
  boolean poll(Map<String, Map<Integer, TaskHandle>> watched)
      throws IOException, InterruptedException {
    SlurmCommands.Output out = squeue(watched.keySet());
    boolean changed = false;
    Set<TaskHandle> seen = new HashSet<>();
    List<TaskHandle> requeued = new ArrayList<>();
    for (String line : out.out().split("\n", -1)) {
      String[] f = line.strip().split("\\|", -1);
      TaskHandle h = f.length < 6 ? null : listed(watched, f);
      if (h != null) {
        seen.add(h);
        changed |= update(h, f, requeued);
      }
    }
    release(requeued);
    return missing(watched, seen) || changed;
  }

  /** The state of every task of these arrays, one line each in {@link #FORMAT}. */
  private SlurmCommands.Output squeue(Set<String> arrayJobs)
      throws IOException, InterruptedException {
    // squeue fails on a lone unknown id but not on a list, so a lone id is given twice.
    List<String> ids = new ArrayList<>(arrayJobs);
    if (ids.size() == 1) {
      ids.add(ids.get(0));
    }
    SlurmCommands.Output out =
        commands.run(
            "squeue", List.of("-h", "-r", "-t", "all", "-j", String.join(",", ids), "-o", FORMAT));
    if (!out.ok() && !out.err().contains("Invalid job id")) {
      throw new IOException(out.describe());
    }
    return out;
  }

  /** The tracked task that a line of squeue's fields is about; null if none is. */
  private static TaskHandle listed(Map<String, Map<Integer, TaskHandle>> watched, String[] f) {
    Map<Integer, TaskHandle> tasks = watched.get(f[2]);
    if (tasks == null || !f[3].matches("[0-9]+")) {
      return null;
    }
    return tasks.get(Integer.parseInt(f[3]));
  }

  /**
   * Updates a task from its line of squeue; a task held after a requeue goes to {@code requeued}
   * once it has been held long enough to be let go.
   *
   * @return whether its state or reason changed
   */
  private static boolean update(TaskHandle h, String[] f, List<TaskHandle> requeued)
      throws IOException {
    h.missing = 0;
    JobState state = JobState.parse(f[4]);
    boolean changed = state != h.state() || !f[5].equals(h.reason());
    h.update(state, f[5], f[1]);
    if (state == JobState.PENDING && f[5].equals("BeginTime")) {
      if (h.heldSince == 0) {
        h.heldSince = System.nanoTime();
        // Requeued: what its last run wrote when it was stopped is not how the task ends.
        Files.deleteIfExists(h.dir.resolve(JobScript.EXIT_MARKER));
      }
      if (!h.released && System.nanoTime() - h.heldSince >= RELEASE_AFTER.toNanos()) {
        h.released = true;
        requeued.add(h);
      }
    } else if (state != JobState.PENDING) {
      h.released = false;
      h.heldSince = 0;
    }
    return changed;
  }

  /**
   * Ends the tasks that squeue has not listed for {@link #MISSING_POLLS} polls in a row: gone from
   * the queue (MinJobAge passed, or cancelled while pending), so their folder, else SLURM's
   * accounting, tells how they ended.
   *
   * @return whether any task was found gone
   */
  private boolean missing(Map<String, Map<Integer, TaskHandle>> watched, Set<TaskHandle> seen)
      throws IOException, InterruptedException {
    boolean changed = false;
    List<TaskHandle> unmarked = new ArrayList<>();
    for (Map<Integer, TaskHandle> tasks : watched.values()) {
      for (TaskHandle h : tasks.values()) {
        if (!seen.contains(h) && ++h.missing >= MISSING_POLLS) {
          if (Files.exists(h.dir.resolve(JobScript.EXIT_MARKER))) {
            h.update(JobState.COMPLETED, "", h.jobId());
          } else {
            unmarked.add(h);
          }
          changed = true;
        }
      }
    }
    Map<String, JobState> accounted = accounting(unmarked);
    for (TaskHandle h : unmarked) {
      h.update(accounted.getOrDefault(h.taskId(), JobState.VANISHED), "", h.jobId());
    }
    return changed;
  }

  /**
   * What SLURM's accounting ({@code sacct}) says of tasks that left the queue without a result, in
   * one call; nothing where the cluster keeps no accounting (the call fails, and is not made
   * again).
   */
  private Map<String, JobState> accounting(List<TaskHandle> tasks)
      throws IOException, InterruptedException {
    Map<String, JobState> states = new LinkedHashMap<>();
    if (tasks.isEmpty() || noAccounting) {
      return states;
    }
    List<String> ids = new ArrayList<>();
    tasks.forEach(h -> ids.add(h.taskId()));
    SlurmCommands.Output out;
    try {
      out =
          commands.run(
              "sacct", List.of("-n", "-P", "-X", "-o", "JobID,State", "-j", String.join(",", ids)));
    } catch (SlurmCommands.MissingCommand e) { // accounting is optional: as a cluster without it
      log.info(
          "no SLURM accounting ({}); tasks that leave the queue without a result count as vanished",
          e.getMessage());
      noAccounting = true;
      return states;
    }
    if (!out.ok()) {
      log.info(
          "no SLURM accounting ({}); tasks that leave the queue without a result count as vanished",
          out.describe());
      noAccounting = true;
      return states;
    }
    for (String line : out.out().split("\n", -1)) {
      String[] f = line.strip().split("\\|", -1);
      if (f.length >= 2) {
        states.put(f[0], JobState.parse(f[1]));
      }
    }
    return states;
  }

  /**
   * A requeued job waits about two minutes (reason BeginTime) before it may start again; the driver
   * lets them all start at once, in one call.
   */
  private void release(List<TaskHandle> requeued) throws IOException, InterruptedException {
    if (requeued.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>();
    requeued.forEach(h -> ids.add(h.taskId()));
    SlurmCommands.Output out =
        commands.run(
            "scontrol", List.of("update", "JobId=" + String.join(",", ids), "StartTime=now"));
    if (!out.ok()) {
      log.warn("{}", out.describe());
    }
  }
}
