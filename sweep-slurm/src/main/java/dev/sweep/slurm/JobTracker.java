package dev.sweep.slurm;

import dev.sweep.Trial;
import dev.sweep.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits trials as job arrays and follows them, for one {@link SlurmRunner}: trials that arrive
 * together (within the batch window) go out in one {@code sbatch} per chunk of at most
 * MaxArraySize tasks, and one {@code squeue} per interval reports on every task of every array,
 * whatever their number. Its two threads start when there is work and end when there is none, so
 * none is left behind after a sweep.
 */
final class JobTracker {
  private static final Logger log = LoggerFactory.getLogger(JobTracker.class);
  /** squeue's fields: task id, the task's job id, array job id, array index, state, reason. */
  private static final String FORMAT = "%i|%A|%F|%K|%T|%r";
  /**
   * How long a requeued task is held before the driver lets it start: slurmd refuses to launch a
   * job whose credential is from the same second as its revocation ("Job credential revoked").
   */
  private static final Duration RELEASE_AFTER = Duration.ofSeconds(2);
  /** Polls in a row that must miss a task before it counts as gone from the queue. */
  private static final int MISSING_POLLS = 2;

  /** A trial waiting to be submitted. */
  record Submission(Trial trial, TaskHandle handle) {}

  private final SlurmRunner runner;
  private final SlurmCommands commands;
  private final Object lock = new Object();
  private final List<Submission> queue = new ArrayList<>(); // guarded by lock
  private final Map<String, Map<Integer, TaskHandle>> arrays = new LinkedHashMap<>(); // guarded by lock
  private final Set<TaskHandle> toCancel = new LinkedHashSet<>(); // guarded by lock
  private long firstArrival; // System.nanoTime() of the oldest trial in the queue; guarded by lock
  private long lastArrival; // System.nanoTime(); guarded by lock
  private Thread submitter; // guarded by lock; null when not running
  private Thread poller; // guarded by lock; null when not running
  private int maxArraySize; // asked of the cluster once; guarded by lock
  private boolean noAccounting; // sacct failed once; the poller's thread only
  private final Map<String, Optional<String>> found = new HashMap<>(); // guarded by itself

  JobTracker(SlurmRunner runner, SlurmCommands commands) {
    this.runner = runner;
    this.commands = commands;
  }

  /** Queues a trial for the next array; its handle ends when the task does. */
  void submit(Submission s) {
    synchronized (lock) {
      if (queue.isEmpty()) {
        firstArrival = System.nanoTime();
      }
      queue.add(s);
      lastArrival = System.nanoTime();
      if (submitter == null) {
        submitter = start("sweep-slurm-submit", this::submitLoop);
      }
      lock.notifyAll();
    }
  }

  /**
   * The array job named {@code jobName}, if SLURM still knows it: for a trial whose driver died
   * between writing its job's name and learning its id. One query per name, whatever the number
   * of trials that ask.
   */
  Optional<String> find(String jobName) throws IOException, InterruptedException {
    synchronized (found) {
      if (!found.containsKey(jobName)) {
        SlurmCommands.Output out = commands.run("squeue", List.of("-h", "-t", "all", "--name=" + jobName, "-o", "%F"));
        if (!out.ok()) {
          throw new IOException(out.describe());
        }
        found.put(jobName, out.out().lines().map(String::strip).filter(l -> l.matches("[0-9]+")).findFirst());
      }
      return found.get(jobName);
    }
  }

  /** Follows a task submitted by an earlier driver. */
  void attach(TaskHandle handle) {
    synchronized (lock) {
      track(handle);
    }
  }

  /**
   * Asks SLURM to cancel the task, at the next poll with the others asked for; a trial not yet
   * submitted is taken out of the queue instead.
   */
  void cancel(TaskHandle handle) {
    synchronized (lock) {
      if (queue.removeIf(s -> s.handle() == handle)) {
        handle.update(JobState.CANCELLED, "cancelled before it was submitted", "");
        return;
      }
      toCancel.add(handle);
      lock.notifyAll();
    }
  }

