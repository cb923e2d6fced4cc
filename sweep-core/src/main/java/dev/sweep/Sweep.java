package dev.sweep;

import static java.util.Objects.requireNonNull;

import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import dev.sweep.population.Population;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Sampler.Sampling;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Space;
import dev.sweep.stopping.StoppingRule;
import dev.sweep.store.Replay;
import dev.sweep.store.StoreException;
import dev.sweep.store.StoreWriteException;
import dev.sweep.store.SweepFolder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sweep run in this JVM: samples configs from a space, runs each through a {@link Runner} on a
 * number of threads, and returns the {@link Population} of trials; {@link #run()} blocks, {@link
 * #start()} runs it in the background for hosts that embed it.
 *
 * <pre>{@code
 * Space space = Space.builder()
 *     .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
 *     .add("model.width", Ints.powerOfTwo(16, 256))
 *     .build();
 * Population population = Sweep.builder(space, trial -> Result.of("error", train(trial.config())))
 *     .objective(Objective.minimize("error"))
 *     .sampler(Samplers.random(42))
 *     .maxTrials(100)
 *     .threads(2)
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Trial {@code i} always gets the same config for the same sampler and seed, whatever the number
 * of threads: configs are asked for in index order. A trial whose runner throws is
 * {@link TrialStatus#FAILED} with its cause and the sweep goes on. A sweep runs once; it is
 * thread-safe, so another thread may {@link #cancel()} it or take a {@link #population()} snapshot
 * while it runs. No thread is left behind when {@link #run()} returns.
 */
public final class Sweep {
  private static final Logger log = LoggerFactory.getLogger(Sweep.class);

  private final String name;
  private final Space space;
  private final Set<String> treeParameters;
  private final Runner runner;
  private final Sampler sampler;
  private final Sampling sampling;
  private final long total;
  private final int threads;
  private final Objective objective;
  private final Listeners listeners;
  private final Path directory;
  private final boolean forceUnlock;
  private final int retries;
  private final Set<Long> rerun;
  private final StoppingRule stopping; // null: trials run to their end
  private final Double target; // null: no target
  private final boolean objectiveRequired;
  private boolean reached; // guarded by lock: a trial met the target, so no new trial starts
  private final StoppingRule.Stopper stopper; // null without a rule

  private final Object lock = new Object();
  private SweepFolder folder; // set by run() when the sweep has a directory
  private Map<Long, SweepFolder.TrialState> past = Map.of(); // guarded by lock
  private long lastPast = -1; // guarded by lock: the largest index in past
  private final AtomicBoolean started = new AtomicBoolean();
  private final Set<Thread> running = ConcurrentHashMap.newKeySet(); // the threads that run trials
  private volatile boolean cancelled;
  private long next; // guarded by lock
  private final List<TrialRecord> records = new ArrayList<>(); // guarded by lock: this run's trials, and kept ones the journal cannot read back
  private final BitSet keptInPast = new BitSet(); // guarded by lock: kept trials whose record the folder's journal reads back
  private RuntimeException fatal; // guarded by lock

  private Sweep(Builder b) {
    this.name = b.name;
    this.space = b.space;
    this.treeParameters = SweepFolder.treeParameters(b.space);
    this.runner = b.runner;
    this.sampler = b.sampler == null ? Samplers.random(0) : b.sampler;
    this.objective = b.objective == null ? Objective.minimize(Result.VALUE) : b.objective;
    this.sampling = sampler.start(space, objective);
    OptionalLong size = sampling.size();
    if (b.maxTrials == null && size.isEmpty()) {
      throw new IllegalStateException(
          "sweep '" + name + "': the sampler " + sampler + " has no end; set maxTrials(n)");
    }
    long max = b.maxTrials == null ? Long.MAX_VALUE : b.maxTrials;
    this.total = Math.min(max, size.orElse(Long.MAX_VALUE));
    this.threads = b.threads;
    this.listeners = new Listeners(b.listeners);
    this.directory = b.directory;
    this.forceUnlock = b.forceUnlock;
    this.retries = b.retries;
    this.rerun = Set.copyOf(b.rerun);
    this.stopping = b.stopping;
    this.stopper = b.stopping == null ? null : b.stopping.start(objective);
    this.target = b.target;
    this.objectiveRequired = b.objectiveRequired;
  }

  /** A builder for a sweep of {@code space} that runs each trial with {@code runner}. */
  public static Builder builder(Space space, Runner runner) {
    return new Builder(requireNonNull(space, "space == null"), requireNonNull(runner, "runner == null"));
  }

  /** How many trials this sweep runs (unless cancelled). */
  public long totalTrials() {
    return total;
  }

  public Objective objective() {
    return objective;
  }

  /**
   * Runs the sweep to its end (or until cancelled) and returns every finished trial, in id order.
   *
   * @throws IllegalStateException if the sweep has already run
   * @throws dev.sweep.sampler.ConstraintsUnsatisfiedException if the sampler could not find a
   *     config that satisfies the constraints; the trials that finished are still in
   *     {@link #population()}
   */
  public Population run() {
    claim();
    return execute();
  }

  /**
   * Starts the sweep on threads of its own and returns at once: the handle gives the final
   * population as a future, a live snapshot, cancel, and a {@code close()} that returns once the
   * sweep's threads are gone. Several sweeps may run in one JVM at once; they share nothing.
   *
   * <pre>{@code
   * try (RunningSweep running = Sweep.builder(space, runner).maxTrials(50).threads(4).build().start()) {
   *   Population population = running.result().get(1, TimeUnit.HOURS);
   * }
   * }</pre>
   *
   * @throws IllegalStateException if the sweep has already run or started
   */
  public RunningSweep start() {
    claim();
    RunningSweep running = new RunningSweep(this, "sweep-" + name);
    running.begin();
    return running;
  }

  private void claim() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("sweep '" + name + "' has already run; build a new one");
    }
  }

  Population execute() {
    long t0 = System.nanoTime();
    log.info("sweep '{}': {} trials on {} thread(s), sampler {}, {}", name, total, threads, sampler, objective);
    if (directory != null) {
      folder = SweepFolder.open(directory, definition(), forceUnlock);
      past = folder.replay();
      lastPast = past.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
      if (!past.isEmpty()) {
        log.info("sweep '{}': resuming from {} ({} trials in its journal)", name, directory, past.size());
      }
    }
    try {
      runWorkers();
    } finally {
      if (folder != null) {
        try {
          folder.close();
        } catch (StoreWriteException e) {
          stop(e);
        }
      }
    }
    Population population;
    try {
      population = population();
    } catch (RuntimeException e) { // trials kept from a folder that is gone cannot be read back
      synchronized (lock) {
        if (fatal == null) {
          throw e;
        }
        fatal.addSuppressed(e);
        throw fatal instanceof StoreWriteException w
            ? new StoreWriteException(w.getMessage() + "; the sweep stopped", w.reason(), w) : fatal;
      }
    }
    log.info("sweep '{}': {} in {} ms", name, population.statusCounts(), (System.nanoTime() - t0) / 1_000_000);
    listeners.sweepFinished(population);
    synchronized (lock) {
      if (fatal instanceof StoreWriteException e) {
        long complete = population.statusCounts().get(TrialStatus.COMPLETED) + population.statusCounts().get(TrialStatus.PRUNED);
        boolean full = e.reason().contains("No space left");
        throw new StoreWriteException(e.getMessage() + "; the sweep stopped with " + complete + " of " + total
            + " trials complete: " + (full ? "free space and run it again; nothing it recorded is lost"
                : "run it again once the folder can be written"), e.reason(), e);
      }
      if (fatal != null) {
        throw fatal;
      }
    }
    return population;
  }

  /** The sweep folder cannot be written: no trial starts, running ones are told to stop. */
  private void stop(StoreWriteException e) {
    synchronized (lock) {
      if (fatal == null) {
        fatal = e;
      }
    }
    cancel();
  }

  private void runWorkers() {
    int workers = (int) Math.min(threads, Math.max(1, total));
    if (workers == 1) {
      running.add(Thread.currentThread());
      try {
        work();
      } finally {
        running.remove(Thread.currentThread());
      }
      return;
    }
    List<Thread> pool = new ArrayList<>(workers);
    for (int k = 0; k < workers; k++) {
      Thread t = new Thread(this::work, "sweep-" + name + "-" + k);
      t.setDaemon(true);
      pool.add(t);
      running.add(t);
    }
    for (Thread t : pool) { // all registered before any runs, so that a listener's close() sees its own thread
      t.start();
    }
    try {
      joinAll(pool);
    } finally {
      running.removeAll(pool);
    }
  }

  /** Whether the calling thread runs this sweep's trials (a runner or a listener is calling). */
  boolean runsOnThisThread() {
    return running.contains(Thread.currentThread());
  }

  /**
   * What {@code sweep.json} says of this sweep (format, name, objective, sampler, space, trials,
   * created): for people, and for tools that lay out a folder before it runs.
   */
  public Map<String, Object> definition() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("format", 1);
    d.put("name", name);
    d.put("objective", Map.of("metric", objective.metric(), "goal", objective.maximize() ? "maximize" : "minimize"));
    d.put("sampler", sampler.toString());
    d.put("space", space.toString());
    d.put("trials", total);
    d.put("created", Instant.now().toString());
    return d;
  }

  private void joinAll(List<Thread> pool) {
    boolean interrupted = false;
    for (Thread t : pool) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          cancel(); // the caller wants out: stop starting trials, then wait for the running ones
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops starting trials; running trials see {@link Trial#shouldStop()} and are recorded as they
   * end ({@link TrialStatus#CANCELLED} if they throw). {@link #run()} then returns. Idempotent.
   */
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      log.info("sweep '{}': cancelled", name);
    }
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * A snapshot of the trials finished so far, in id order. The trials a resumed sweep took from
   * its folder are read back from the folder's journal for each snapshot, not held in memory.
   */
  public Population population() {
    List<TrialRecord> copy;
    BitSet kept;
    Map<Long, SweepFolder.TrialState> journal;
    synchronized (lock) {
      copy = new ArrayList<>(records);
      kept = (BitSet) keptInPast.clone();
      journal = past;
    }
    copy.sort((a, b) -> Long.compare(a.id(), b.id()));
    // the trials kept from the folder are read back one at a time into the columns, in id order
    // among this run's: a resume of a million finished trials holds no million records at once
    Population.Builder population = Population.builder(objective);
    int k = kept.nextSetBit(0);
    for (TrialRecord record : copy) {
      for (; k >= 0 && k < record.id(); k = kept.nextSetBit(k + 1)) {
        population.add(journal.get((long) k).last().orElseThrow());
      }
      population.add(record);
    }
    for (; k >= 0; k = kept.nextSetBit(k + 1)) {
      population.add(journal.get((long) k).last().orElseThrow());
    }
    return population.build();
  }

  /** Holds a trial kept from the folder: by its id where the journal can read it back. Holds the lock. */
  private void keep(TrialRecord record) {
    if (past instanceof Replay && record.id() <= Integer.MAX_VALUE) {
      keptInPast.set((int) record.id());
    } else {
      records.add(record);
    }
  }

  private void work() {
    while (true) {
      Sample sample;
      int attempt;
      synchronized (lock) {
        if (cancelled || fatal != null || next >= total || (reached && next > lastPast)) {
          return;
        }
        try {
          SweepFolder.TrialState before = past.get(next);
          sample = before == null ? sampling.ask(next) : sampling.resume(next, before.params(), space);
          next++;
          Optional<TrialRecord> kept = kept(sample, before);
          if (kept.isPresent()) {
            keep(kept.get());
            checkTarget(kept.get());
            sampling.tell(kept.get());
            replayToStopper(kept.get());
            continue;
          }
          if (reached) {
            continue; // the folder's later results are still taken up, but no trial starts
          }
          attempt = before == null ? 1 : before.attempts() + 1;
          if (folder != null && before == null) {
            folder.created(sample.index(), sample.name(), sample.params(), sample.config());
          }
        } catch (StoreWriteException e) {
          stop(e);
          return;
        } catch (RuntimeException e) {
          fatal = e;
          log.error("sweep '{}': trial {}: {}", name, next - 1, e.getMessage());
          return;
        }
      }
      TrialRecord record = runAttempts(sample, attempt);
      synchronized (lock) {
        records.add(record);
        checkTarget(record);
        try {
          sampling.tell(record);
        } catch (RuntimeException e) {
          fatal = e; // a broken sampler cannot propose the next trial either
          log.error("sweep '{}': the sampler failed when told of trial {}: {}", name, record.id(), e.getMessage());
        }
      }
      listeners.trialFinished(record);
    }
  }

  /** Whether a completed trial met the target: then no new trial starts. Holds the lock. */
  private void checkTarget(TrialRecord record) {
    Double value = record.metrics().get(objective.metric());
    if (target != null && !reached && record.status() == TrialStatus.COMPLETED && value != null
        && objective.compare(value, target) <= 0) {
      reached = true;
      log.info("sweep '{}': trial {} reached the target {} = {} ({}); no new trial starts", name, record.id(),
          objective.metric(), value, target);
    }
  }

  /** Whether a completed trial has met the {@linkplain Builder#target target}. */
  public boolean targetReached() {
    synchronized (lock) {
      return reached;
    }
  }

  /** Tells the stopping rule what a trial of an earlier run reported, and how it ended. */
  private void replayToStopper(TrialRecord record) {
    if (stopper != null) {
      for (CurvePoint point : record.curve()) {
        Double value = point.metrics().get(objective.metric());
        if (value != null) {
          stopper.report(record.id(), point.step(), value);
        }
      }
      stopper.finished(record.id(), record.status());
    }
  }

  /**
   * A trial's result from an earlier run that stands: completed or pruned, or failed as often as
   * allowed, and not asked to rerun. Checks that the journal's config is the one sampled now.
   */
  private Optional<TrialRecord> kept(Sample sample, SweepFolder.TrialState before) {
    if (before == null) {
      return Optional.empty();
    }
    if (!before.hash().equals(sample.config().hash())) {
      throw new StoreException("sweep folder " + directory + " was made by another sweep: its trial "
          + sample.index() + " has config " + before.config() + ", this sweep samples " + sample.config()
          + "; use a new folder, or the same space, sampler and seed");
    }
    if (before.last().isEmpty() || rerun.contains(sample.index())) {
      return Optional.empty();
    }
    TrialRecord last = before.last().get();
    boolean stands = switch (last.status()) {
      case COMPLETED, PRUNED -> true;
      case FAILED -> before.attempts() > retries;
      default -> false; // cancelled or unknown: run it again
    };
    return stands ? Optional.of(last) : Optional.empty();
  }

  /** Runs a trial, retrying a failure up to the bound; each attempt goes to the journal. */
  private TrialRecord runAttempts(Sample sample, int firstAttempt) {
    // The runner's notes go on from attempt to attempt: those of earlier runs, then this run's.
    Map<String, Map<String, Object>> notes = new ConcurrentHashMap<>();
    synchronized (lock) {
      SweepFolder.TrialState before = past.get(sample.index());
      if (before != null) {
        notes.putAll(before.notes());
      }
    }
    int attempt = firstAttempt;
    while (true) {
      if (folder != null) {
        try {
          folder.started(sample.index(), attempt);
        } catch (StoreWriteException e) {
          stop(e); // not started, not recorded: a later run runs it
          return notRun(sample, e);
        }
      }
      TrialRecord record = runTrial(sample, attempt, notes);
      if (folder != null) {
        try {
          folder.finished(record, attempt);
        } catch (StoreWriteException e) {
          stop(e); // its result is not in the journal: a later run runs it again
          return record;
        }
      }
      if (record.status() != TrialStatus.FAILED || attempt > retries || cancelled) {
        return record;
      }
      log.info("sweep '{}': retrying trial {} (attempt {} of {})", name, sample.index(), attempt + 1, retries + 1);
      attempt++;
    }
  }

  private static TrialRecord notRun(Sample sample, StoreWriteException e) {
    return new TrialRecord(sample.index(), sample.name(), sample.params(), sample.config(), TrialStatus.CANCELLED,
        Map.of(), List.of(), Optional.of("not started: " + e.getMessage()), Instant.now(), Duration.ZERO);
  }

  private TrialRecord runTrial(Sample sample, int attempt, Map<String, Map<String, Object>> notes) {
    TrialContext trial = new TrialContext(sample, attempt, folder, treeParameters, notes, this::isCancelled, listeners,
        stopper, objective.metric());
    listeners.trialStarted(trial);
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    TrialStatus status;
    Map<String, Double> metrics = Map.of();
    String failure = null;
    try {
      Result result = runner.run(trial);
      if (result == null) {
        status = TrialStatus.FAILED;
        failure = "the runner returned null instead of a Result";
      } else {
        metrics = result.metrics();
        failure = objectiveProblem(result);
        status = failure == null ? TrialStatus.COMPLETED : TrialStatus.FAILED;
        if (trial.sawCancel() && trial.pruned().isEmpty()) {
          // it stopped because it was told to: what it returned is half a training, not a result
          status = TrialStatus.CANCELLED;
          failure = "the runner returned after it saw the sweep cancelled (Trial.shouldStop()); it runs again on resume";
        }
      }
    } catch (Throwable e) {
      if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
        throw (VirtualMachineError) e; // out of memory: nothing sensible is left to do here
      }
      if (e instanceof InterruptedException) {
        Thread.interrupted(); // the interrupt was for this trial, not for the worker
      }
      // A runner that throws CancellationException says the trial was stopped from outside (e.g. a
      // job cancelled on the cluster): it did not fail, and a later run of the sweep runs it again.
      status = cancelled || e instanceof CancellationException ? TrialStatus.CANCELLED : TrialStatus.FAILED;
      failure = describe(e);
      log.warn("sweep '{}': trial {} ({}) {}: {}", name, sample.index(), sample.name(), status, failure, e);
    }
    Duration duration = Duration.ofNanos(System.nanoTime() - t0);
    List<CurvePoint> curve = trial.curve();
    Optional<String> pruned = trial.pruned();
    if (pruned.isPresent() && !cancelled) {
      // the rule stopped it: whatever the runner did next (stopped, threw, was killed), it was pruned
      if (status != TrialStatus.COMPLETED) {
        metrics = lastValues(curve);
      }
      status = TrialStatus.PRUNED;
      failure = pruned.get() + " by " + stopping;
      log.info("sweep '{}': trial {} ({}) {}", name, sample.index(), sample.name(), failure);
    }
    if (status == TrialStatus.FAILED && folder != null && folder.isFull()) {
      // what failed it was most likely the full disk, not its config: an interruption, to run again
      status = TrialStatus.CANCELLED;
      failure = failure + " (while the disk of the sweep folder was full)";
      stop(new StoreWriteException("the disk of the sweep folder " + directory + " is full (No space left on device) as trial "
          + sample.index() + " failed", "No space left on device", null));
    }
    if (stopper != null) {
      stopper.finished(sample.index(), status);
    }
    return new TrialRecord(
        sample.index(), sample.name(), sample.params(), sample.config(), status, metrics, curve,
        Optional.ofNullable(failure), started, duration);
  }

  /** Each metric's last reported value: what a pruned trial's result shows. */
  private static Map<String, Double> lastValues(List<CurvePoint> curve) {
    Map<String, Double> last = new LinkedHashMap<>();
    curve.forEach(point -> last.putAll(point.metrics()));
    return last;
  }

  private String objectiveProblem(Result result) {
    Double value = result.metrics().get(objective.metric());
    if (value == null && !objectiveRequired) {
      return null; // completes unranked
    }
    if (value == null) {
      return "the result has no objective metric '" + objective.metric() + "'; it has " + result.metrics().keySet();
    }
    if (!Double.isFinite(value)) {
      return "the objective metric '" + objective.metric() + "' is " + value;
    }
    return null;
  }

  /** The throwable and its causes on one line: {@code IllegalStateException: x; caused by …}. */
  static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.toString());
    for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
      text.append("; caused by ").append(c);
      if (c.getCause() == c) {
        break;
      }
    }
    return text.toString();
  }

  /** The best trial so far by the objective. */
  public Optional<TrialRecord> best() {
    return population().best();
  }

  /** The objective of the best trial so far. */
  public OptionalDouble bestValue() {
    return best().map(t -> OptionalDouble.of(t.metrics().get(objective.metric()))).orElse(OptionalDouble.empty());
  }

  /** Builds a {@link Sweep}. Not thread-safe; each option may be set once. */
  public static final class Builder {
    private final Space space;
    private final Runner runner;
    private final List<SweepListener> listeners = new ArrayList<>();
    private String name = "sweep";
    private Sampler sampler;
    private Long maxTrials;
    private int threads = 1;
    private boolean threadsSet;
    private Objective objective;
    private Path directory;
    private boolean forceUnlock;
    private int retries;
    private final Set<Long> rerun = new HashSet<>();
    private StoppingRule stopping;
    private Double target;
    private boolean objectiveRequired = true;

    private Builder(Space space, Runner runner) {
      this.space = space;
      this.runner = runner;
    }

    /**
     * The sweep's name, for logs and thread names (default {@code sweep}).
     *
     * @return this builder
     */
    public Builder name(String name) {
      requireNonNull(name, "name == null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("sweep name is blank");
      }
      this.name = name;
      return this;
    }

    /**
     * How configs are chosen (default {@code Samplers.random(0)}).
     *
     * @throws IllegalStateException if already set
     * @return this builder
     */
    public Builder sampler(Sampler sampler) {
      requireNonNull(sampler, "sampler == null");
      if (this.sampler != null) {
        throw new IllegalStateException("sampler was already set to " + this.sampler);
      }
      this.sampler = sampler;
      return this;
    }

    /**
     * The most trials to run; required for samplers without an end such as random. A grid runs
     * its size or this, whichever is smaller.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     * @throws IllegalStateException if already set
     * @return this builder
     */
    public Builder maxTrials(long n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxTrials must be >= 1, got " + n);
      }
      if (maxTrials != null) {
        throw new IllegalStateException("maxTrials was already set to " + maxTrials);
      }
      this.maxTrials = n;
      return this;
    }

    /**
     * How many trials run at once, each on its own thread (default 1: trials run on the thread
     * that calls {@link Sweep#run()}).
     *
     * @throws IllegalArgumentException if {@code n < 1}
     * @throws IllegalStateException if already set
     * @return this builder
     */
    public Builder threads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + n);
      }
      if (threadsSet) {
        throw new IllegalStateException("threads was already set to " + threads);
      }
      this.threads = n;
      this.threadsSet = true;
      return this;
    }

    /**
     * The metric to optimise (default {@code minimize("value")}, what {@link Result#of(double)}
     * reports).
     *
     * @throws IllegalStateException if already set
     * @return this builder
     */
    public Builder objective(Objective objective) {
      requireNonNull(objective, "objective == null");
      if (this.objective != null) {
        throw new IllegalStateException("objective was already set to " + this.objective);
      }
      this.objective = objective;
      return this;
    }

    /**
     * Adds a listener of trial events (see {@link SweepListener} for order and threads).
     *
     * @return this builder
     */
    public Builder listener(SweepListener listener) {
      listeners.add(requireNonNull(listener, "listener == null"));
      return this;
    }

    /**
     * Adds a listener whose events run on {@code executor} (a UI thread, the host's own pool):
     * one at a time and in the order they happened, so the listener needs no locking. Its events
     * are handed over without waiting; if the executor refuses them they are dropped and logged.
     *
     * <pre>{@code
     * builder.listener(progressBar, SwingUtilities::invokeLater);
     * }</pre>
     *
     * @return this builder
     */
    public Builder listener(SweepListener listener, Executor executor) {
      requireNonNull(listener, "listener == null");
      requireNonNull(executor, "executor == null");
      listeners.add(new ExecutorListener(listener, executor));
      return this;
    }

    /**
     * The sweep folder (see {@link SweepFolder} for its layout): the journal of every trial, the
     * trials' work folders ({@code trials/<id>-<name>}), and a lock. A sweep started on a folder
     * that has a journal resumes: finished trials are kept, unfinished ones run again in their old
     * folders. Without a directory nothing is written and {@link Trial#workDir()} is refused.
     *
     * @throws IllegalStateException if already set
     * @return this builder
     */
    public Builder directory(Path directory) {
      requireNonNull(directory, "directory == null");
      if (this.directory != null) {
        throw new IllegalStateException("directory was already set to " + this.directory);
      }
      this.directory = directory;
      return this;
    }

    /**
     * The sweep folder, unless {@link #directory} set one: for tools that give their sweeps a
     * default place, such as {@code dev.sweep.junit.DynamicSweep} under {@code target/}.
     *
     * @return whether {@code directory} is the one the sweep will use
     */
    public boolean directoryIfAbsent(Path directory) {
      requireNonNull(directory, "directory == null");
      if (this.directory != null) {
        return false;
      }
      this.directory = directory;
      return true;
    }

    /**
     * Whether to take over the folder's lock when its text names a driver on another host that
     * nothing here shows to hold it (default false: refused). Set it only once no driver runs on
     * that host: this host cannot see its processes, and a network file system without lock
     * support does not show its lock. A lock that a process holds is never taken.
     *
     * @return this builder
     */
    public Builder forceUnlock(boolean force) {
      this.forceUnlock = force;
      return this;
    }

    /**
     * How often a failed trial is tried again, at once and when the sweep resumes (default 0).
     *
     * @throws IllegalArgumentException if {@code n < 0}
     * @return this builder
     */
    public Builder retries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("retries must be >= 0, got " + n);
      }
      this.retries = n;
      return this;
    }

    /**
     * Stops unpromising trials early by {@code rule}, which watches the objective's metric in each
     * trial's reports; a stopped trial ends {@link TrialStatus#PRUNED} and keeps its curve.
     *
     * @return this builder
     */
    public Builder stopping(StoppingRule rule) {
      this.stopping = requireNonNull(rule, "rule == null");
      return this;
    }

    /**
     * Whether a trial must report the objective's metric (the default): with {@code false}, one
     * that ends well without it completes unranked, as runs of tools that rank nothing do (GML's
     * and mlrunner's sweep files without a metric). A non-finite value still fails it.
     *
     * @return this builder
     */
    public Builder requireObjective(boolean required) {
      this.objectiveRequired = required;
      return this;
    }

    /**
     * Ends the sweep early once a completed trial's objective reaches {@code value} (at most it
     * when minimising, at least it when maximising), as W&B's {@code metric.target}: no new trial
     * starts, running ones finish. A resume that finds such a trial in the folder starts none.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is not finite
     */
    public Builder target(double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("target must be a finite number, got " + value);
      }
      this.target = value;
      return this;
    }

    /**
     * Runs these trials again on a resume even if they finished; the new attempt's result
     * replaces the old one.
     *
     * @return this builder
     */
    public Builder rerun(long... ids) {
      for (long id : ids) {
        if (id < 0) {
          throw new IllegalArgumentException("trial ids are >= 0, got " + id);
        }
        rerun.add(id);
      }
      return this;
    }

    /**
     * Starts the sampler on the space and builds the sweep.
     *
     * @throws IllegalArgumentException if the sampler cannot sample the space (e.g. a grid over
     *     a continuous domain without grid points)
     * @throws IllegalStateException if the sampler has no end and maxTrials is not set
     */
    public Sweep build() {
      return new Sweep(this);
    }
  }
}
