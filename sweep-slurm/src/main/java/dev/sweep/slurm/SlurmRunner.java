package dev.sweep.slurm;

import static java.util.Objects.requireNonNull;

import dev.sweep.AsyncRunner;
import dev.sweep.Result;
import dev.sweep.Runner;
import dev.sweep.Trial;
import dev.sweep.process.CommandTemplate;
import dev.sweep.process.ProcessRunner;
import dev.sweep.process.TrialOutput;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Runner} that runs each trial as one task of a SLURM job array. The sweep's threads hand
 * it trials; those that arrive together go out in one {@code sbatch} (split into arrays of at most
 * the cluster's MaxArraySize), and one {@code squeue} per poll interval follows every task. The
 * payload is a command template, as for the local process pool, or a Java {@link Runner} class run
 * by {@link Worker} inside the job; both report through the trial folder ({@code $SWEEP_METRICS},
 * the step logs), which the driver reads by the {@link ProcessRunner}'s rules.
 *
 * <pre>{@code
 * SlurmRunner runner = SlurmRunner.builder()
 *     .command(ProcessRunner.of("python3 train.py --lr {optim.lr} --out {_output}"))
 *     .partition("gpu").time(Duration.ofHours(4)).memory("16G").cpusPerTask(4).gpus(1)
 *     .throttle(50)                                  // at most 50 tasks run at once
 *     .warning(Duration.ofMinutes(5)).requeues(3)    // checkpoint and requeue before the limit
 *     .build();
 * Sweep.builder(space, runner)
 *     .directory(Path.of("runs/lr"))                 // required: trial folders live there
 *     .threads(5000)                                 // trials in the queue at once
 *     .maxTrials(100_000).build().run();
 * }</pre>
 *
 * <p>An {@link AsyncRunner}: a trial in the queue holds no thread of the sweep. The poller
 * completes each trial's future when its task ends, reads the curves of running tasks, and asks
 * SLURM to cancel tasks whose trial should stop; so {@code threads(n)} bounds the trials in flight,
 * not the driver's threads.
 *
 * <p>Every task's job id goes into the sweep's journal ({@link Trial#note}) before and after its
 * {@code sbatch}, so a driver started again on the folder follows the jobs that still run instead
 * of submitting them twice. Cancelling the sweep cancels its tasks ({@code scancel}); a driver that
 * dies leaves them running, for the next driver to find.
 *
 * <p>Thread-safe; one runner may serve several sweeps. It has two threads of its own, started when
 * needed: one submits queued trials, one polls; each ends once nothing is queued or tracked, the
 * poller with the poll that sees the last task end, so none outlives the sweeps it serves.
 */
public final class SlurmRunner implements AsyncRunner {
  /** The folder in the sweep folder where job scripts go: {@code slurm/b0001/job.sh}. */
  public static final String FOLDER = "slurm";

  /** The key of the journal note with each trial's job ({@link Trial#noted}). */
  public static final String NOTE = "slurm";

  private static final Duration DEFAULT_MAX_POLL = Duration.ofSeconds(30);

  final SlurmSettings settings;
  private final JobTracker tracker;
  private final Map<Trial, TaskHandle> started = new ConcurrentHashMap<>(); // trials in flight

  private SlurmRunner(SlurmSettings settings, Path commands) {
    this.settings = settings;
    this.tracker = new JobTracker(settings, new SlurmCommands(commands));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Submits the trial (or finds its job again, if an earlier driver submitted it), waits for its
   * task to end, and returns its metrics: {@link #start} and a wait on its future.
   *
   * @throws dev.sweep.process.StepFailedException if a step exited with a code other than 0
   * @throws TimeoutException if the job hit its time limit
   * @throws CancellationException if the job was cancelled (by the sweep, or on the cluster)
   * @throws IllegalStateException if the job failed otherwise (node failure, out of memory, too
   *     many requeues) or reported no metric
   * @throws IllegalArgumentException if an argument or a variable holds a NUL, which no program can
   *     be given (the trial is not submitted; the others of its batch are)
   * @throws IOException if {@code sbatch} failed, or the trial's files cannot be written
   */
  @Override
  public Result run(Trial trial) throws Exception {
    return AsyncRunner.super.run(trial);
  }

  /**
   * Queues the trial for the next array (or follows its job again, if an earlier driver submitted
   * it) and returns at once. The runner's poller reads the task's curve while it runs, asks SLURM
   * to cancel it once {@link Trial#shouldStop()} turns true, and completes the future when the task
   * has ended, with its metrics or, exceptionally, with what {@link #run} would throw.
   *
   * @throws IllegalArgumentException if an argument or a variable holds a NUL (nothing is queued)
   * @throws IOException if the trial's task file cannot be written, or the job of an earlier driver
   *     cannot be looked up
   */
  @Override
  public CompletableFuture<Result> start(Trial trial) throws Exception {
    requireNonNull(trial, "trial == null");
    Path dir = trial.workDir().toAbsolutePath();
    ProcessRunner.Plan plan = settings.payload().plan(trial);
    TrialOutput output = settings.payload().output(trial);
    TaskHandle handle = new TaskHandle(trial, dir, output);
    CompletableFuture<Result> result = new CompletableFuture<>();
    Optional<String> arrayJob = earlierJob(trial);
    started.put(trial, handle);
    try {
      if (arrayJob.isPresent()) {
        handle.submitted(
            arrayJob.get(), ((Number) trial.noted(NOTE).orElseThrow().get("task")).intValue());
        tracker.attach(handle); // submitted by an earlier driver: follow it, never submit it twice
      } else {
        Files.deleteIfExists(dir.resolve(JobScript.EXIT_MARKER)); // an earlier attempt's
        // In this trial's thread: a task file that cannot be made fails this trial, not its batch.
        TaskFile.write(trial.id(), dir, settings.payload().workingDirectory(trial), plan);
        tracker.submit(new JobTracker.Submission(trial, handle));
      }
    } catch (Exception | Error e) {
      started.remove(trial, handle);
      throw e;
    }
    CompletableFuture<?> unused =
        handle.ended.whenComplete((state, thrown) -> ended(trial, handle, state, thrown, result));
    return result;
  }

  /**
   * A task has ended (on the poller's thread, mostly): its outcome read, its note marked ended,
   * then the trial's future completed.
   */
  private void ended(
      Trial trial,
      TaskHandle handle,
      JobState state,
      Throwable thrown,
      CompletableFuture<Result> result) {
    started.remove(trial, handle);
    Result value = null;
    Throwable failure = thrown;
    if (failure == null) {
      try {
        value = TaskOutcome.of(handle, state, handle.output, settings.time());
      } catch (Exception | Error e) {
        failure = e;
      }
    }
    if (handle.arrayJob() != null) {
      try {
        Map<String, Object> ended = new LinkedHashMap<>(trial.noted(NOTE).orElse(Map.of()));
        ended.put("ended", true);
        trial.note(NOTE, ended);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure == null) {
      result.complete(value);
    } else {
      result.completeExceptionally(failure);
    }
  }

  /**
   * Asks SLURM to cancel the trial's task, at once rather than at the next poll (the sweep was
   * cancelled); the trial's future completes once the task has left the queue.
   */
  @Override
  public void stop(Trial trial) {
    TaskHandle handle = started.get(trial);
    if (handle != null && !handle.ended.isDone()) {
      tracker.cancel(handle);
    }
  }

  /**
   * The array job of this attempt of the trial, if an earlier driver submitted it: from the
   * journal's note, or, when that driver died before sbatch told it the id, by the job's name.
   */
  private Optional<String> earlierJob(Trial trial) throws IOException, InterruptedException {
    Optional<Map<String, Object>> note =
        trial.noted(NOTE).filter(n -> !Boolean.TRUE.equals(n.get("ended")));
    if (note.isEmpty() || note.get().get("task") == null) {
      return Optional.empty();
    }
    Object job = note.get().get("array_job");
    if (job != null) {
      return Optional.of(job.toString());
    }
    Object name = note.get().get("job_name");
    return name == null ? Optional.empty() : tracker.find(name.toString());
  }

  /**
   * Cancels, with one {@code scancel}, the tasks of a sweep folder's trials that the journal says
   * were submitted and have not ended: for {@code sweep cancel} when no driver runs any more.
   *
   * @return the tasks asked to cancel, such as {@code 411_5}; none if there were none
   * @throws IOException if scancel cannot run or fails
   */
  public static List<String> cancelJobs(Path sweepDir) throws IOException, InterruptedException {
    List<String> tasks = new ArrayList<>();
    for (TrialState t : SweepFolder.replay(sweepDir).values()) {
      Map<String, Object> note = t.notes().get(NOTE);
      if (!t.isFinished()
          && note != null
          && note.get("array_job") != null
          && !Boolean.TRUE.equals(note.get("ended"))) {
        tasks.add(note.get("array_job") + "_" + note.get("task"));
      }
    }
    if (!tasks.isEmpty()) {
      SlurmCommands.Output out = new SlurmCommands(null).run("scancel", tasks);
      if (!out.ok()) {
        throw new IOException(out.describe());
      }
    }
    return tasks;
  }

  @Override
  public String toString() {
    return "SlurmRunner["
        + settings.payload()
        + (settings.partition() == null ? "" : ", partition " + settings.partition())
        + (settings.throttle() > 0 ? ", throttle " + settings.throttle() : "")
        + "]";
  }

  /**
   * Builds a {@link SlurmRunner}. Each setter checks its value as it arrives; {@link #build()}
   * checks that the settings fit together. Not thread-safe; {@link #build()} may be called again.
   */
  public static final class Builder {
    private ProcessRunner payload;
    private String partition;
    private Duration time;
    private String memory;
    private int cpusPerTask;
    private int gpus;
    private String gres;
    private String account;
    private String qos;
    private String constraint;
    private final List<String> extraOptions = new ArrayList<>();
    private int throttle;
    private int maxArraySize;
    private int requeues = 3;
    private Duration warning;
    private Duration pollInterval = Duration.ofSeconds(2);
    private Duration maxPollInterval; // null: DEFAULT_MAX_POLL, or the poll interval if longer
    private Duration batchWindow = Duration.ofMillis(200);
    private String jobName;
    private Path commands;

    private Builder() {}

    /**
     * The payload: the steps of a {@link ProcessRunner} (its command templates, variables, working
     * directory and log parsers; its slots and timeout do not apply: SLURM allocates and limits).
     * There is no default: a payload is required, given by this or another {@code command} or
     * {@link #javaRunner}; the last one given counts.
     *
     * @return this builder
     * @throws NullPointerException if {@code steps} is null
     */
    public Builder command(ProcessRunner steps) {
      this.payload = requireNonNull(steps, "steps == null");
      return this;
    }

    /**
     * The payload: a command line, as {@link ProcessRunner#of(String)}. No default, as for {@link
     * #command(ProcessRunner)}.
     *
     * @return this builder
     * @throws IllegalArgumentException if the command line does not parse
     * @throws NullPointerException if it is null
     */
    public Builder command(String commandLine) {
      return command(ProcessRunner.of(commandLine));
    }

    /**
     * The payload: a {@link Runner} class with a public no-argument constructor, run by {@link
     * Worker} in a JVM inside each job, with {@code classpath} (e.g. the driver's own, {@code
     * System.getProperty("java.class.path")}) and the JVM {@code options}. No default, as for
     * {@link #command(ProcessRunner)}.
     *
     * @return this builder
     * @throws NullPointerException if an argument or an option is null
     */
    public Builder javaRunner(Class<? extends Runner> runner, String classpath, String... options) {
      requireNonNull(runner, "runner == null");
      requireNonNull(classpath, "classpath == null");
      List<String> argv = new ArrayList<>();
      argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      argv.addAll(List.of(options));
      argv.add("-cp");
      argv.add(classpath);
      argv.add(Worker.class.getName());
      argv.add(runner.getName());
      return command(ProcessRunner.builder().step("run", CommandTemplate.of(argv)).build());
    }

    /**
     * The partition the tasks run in ({@code --partition}); default: the cluster's default
     * partition.
     *
     * @return this builder
     * @throws IllegalArgumentException if it is blank or has a control character
     * @throws NullPointerException if it is null
     */
    public Builder partition(String partition) {
      this.partition = option("partition", partition);
      return this;
    }

    /**
     * The time limit of each task ({@code --time}, in whole minutes, rounded up); default: the
     * partition's.
     *
     * @return this builder
     * @throws IllegalArgumentException if it is not positive
     * @throws NullPointerException if it is null
     */
    public Builder time(Duration time) {
      this.time = positive("time", time);
      return this;
    }

    /**
     * Memory per node, as sbatch reads it: {@code 4G}, {@code 500M} ({@code --mem}); default: the
     * cluster's.
     *
     * @return this builder
     * @throws IllegalArgumentException if it is not a number with an optional unit K, M, G or T
     * @throws NullPointerException if it is null
     */
    public Builder memory(String memory) {
      requireNonNull(memory, "memory == null");
      if (!memory.matches("[0-9]+[KMGT]?")) {
        throw new IllegalArgumentException(
            "memory '" + memory + "': wanted a number with an optional unit K, M, G or T, e.g. 4G");
      }
      this.memory = memory;
      return this;
    }

    /**
     * CPUs per task ({@code --cpus-per-task}); default: not asked for, the cluster's default.
     *
     * @return this builder
     * @throws IllegalArgumentException if it is less than 1
     */
    public Builder cpusPerTask(int cpus) {
      this.cpusPerTask = atLeast("cpusPerTask", cpus, 1);
      return this;
    }

    /**
     * GPUs per task ({@code --gpus}); SLURM sets {@code CUDA_VISIBLE_DEVICES} for the task.
     * Default: none asked for.
     *
     * @return this builder
     * @throws IllegalArgumentException if it is less than 1
     */
    public Builder gpus(int gpus) {
      this.gpus = atLeast("gpus", gpus, 1);
      return this;
    }

    /**
     * Generic resources, e.g. {@code gpu:a100:2} ({@code --gres}); default: none.
     *
     * @return this builder
     * @throws IllegalArgumentException if it is blank or has a control character
     * @throws NullPointerException if it is null
     */
    public Builder gres(String gres) {
      this.gres = option("gres", gres);
      return this;
    }

    /**
     * The account the tasks are charged to ({@code --account}); default: the user's default
     * account.
     *
     * @return this builder
     * @throws IllegalArgumentException if it is blank or has a control character
     * @throws NullPointerException if it is null
     */
    public Builder account(String account) {
      this.account = option("account", account);
      return this;
    }

    /**
     * The quality of service ({@code --qos}); default: the account's default.
     *
     * @return this builder
     * @throws IllegalArgumentException if it is blank or has a control character
     * @throws NullPointerException if it is null
     */
    public Builder qos(String qos) {
      this.qos = option("qos", qos);
      return this;
    }

    /**
     * Node features, e.g. {@code a100|h100} ({@code --constraint}); default: none.
     *
     * @return this builder
     * @throws IllegalArgumentException if it is blank or has a control character
     * @throws NullPointerException if it is null
     */
    public Builder constraint(String constraint) {
      this.constraint = option("constraint", constraint);
      return this;
    }

    /**
     * More sbatch options, passed as they are, one argument each: {@code "--exclusive"}, {@code
     * "--nice=10"}; they come after the others, and calls add to those given before. Default: none.
     *
     * @return this builder
     * @throws IllegalArgumentException if an option is null or does not start with {@code -}
     */
    public Builder sbatchOptions(String... options) {
      for (String o : options) {
        if (o == null || !o.startsWith("-")) {
          throw new IllegalArgumentException(
              "sbatch option '" + o + "': wanted an option such as --exclusive or --nice=10");
        }
        extraOptions.add(o);
      }
      return this;
    }

    /**
     * At most this many tasks of the sweep run at once (the array's {@code %N}); 0, the default: no
     * limit.
     *
     * @return this builder
     * @throws IllegalArgumentException if it is negative
     */
    public Builder throttle(int tasks) {
      this.throttle = atLeast("throttle", tasks, 0);
      return this;
    }

    /**
     * The largest array to submit; default: what the cluster's MaxArraySize allows.
     *
     * @return this builder
     * @throws IllegalArgumentException if it is less than 1
     */
    public Builder maxArraySize(int tasks) {
      this.maxArraySize = atLeast("maxArraySize", tasks, 1);
      return this;
    }

    /**
     * How often a task may be requeued after the warning signal or a preemption (default 3).
     *
     * @return this builder
     * @throws IllegalArgumentException if it is negative
     */
    public Builder requeues(int requeues) {
      this.requeues = atLeast("requeues", requeues, 0);
      return this;
    }

    /**
     * Sends the warning signal this long before the time limit ({@code --signal=B:USR1@T}): a
     * command's process group gets SIGUSR1, a Java runner sees {@link Trial#checkpointRequested()};
     * when the step ends, the task requeues itself and resumes in the same folder. Default: no
     * warning.
     *
     * @return this builder
     * @throws IllegalArgumentException if it is not positive
     * @throws NullPointerException if it is null
     */
    public Builder warning(Duration beforeLimit) {
      this.warning = positive("warning", beforeLimit);
      return this;
    }

    /**
     * How often to ask SLURM (default 2 s); while nothing changes the interval grows by half, up to
     * {@link #maxPollInterval} (default 30 s, or this interval if it is longer).
     *
     * @return this builder
     * @throws IllegalArgumentException if it is not positive
     * @throws NullPointerException if it is null
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive("pollInterval", interval);
      return this;
    }

    /**
     * The longest interval the back-off reaches (default 30 s, or the poll interval if longer).
     *
     * @return this builder
     * @throws IllegalArgumentException if it is not positive
     * @throws NullPointerException if it is null
     */
    public Builder maxPollInterval(Duration max) {
      this.maxPollInterval = positive("maxPollInterval", max);
      return this;
    }

    /**
     * {@link #pollInterval(Duration)} and {@link #maxPollInterval(Duration)} at once, with their
     * defaults.
     *
     * @return this builder
     * @throws IllegalArgumentException if either is not positive
     * @throws NullPointerException if either is null
     */
    public Builder pollInterval(Duration interval, Duration max) {
      return pollInterval(interval).maxPollInterval(max);
    }

    /**
     * How long to wait for more trials before submitting an array (default 200 ms).
     *
     * @return this builder
     * @throws IllegalArgumentException if it is negative
     * @throws NullPointerException if it is null
     */
    public Builder batchWindow(Duration window) {
      this.batchWindow = requireNonNull(window, "window == null");
      if (window.isNegative()) {
        throw new IllegalArgumentException("batchWindow: wanted 0 or more, got " + window);
      }
      return this;
    }

    /**
     * The jobs' name before {@code -<folder token>-b0001}; default {@code sweep-<folder name>}.
     *
     * @return this builder
     * @throws IllegalArgumentException if it is blank or has a control character
     * @throws NullPointerException if it is null
     */
    public Builder jobName(String name) {
      this.jobName = option("jobName", name);
      return this;
    }

    /**
     * The folder that holds sbatch, squeue, scontrol and scancel; default: found on the PATH.
     *
     * @return this builder
     * @throws NullPointerException if it is null
     */
    public Builder commands(Path directory) {
      this.commands = requireNonNull(directory, "directory == null");
      return this;
    }

    /**
     * Builds the runner.
     *
     * @throws IllegalStateException if there is no payload, the poll intervals are out of order, or
     *     the warning does not come before the time limit
     */
    public SlurmRunner build() {
      if (payload == null) {
        throw new IllegalStateException(
            "SlurmRunner: no payload; give command(...) or javaRunner(...)");
      }
      Duration maxPoll =
          maxPollInterval != null
              ? maxPollInterval
              : pollInterval.compareTo(DEFAULT_MAX_POLL) > 0 ? pollInterval : DEFAULT_MAX_POLL;
      if (maxPoll.compareTo(pollInterval) < 0) {
        throw new IllegalStateException(
            "SlurmRunner: the max poll interval "
                + maxPoll
                + " is shorter than the poll interval "
                + pollInterval);
      }
      if (warning != null && time != null && warning.compareTo(time) >= 0) {
        throw new IllegalStateException(
            "SlurmRunner: warning "
                + warning
                + " before the limit is not shorter than the time limit "
                + time);
      }
      return new SlurmRunner(
          new SlurmSettings(
              payload,
              partition,
              time,
              memory,
              cpusPerTask,
              gpus,
              gres,
              account,
              qos,
              constraint,
              extraOptions,
              throttle,
              maxArraySize,
              requeues,
              warning,
              pollInterval,
              maxPoll,
              batchWindow,
              jobName),
          commands);
    }

    private static String option(String what, String value) {
      requireNonNull(value, what + " == null");
      if (value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            what + " '" + value + "': wanted a value without blanks-only or control characters");
      }
      return value;
    }

    private static Duration positive(String what, Duration d) {
      requireNonNull(d, what + " == null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + ": wanted a positive duration, got " + d);
      }
      return d;
    }

    private static int atLeast(String what, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(what + ": wanted at least " + min + ", got " + value);
      }
      return value;
    }
  }
}