  private void track(TaskHandle handle) {
    arrays.computeIfAbsent(handle.arrayJob(), k -> new LinkedHashMap<>()).put(handle.index(), handle);
    if (poller == null) {
      poller = start("sweep-slurm-poll", this::pollLoop);
    }
  }

  private static Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  // ---------------------------------------------------------------- submitting

  private void submitLoop() {
    long window = runner.batchWindow.toNanos();
    while (true) {
      List<Submission> batch;
      synchronized (lock) {
        // Trials arrive one by one from the sweep's threads: wait until they stop coming, but no
        // longer than ten windows, lest a steady stream (a trial per finished one) never go out.
        long since = firstArrival;
        while (!queue.isEmpty() && System.nanoTime() - lastArrival < window && System.nanoTime() - since < 10 * window) {
          waitQuietly(Math.max(1, TimeUnit.NANOSECONDS.toMillis(window - (System.nanoTime() - lastArrival))));
        }
        if (queue.isEmpty()) {
          submitter = null;
          return;
        }
        batch = new ArrayList<>(queue);
        queue.clear();
      }
      submitBatch(batch);
    }
  }

  private void submitBatch(List<Submission> batch) {
    int chunkSize;
    try {
      chunkSize = maxArraySize();
    } catch (IOException | InterruptedException e) {
      batch.forEach(s -> s.handle().ended.completeExceptionally(e));
      return;
    }
    // A runner may serve several sweeps at once: each sweep's trials go into arrays of its own.
    Map<Path, List<Submission>> bySweep = new LinkedHashMap<>();
    batch.forEach(s -> bySweep.computeIfAbsent(sweepDir(s), k -> new ArrayList<>()).add(s));
    for (List<Submission> trials : bySweep.values()) {
      String previous = null;
      for (int from = 0; from < trials.size(); from += chunkSize) {
        List<Submission> chunk = trials.subList(from, Math.min(trials.size(), from + chunkSize));
        try {
          previous = submitChunk(chunk, previous);
        } catch (IOException | RuntimeException e) {
          log.error("cannot submit {} trials to SLURM: {}", chunk.size(), e.getMessage());
          chunk.forEach(s -> s.handle().ended.completeExceptionally(e));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          batch.forEach(s -> s.handle().ended.completeExceptionally(e));
          return;
        }
      }
    }
  }

  /** The sweep folder of a trial: its folder is {@code <sweep>/trials/<id>-<name>}. */
  private static Path sweepDir(Submission s) {
    return s.handle().dir.getParent().getParent();
  }

