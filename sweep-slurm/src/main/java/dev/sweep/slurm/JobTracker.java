package dev.sweep.slurm;

import dev.sweep.Trial;
import dev.sweep.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Submits trials as job arrays and follows them, for one {@link SlurmRunner} (its settings): trials
 * that arrive together (within the batch window) go out in one {@code sbatch} per chunk of at most
 * MaxArraySize tasks, and one {@code squeue} per interval reports on every task of every array,
 * whatever their number. Its two threads start when there is work and end when there is none, so
 * none is left behind after a sweep.
 */
final class JobTracker {
  private static final Logger log = LoggerFactory.getLogger(JobTracker.class);

  /** A trial waiting to be submitted. */
  record Submission(Trial trial, TaskHandle handle) {}

  private final SlurmSettings settings;
  private final SlurmCommands commands;
  private final SlurmQueue slurm;
  private final Object lock = new Object();
  private final List<Submission> queue = new ArrayList<>(); // guarded by lock
  private final Map<String, Map<Integer, TaskHandle>> arrays =
      new LinkedHashMap<>(); // guarded by lock
  private final Set<TaskHandle> toCancel = new LinkedHashSet<>(); // guarded by lock
  private long firstArrival; // System.nanoTime() of the oldest trial in the queue; guarded by lock
  private long lastArrival; // System.nanoTime(); guarded by lock
  private Thread submitter; // guarded by lock; null when not running
  private Thread poller; // guarded by lock; null when not running
  private int maxArraySize; // asked of the cluster once; guarded by lock
  private final Map<String, Optional<String>> found = new HashMap<>(); // guarded by itself