  /**
   * Submits one array; a chunk after the first waits for the one before it to end
   * ({@code --dependency=afterany}), so that the throttle holds for the whole batch.
   *
   * @return the array's job id
   */
  private String submitChunk(List<Submission> chunk, String after) throws IOException, InterruptedException {
    Path sweepDir = sweepDir(chunk.get(0));
    Batch batch = Batch.create(sweepDir.resolve(SlurmRunner.FOLDER), runner.jobNamePrefix(sweepDir));
    for (int i = 0; i < chunk.size(); i++) {
      Submission s = chunk.get(i);
      batch.link(i, s.handle().dir);
      // Before sbatch: a driver killed while it runs finds the job again by its name.
      s.trial().note(SlurmRunner.NOTE, Map.of("batch", batch.name(), "job_name", batch.jobName(), "task", i));
    }
    List<String> args = new ArrayList<>(runner.sbatchOptions(batch, chunk.size(), after));
    String header = "Sweep job array " + batch.jobName() + ": " + chunk.size() + " trials, one array task each;\n"
        + "task i runs what tasks/i/" + TaskFile.NAME + " says (the trial folder's, written by the driver).\n"
        + "Written by dev.sweep.slurm; submitted as: sbatch " + String.join(" ", args) + " job.sh " + batch.dir();
    AtomicFiles.write(batch.script(), JobScript.write(header, runner.requeues));
    args.add(batch.script().toString());
    args.add(batch.dir().toString());
    SlurmCommands.Output out = commands.run("sbatch", args);
    if (!out.ok()) {
      throw new IOException(out.describe());
    }
    String jobId = out.out().strip().split(";", 2)[0];
    if (!jobId.matches("[0-9]+")) {
      throw new IOException("sbatch printed '" + out.out().strip() + "', not a job id");
    }
    Files.writeString(batch.dir().resolve("job-id"), jobId + "\n");
    log.info("submitted {} trials as job array {} ({})", chunk.size(), jobId, batch.jobName());
    synchronized (lock) {
      for (int i = 0; i < chunk.size(); i++) {
        Submission s = chunk.get(i);
        s.handle().submitted(jobId, i);
        s.trial().note(SlurmRunner.NOTE, Map.of("batch", batch.name(), "job_name", batch.jobName(), "task", i,
            "array_job", jobId));
        track(s.handle());
      }
      lock.notifyAll();
    }
    return jobId;
  }

  private int maxArraySize() throws IOException, InterruptedException {
    synchronized (lock) {
      if (maxArraySize > 0) {
        return maxArraySize;
      }
    }
    int size = runner.maxArraySize;
    if (size == 0) {
      SlurmCommands.Output out = commands.run("scontrol", List.of("show", "config"));
      size = 1001; // SLURM's default
      for (String line : out.out().split("\n")) {
        String[] kv = line.split("=", 2);
        if (kv.length == 2 && kv[0].strip().equals("MaxArraySize")) {
          size = Integer.parseInt(kv[1].strip());
        }
      }
      // MaxArraySize bounds the index: 0 .. MaxArraySize - 1.
      size = Math.max(1, size - 1);
    }
    synchronized (lock) {
      maxArraySize = size;
    }
    return size;
  }

  // ---------------------------------------------------------------- polling

  private void pollLoop() {
    Duration interval = runner.pollInterval;
    while (true) {
      List<TaskHandle> cancels;
      Map<String, Map<Integer, TaskHandle>> watched;
      synchronized (lock) {
        long until = System.nanoTime() + interval.toNanos();
        while (toCancel.stream().noneMatch(h -> h.arrayJob() != null) && System.nanoTime() < until) {
          waitQuietly(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
        }
        arrays.values().forEach(tasks -> tasks.values().removeIf(h -> h.ended.isDone()));
        arrays.values().removeIf(Map::isEmpty);
        if (arrays.isEmpty()) {
          poller = null;
          return;
        }
        cancels = new ArrayList<>();
        for (TaskHandle h : toCancel) {
          if (h.arrayJob() != null) { // one being submitted is cancelled once it has its job
            cancels.add(h);
          }
        }
        toCancel.removeAll(cancels);
        watched = new LinkedHashMap<>();
        arrays.forEach((job, tasks) -> watched.put(job, new LinkedHashMap<>(tasks)));
      }
      try {
        if (!cancels.isEmpty()) {
          scancel(cancels);
        }
        boolean changed = poll(watched);
        interval = changed || !cancels.isEmpty() ? runner.pollInterval : backOff(interval);
        synchronized (lock) { // the last task has ended: end now, not a poll interval later
          arrays.values().forEach(tasks -> tasks.values().removeIf(h -> h.ended.isDone()));
          arrays.values().removeIf(Map::isEmpty);
          if (arrays.isEmpty()) {
            poller = null;
            return;
          }
        }
      } catch (IOException e) {
        log.warn("cannot ask SLURM how the sweep's jobs are: {}; trying again in {}", e.getMessage(), interval);
        interval = backOff(interval);
      } catch (InterruptedException e) {
        synchronized (lock) {
          poller = null;
        }
        return;
      }
    }
  }

  private Duration backOff(Duration interval) {
    Duration next = Duration.ofMillis((long) (interval.toMillis() * 1.5));
    return next.compareTo(runner.maxPollInterval) > 0 ? runner.maxPollInterval : next;
  }

  private void scancel(List<TaskHandle> cancels) throws IOException, InterruptedException {
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
  private boolean poll(Map<String, Map<Integer, TaskHandle>> watched) throws IOException, InterruptedException {
    // squeue fails on a lone unknown id but not on a list, so a lone id is given twice.
    List<String> ids = new ArrayList<>(watched.keySet());
    if (ids.size() == 1) {
      ids.add(ids.get(0));
    }
    SlurmCommands.Output out = commands.run("squeue", List.of("-h", "-r", "-t", "all", "-j", String.join(",", ids), "-o", FORMAT));
    if (!out.ok() && !out.err().contains("Invalid job id")) {
      throw new IOException(out.describe());
    }
    boolean changed = false;
    Set<TaskHandle> seen = new HashSet<>();
    List<TaskHandle> requeued = new ArrayList<>();
    for (String line : out.out().split("\n")) {
      String[] f = line.strip().split("\\|", -1);
      if (f.length < 6) {
        continue;
      }
      Map<Integer, TaskHandle> tasks = watched.get(f[2]);
      if (tasks == null || !f[3].matches("[0-9]+")) {
        continue;
      }
      TaskHandle h = tasks.get(Integer.parseInt(f[3]));
      if (h == null) {
        continue;
      }
      seen.add(h);
      h.missing = 0;
      JobState state = JobState.parse(f[4]);
      if (state != h.state() || !f[5].equals(h.reason())) {
        changed = true;
      }
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
    }
    release(requeued);
    List<TaskHandle> unmarked = new ArrayList<>();
    for (Map<Integer, TaskHandle> tasks : watched.values()) {
      for (TaskHandle h : tasks.values()) {
        if (!seen.contains(h) && ++h.missing >= MISSING_POLLS) {
          // Gone from the queue (MinJobAge passed, or cancelled while pending): its folder tells.
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
   * What SLURM's accounting ({@code sacct}) says of tasks that left the queue without a result,
   * in one call; nothing where the cluster keeps no accounting (the call fails, and is not made
   * again).
   */
  private Map<String, JobState> accounting(List<TaskHandle> tasks) throws IOException, InterruptedException {
    Map<String, JobState> states = new LinkedHashMap<>();
    if (tasks.isEmpty() || noAccounting) {
      return states;
    }
    List<String> ids = new ArrayList<>();
    tasks.forEach(h -> ids.add(h.taskId()));
    SlurmCommands.Output out = commands.run("sacct", List.of("-n", "-P", "-X", "-o", "JobID,State", "-j", String.join(",", ids)));
    if (!out.ok()) {
      log.info("no SLURM accounting ({}); tasks that leave the queue without a result count as vanished", out.describe());
      noAccounting = true;
      return states;
    }
    for (String line : out.out().split("\n")) {
      String[] f = line.strip().split("\\|", -1);
      if (f.length >= 2) {
        states.put(f[0], JobState.parse(f[1]));
      }
    }
    return states;
  }

  /**
   * A requeued job waits about two minutes (reason BeginTime) before it may start again; the
   * driver lets them all start at once, in one call.
   */
  private void release(List<TaskHandle> requeued) throws IOException, InterruptedException {
    if (requeued.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>();
    requeued.forEach(h -> ids.add(h.taskId()));
    SlurmCommands.Output out = commands.run("scontrol", List.of("update", "JobId=" + String.join(",", ids), "StartTime=now"));
    if (!out.ok()) {
      log.warn("{}", out.describe());
    }
  }

  private void waitQuietly(long millis) {
    try {
      lock.wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