  JobTracker(SlurmSettings settings, SlurmCommands commands) {
    this.settings = settings;
    this.commands = commands;
    this.slurm = new SlurmQueue(commands);
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
   * between writing its job's name and learning its id. One query per name, whatever the number of
   * trials that ask.
   */
  Optional<String> find(String jobName) throws IOException, InterruptedException {
    synchronized (found) {
      if (!found.containsKey(jobName)) {
        SlurmCommands.Output out =
            commands.run("squeue", List.of("-h", "-t", "all", "--name=" + jobName, "-o", "%F"));
        if (!out.ok()) {
          throw new IOException(out.describe());
        }
        found.put(
            jobName,
            out.out().lines().map(String::strip).filter(l -> l.matches("[0-9]+")).findFirst());
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
    arrays
        .computeIfAbsent(handle.arrayJob(), k -> new LinkedHashMap<>())
        .put(handle.index(), handle);
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
    long window = settings.batchWindow().toNanos();
    while (true) {
      List<Submission> batch;
      synchronized (lock) {
        // Trials arrive one by one from the sweep's threads: wait until they stop coming, but no
        // longer than ten windows, lest a steady stream (a trial per finished one) never go out.
        long since = firstArrival;
        while (!queue.isEmpty()
            && System.nanoTime() - lastArrival < window
            && System.nanoTime() - since < 10 * window) {
          waitQuietly(
              Math.max(
                  1, TimeUnit.NANOSECONDS.toMillis(window - (System.nanoTime() - lastArrival))));
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
   * Submits one array; a chunk after the first waits for the one before it to end ({@code
   * --dependency=afterany}), so that the throttle holds for the whole batch.
   *
   * @return the array's job id
   */
  private String submitChunk(List<Submission> chunk, String after)
      throws IOException, InterruptedException {
    Path sweepDir = sweepDir(chunk.get(0));
    Batch batch =
        Batch.create(sweepDir.resolve(SlurmRunner.FOLDER), settings.jobNamePrefix(sweepDir));
    for (int i = 0; i < chunk.size(); i++) {
      Submission s = chunk.get(i);
      batch.link(i, s.handle().dir);
      // Before sbatch: a driver killed while it runs finds the job again by its name.
      s.trial()
          .note(
              SlurmRunner.NOTE,
              Map.of("batch", batch.name(), "job_name", batch.jobName(), "task", i));
    }
    List<String> args = new ArrayList<>(settings.sbatchOptions(batch, chunk.size(), after));
    String header =
        "Sweep job array "
            + batch.jobName()
            + ": "
            + chunk.size()
            + " trials, one array task each;\n"
            + "task i runs what tasks/i/"
            + TaskFile.NAME
            + " says (the trial folder's, written by the driver).\n"
            + "Written by dev.sweep.slurm; submitted as: sbatch "
            + String.join(" ", args)
            + " job.sh "
            + batch.dir();
    AtomicFiles.write(batch.script(), JobScript.write(header, settings.requeues()));
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
        s.trial()
            .note(
                SlurmRunner.NOTE,
                Map.of(
                    "batch",
                    batch.name(),
                    "job_name",
                    batch.jobName(),
                    "task",
                    i,
                    "array_job",
                    jobId));
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
    int size = settings.maxArraySize();
    if (size == 0) {
      SlurmCommands.Output out = commands.run("scontrol", List.of("show", "config"));
      size = 1001; // SLURM's default
      for (String line : out.out().split("\n", -1)) {
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
    Duration interval = settings.pollInterval();
    while (true) {
      PollRound round;
      synchronized (lock) {
        waitForPoll(interval);
        if (endIfNoneTracked()) {
          return;
        }
        round = takeRound();
      }
      try {
        if (!round.cancels().isEmpty()) {
          slurm.scancel(round.cancels());
        }
        boolean changed = slurm.poll(round.watched());
        followTrials(round.watched());
        interval =
            changed || !round.cancels().isEmpty() ? settings.pollInterval() : backOff(interval);
        synchronized (lock) { // the last task has ended: end now, not a poll interval later
          if (endIfNoneTracked()) {
            return;
          }
        }
      } catch (SlurmCommands.MissingCommand e) {
        failEveryTask(e);
        return;
      } catch (IOException e) { // a controller restarting, a slow answer: it comes back
        log.warn(
            "cannot ask SLURM how the sweep's jobs are: {}; trying again in {}",
            e.getMessage(),
            interval);
        interval = backOff(interval);
      } catch (InterruptedException e) {
        synchronized (lock) {
          poller = null;
        }
        return;
      }
    }
  }

  /**
   * A command the poller needs cannot run, and never will in this driver: rather than poll for
   * ever, every tracked trial fails with the command's name and the error, once its task has been
   * asked to cancel (where {@code scancel} runs), so that none runs on unfollowed; the poller ends.
   */
  private void failEveryTask(SlurmCommands.MissingCommand e) {
    List<TaskHandle> tasks = new ArrayList<>();
    synchronized (lock) {
      arrays.values().forEach(t -> tasks.addAll(t.values()));
      tasks.addAll(toCancel);
      arrays.clear();
      toCancel.clear();
      poller = null;
    }
    String cancelled = "its SLURM tasks were cancelled";
    List<TaskHandle> submitted = tasks.stream().filter(h -> h.arrayJob() != null).toList();
    try {
      if (!submitted.isEmpty() && !e.command.equals("scancel")) {
        slurm.scancel(submitted);
      }
    } catch (IOException | RuntimeException notCancelled) {
      cancelled = "its SLURM tasks may still run (" + notCancelled.getMessage() + ")";
    } catch (InterruptedException interrupted) {
      cancelled = "its SLURM tasks may still run (interrupted while cancelling them)";
      Thread.currentThread().interrupt();
    }
    if (e.command.equals("scancel")) {
      cancelled = "its SLURM tasks may still run";
    }
    IOException failure =
        new IOException(
            "SLURM's "
                + e.command
                + " cannot run, so the sweep cannot follow its jobs; "
                + cancelled
                + ": "
                + e.getMessage(),
            e);
    log.error("{}", failure.getMessage());
    tasks.forEach(h -> h.ended.completeExceptionally(failure));
  }

  /**
   * After a poll, on the poller's thread: reads the curves of the running tasks (so the trials'
   * reports reach the stopping rule) and asks to cancel the tasks whose trial should stop (pruned,
   * the sweep cancelled or its store lost), so that no thread of the sweep waits on a task.
   */
  private void followTrials(Map<String, Map<Integer, TaskHandle>> watched) {
    for (Map<Integer, TaskHandle> tasks : watched.values()) {
      for (TaskHandle h : tasks.values()) {
        if (h.trial == null || h.ended.isDone()) {
          continue;
        }
        if (h.state() == JobState.RUNNING) {
          try {
            h.output.poll();
          } catch (RuntimeException e) {
            log.warn("cannot read the curve of {}: {}", h, e.getMessage());
          }
        }
        if (!h.stopAsked && h.trial.shouldStop()) {
          h.stopAsked = true;
          cancel(h);
        }
      }
    }
  }

  /**
   * What one round of polling works on, taken under the lock: the tasks to cancel, and every task
   * tracked.
   */
  private record PollRound(
      List<TaskHandle> cancels, Map<String, Map<Integer, TaskHandle>> watched) {}

  /**
   * Waits the interval out, or until a cancel of a submitted task is asked for; holding the lock.
   */
  private void waitForPoll(Duration interval) {
    long until = System.nanoTime() + interval.toNanos();
    while (toCancel.stream().noneMatch(h -> h.arrayJob() != null) && System.nanoTime() < until) {
      waitQuietly(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
    }
  }

  /**
   * Forgets the tasks that have ended; if none is left, the poller ends: true. Holding the lock.
   */
  private boolean endIfNoneTracked() {
    arrays.values().forEach(tasks -> tasks.values().removeIf(h -> h.ended.isDone()));
    arrays.values().removeIf(Map::isEmpty);
    if (arrays.isEmpty()) {
      poller = null;
      return true;
    }
    return false;
  }

  /** Takes the cancels that can be sent and a copy of the tracked tasks; holding the lock. */
  private PollRound takeRound() {
    List<TaskHandle> cancels = new ArrayList<>();
    for (TaskHandle h : toCancel) {
      if (h.arrayJob() != null) { // one being submitted is cancelled once it has its job
        cancels.add(h);
      }
    }
    toCancel.removeAll(cancels);
    Map<String, Map<Integer, TaskHandle>> watched = new LinkedHashMap<>();
    arrays.forEach((job, tasks) -> watched.put(job, new LinkedHashMap<>(tasks)));
    return new PollRound(cancels, watched);
  }

  private Duration backOff(Duration interval) {
    Duration next = Duration.ofMillis((long) (interval.toMillis() * 1.5));
    return next.compareTo(settings.maxPollInterval()) > 0 ? settings.maxPollInterval() : next;
  }

  // Every caller waits in a loop on its own condition, and on the clock.
  @SuppressWarnings("WaitNotInLoop")
  private void waitQuietly(long millis) {
    try {
      lock.wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
