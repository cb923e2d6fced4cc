package dev.sweep;

import static java.util.Objects.requireNonNull;

import dev.sweep.config.Config;
import dev.sweep.population.Population;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Sampler.Sampling;
import dev.sweep.sampler.Samplers;
import dev.sweep.sampler.WarmStart;
import dev.sweep.space.Constraint;
import dev.sweep.space.Space;
import dev.sweep.stopping.StoppingRule;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.SweepStore;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sweep in this JVM: which configs of a space to try, how to run each through a {@link Runner} on
 * a number of threads, and where to record them. An immutable description, built once and run any
 * number of times: {@link #run()} blocks and returns the {@link Population} of trials, {@link
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
 * of threads: configs are asked for in index order. A trial whose runner throws is {@link
 * TrialStatus#FAILED} with its cause and the sweep goes on, unless the first trials to finish all
 * fail alike (see {@link Builder#failFast}). Each run is independent: without a directory it runs
 * every trial again; with one it resumes the folder, keeping what earlier runs finished. No thread
 * is left behind when {@link #run()} returns.
 */
public final class Sweep {
  private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);

  /** How many first trials failing alike stop a run, unless {@link Builder#failFast} says else. */
  public static final int DEFAULT_FAIL_FAST = 5;

  private final Plan plan;
  // Only for the deprecated cancel(): the runs of this description that have not ended.
  private final Set<SweepRun> inProgress = ConcurrentHashMap.newKeySet();

  // The sampling that build() started to count the trials: the first run takes it rather than start
  // another (a grid with constraints filters every point to start); later runs start their own.
  private final AtomicReference<Sampling> unasked;

  private Sweep(Plan plan, Sampling unasked) {
    this.plan = plan;
    this.unasked = new AtomicReference<>(unasked);
  }

  /** A builder for a sweep of {@code space} that runs each trial with {@code runner}. */
  public static Builder builder(Space space, Runner runner) {
    return new Builder(
        requireNonNull(space, "space == null"), requireNonNull(runner, "runner == null"));
  }

  /**
   * A builder that starts from this sweep's settings, for a variant of it: each option may be set
   * once more, and listeners and reruns are added to this sweep's.
   *
   * <pre>{@code
   * Sweep longer = sweep.toBuilder().maxTrials(500).build();
   * }</pre>
   */
  public Builder toBuilder() {
    return new Builder(plan);
  }

  /** The sweep's name, for logs and thread names. */
  public String name() {
    return plan.name();
  }

  /** How many trials each run runs (unless cancelled, or a trial reaches the target). */
  public long totalTrials() {
    return plan.total();
  }

  /**
   * The objective, or with several the primary one: what stopping rules, the target, retention's
   * "best" and the best so far ({@link Population#best()}) go by.
   */
  public Objective objective() {
    return plan.objective();
  }

  /**
   * What the sweep seeks: every objective, the primary first, and the constraints on the outcome.
   */
  public Objectives objectives() {
    return plan.objectives();
  }

  /**
   * What {@code sweep.json} says of this sweep (format, name, objective, sampler, space, trials,
   * created): for people, and for tools that lay out a folder before it runs.
   */
  public Map<String, Object> definition() {
    return plan.definition();
  }

  /**
   * Runs the sweep to its end (or until cancelled) on this thread and threads of its own, and
   * returns every finished trial, in id order. With a directory, the run resumes what earlier runs
   * left in the folder. To cancel it from another thread, or to see its trials when it fails, run
   * it with {@link #start()} instead.
   *
   * @throws dev.sweep.sampler.ConstraintsUnsatisfiedException if the sampler could not find a
   *     config that satisfies the constraints
   * @throws dev.sweep.store.StoreException if the folder is another driver's or another sweep's
   * @throws dev.sweep.store.StoreWriteException if the folder could not be written; what was
   *     recorded stays, for a later run
   * @throws FailFastException if the first trials to finish all failed with the same cause (see
   *     {@link Builder#failFast})
   */
  public Population run() {
    SweepRun run = new SweepRun(plan, sampling());
    inProgress.add(run);
    try {
      return run.execute();
    } finally {
      inProgress.remove(run);
    }
  }

  /**
   * Starts a run on threads of its own and returns at once: the handle gives the final population
   * as a future, a live snapshot, cancel, and a {@code close()} that returns once the run's threads
   * are gone. Several sweeps, and several runs of one sweep without a folder, may run in one JVM at
   * once; runs share nothing but the sweep's runner and listeners.
   *
   * <pre>{@code
   * try (RunningSweep running = Sweep.builder(space, runner).maxTrials(50).threads(4).build().start()) {
   *   Population population = running.result().get(1, TimeUnit.HOURS);
   * }
   * }</pre>
   */
  public RunningSweep start() {
    SweepRun run = new SweepRun(plan, sampling());
    RunningSweep running = new RunningSweep(run, "sweep-" + plan.name());
    inProgress.add(run);
    // The returned stage completes as the result does; nothing waits on it.
    var unused = running.result().whenComplete((population, failure) -> inProgress.remove(run));
    running.begin();
    return running;
  }

  /** The sampling of a new run: the one build() started, if no run has taken it yet. */
  private Sampling sampling() {
    Sampling first = unasked.getAndSet(null);
    return first != null ? first : plan.sampler().start(plan.space(), plan.objectives());
  }

  /**
   * Stops every run of this sweep now in progress, as {@link RunningSweep#cancel()} stops one: no
   * new trial starts, running ones see {@link Trial#shouldStop()}. A run started later is not
   * cancelled. Idempotent.
   *
   * @deprecated a sweep may run more than once; cancel one run through the {@link RunningSweep}
   *     that {@link #start()} returns
   */
  @Deprecated
  public void cancel() {
    inProgress.forEach(SweepRun::cancel);
  }

  @Override
  public String toString() {
    return "Sweep["
        + plan.name()
        + ": "
        + plan.total()
        + " trials, "
        + plan.sampler()
        + ", "
        + plan.objectives()
        + "]";
  }

  /**
   * Builds a {@link Sweep}. Not thread-safe; each option may be set once (once more on a builder
   * from {@link Sweep#toBuilder()}).
   */
  public static final class Builder {
    private final Space space;
    private final Runner runner;
    private final List<SweepListener> listeners = new ArrayList<>();
    private final Set<String> assigned =
        new HashSet<>(); // the options that may be set only once, set
    private String name = "sweep";
    private Sampler sampler = Samplers.random(0);
    private OptionalLong maxTrials = OptionalLong.empty();
    private int threads = 1;
    private Objectives objectives = Objectives.of(Objective.minimize(Result.VALUE));
    private Optional<Path> directory = Optional.empty();
    private Optional<SweepStore.Opener> store = Optional.empty();
    private boolean forceUnlock;
    private int retries;
    private final Set<Long> rerun = new LinkedHashSet<>();
    private final List<Map<String, Object>> enqueued = new ArrayList<>();
    private final List<Population> warmStarts = new ArrayList<>();
    private StoppingRule stopping = NoStopping.RULE;
    private Target target = Target.NONE;
    private boolean objectiveRequired = true;
    private Retention retention = Retention.ALL;
    private int failFast = DEFAULT_FAIL_FAST;

    private Builder(Space space, Runner runner) {
      this.space = space;
      this.runner = runner;
    }

    private Builder(Plan plan) {
      this(plan.space(), plan.runner());
      listeners.addAll(plan.listeners());
      name = plan.name();
      sampler = plan.given();
      enqueued.addAll(plan.enqueued());
      warmStarts.addAll(plan.warmStarts());
      maxTrials = plan.maxTrials();
      threads = plan.threads();
      objectives = plan.objectives();
      directory = plan.directory();
      store = plan.store();
      forceUnlock = plan.forceUnlock();
      retries = plan.retries();
      rerun.addAll(plan.rerun());
      stopping = plan.stopping();
      target = plan.target();
      objectiveRequired = plan.objectiveRequired();
      retention = plan.retention();
      failFast = plan.failFast();
    }

    /** Refuses a second value for {@code option}, naming the first. */
    private void once(String option, Object current) {
      if (!assigned.add(option)) {
        throw new IllegalStateException(option + " was already set to " + current);
      }
    }

    /**
     * The sweep's name, for logs and thread names (default {@code sweep}).
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Builder name(String name) {
      requireNonNull(name, "name == null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("sweep name is blank: '" + name + "'");
      }
      this.name = name;
      return this;
    }

    /**
     * How configs are chosen (default {@code Samplers.random(0)}).
     *
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder sampler(Sampler sampler) {
      requireNonNull(sampler, "sampler == null");
      once("sampler", this.sampler);
      this.sampler = sampler;
      return this;
    }

    /**
     * The most trials to run (default: the sampler's size); required for samplers without an end
     * such as random. A grid runs its size or this, whichever is smaller.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     * @throws IllegalStateException if already set
     */
    public Builder maxTrials(long n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxTrials must be >= 1, got " + n);
      }
      once("maxTrials", maxTrials.isPresent() ? maxTrials.getAsLong() : "the sampler's size");
      this.maxTrials = OptionalLong.of(n);
      return this;
    }

    /**
     * How many trials run at once, each on its own thread (default 1: trials run on the thread that
     * calls {@link Sweep#run()}). With an {@link AsyncRunner} (SLURM, processes) it is how many
     * trials are in flight at once, on a few threads whatever their number.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     * @throws IllegalStateException if already set
     */
    public Builder threads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + n);
      }
      once("threads", threads);
      this.threads = n;
      return this;
    }

    /**
     * The metric to optimise (default {@code minimize("value")}, what {@link Result#of(double)}
     * reports): {@code objectives(Objectives.of(objective))}. For several, see {@link #objectives}.
     *
     * @return this builder
     * @throws IllegalStateException if already set, by this or {@link #objectives}
     */
    public Builder objective(Objective objective) {
      requireNonNull(objective, "objective == null");
      return objectives(Objectives.of(objective));
    }

    /**
     * What to seek (default {@code minimize("value")}): several objectives, the first primary, and
     * constraints on the outcome. {@code objective(o)} is {@code objectives(Objectives.of(o))}; set
     * one or the other, once.
     *
     * <pre>{@code
     * builder.objectives(Objective.minimize("error").andMinimize("latency_ms")
     *     .subjectTo(MetricBound.atMost("memory_gb", 16)));
     * }</pre>
     *
     * <p>Each objective's metric is required of every trial as the objective's is ({@link
     * #requireObjective}); an objective that names a probed or derived parameter (such as {@code
     * flops}) is read from the trial's params instead, and is not asked of its result. A sampler of
     * several objectives (NSGA-II, MOTPE) searches their Pareto front and keeps the constraints;
     * any other sampler (random, grid, TPE, the Gaussian process) searches the primary objective
     * alone, and the sweep logs so at build. Stopping rules, fail-fast, retention's "best" and the
     * best so far go by the primary objective; where constraints are set, the best so far is the
     * best feasible trial, and a completed trial that breaks one stays completed but infeasible. A
     * {@link #target} is refused with several objectives: no single value ends a search for a
     * front.
     *
     * @return this builder
     * @throws IllegalStateException if already set, by this or {@link #objective}
     */
    public Builder objectives(Objectives objectives) {
      requireNonNull(objectives, "objectives == null");
      once("objective", this.objectives);
      this.objectives = objectives;
      return this;
    }

    /**
     * Adds a listener of trial events (default: none; see {@link SweepListener} for order and
     * threads). Every run of the sweep tells it.
     *
     * @return this builder
     */
    public Builder listener(SweepListener listener) {
      listeners.add(requireNonNull(listener, "listener == null"));
      return this;
    }

    /**
     * Adds a listener whose events run on {@code executor} (a UI thread, the host's own pool): one
     * at a time and in the order they happened, so the listener needs no locking. Its events are
     * handed over without waiting; if the executor refuses them they are dropped and logged.
     * Default: none.
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
     * The sweep folder (default: none; see {@link SweepFolder} for its layout): the journal of
     * every trial, the trials' work folders ({@code trials/<id>-<name>}), and a lock. A run on a
     * folder that has a journal resumes: finished trials are kept, unfinished ones run again in
     * their old folders. Without a directory nothing is written, each run starts afresh, and {@link
     * Trial#workDir()} is refused.
     *
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder directory(Path directory) {
      requireNonNull(directory, "directory == null");
      once("directory", this.directory.map(Path::toString).orElse("none"));
      this.directory = Optional.of(directory);
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
      if (this.directory.isPresent() || store.isPresent()) {
        return false;
      }
      this.directory = Optional.of(directory);
      return true;
    }

    /**
     * The store each run records into and resumes from, in a folder's stead: a store of another
     * module, such as a database that several drivers share (see {@link SweepStore}). Default: the
     * folder of {@link #directory}, else memory. Trials get work folders where the store has a
     * {@linkplain SweepStore#directory() directory}.
     *
     * <pre>{@code
     * Sweep.builder(space, runner).store(definition -> myStore.open(definition)).maxTrials(100).build();
     * }</pre>
     *
     * @return this builder
     * @throws NullPointerException if {@code opener} is null
     * @throws IllegalStateException if already set
     */
    public Builder store(SweepStore.Opener opener) {
      requireNonNull(opener, "opener == null");
      once("store", store.map(Object::toString).orElse("none"));
      this.store = Optional.of(opener);
      return this;
    }

    /**
     * Whether to take over the folder's lock when its text names a driver on another host that
     * nothing here shows to hold it (default false: refused). Set it only once no driver runs on
     * that host: this host cannot see its processes, and a network file system without lock support
     * does not show its lock. A lock that a process holds is never taken.
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
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 0}
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
     * Default: none, every trial runs to its end.
     *
     * @return this builder
     */
    public Builder stopping(StoppingRule rule) {
      this.stopping = requireNonNull(rule, "rule == null");
      return this;
    }

    /**
     * Whether a trial must report the objective's metric (default true): with {@code false}, one
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
     * Ends a run early once a completed trial's objective reaches {@code value} (at most it when
     * minimising, at least it when maximising), as W&amp;B's {@code metric.target}: no new trial
     * starts, running ones finish. A resume that finds such a trial in the folder starts none.
     * Default: none, every trial runs.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is not finite
     */
    public Builder target(double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("target must be a finite number, got " + value);
      }
      this.target = Target.of(value);
      return this;
    }

    /**
     * Which files of ended trials the sweep keeps (default {@link Retention#ALL}: every one), e.g.
     * only the last checkpoint of each trial:
     *
     * <pre>{@code
     * .retention(Retention.last(List.of("checkpoints/*.pyth")))
     * }</pre>
     *
     * <p>Applied when a trial ends and when the run ends, to trials that ended for good (not to
     * cancelled ones, which a resume runs again); see {@link Retention}.
     *
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code retention} is null
     */
    public Builder retention(Retention retention) {
      requireNonNull(retention, "retention == null");
      once("retention", this.retention);
      this.retention = retention;
      return this;
    }

    /**
     * Stops a run once its first {@code trials} trials to finish all failed with the same cause,
     * and makes {@link Sweep#run()} throw {@link FailFastException}: a typo in the program fails
     * every trial alike, and 200 of them tell no more than 5. No new trial starts and running ones
     * are cancelled, as {@link RunningSweep#cancel()} cancels them; with a folder, a run after the
     * fix runs those failed trials again (whatever {@link #retries}). The same cause: the same
     * failure text once the trial's folder is taken out, its first and last lines (an exception's
     * class and message; a process's step, exit code and last line of stderr). A trial that
     * completes, is pruned or fails otherwise among the first turns the check off for the run;
     * cancelled trials do not count, nor trials kept from earlier runs. Default 5; 0 turns it off.
     *
     * <pre>{@code
     * builder.failFast(0);   // every trial runs, however many fail
     * }</pre>
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code trials < 0}
     */
    public Builder failFast(int trials) {
      if (trials < 0) {
        throw new IllegalArgumentException("failFast must be >= 0 (0 turns it off), got " + trials);
      }
      this.failFast = trials;
      return this;
    }

    /**
     * Runs these trials again on a resume even if they finished; the new attempt's result replaces
     * the old one. Default: none.
     *
     * @return this builder
     * @throws IllegalArgumentException if an id is negative
     */
    public Builder rerun(long... ids) {
      for (long id : ids) {
        if (id < 0) {
          throw new IllegalArgumentException("trial ids are >= 0, got " + id);
        }
      }
      for (long id : ids) {
        rerun.add(id);
      }
      return this;
    }

    /**
     * Runs a trial with these params before the sampler's first (Optuna's {@code enqueue_trial}):
     * the enqueued trials are trials 0, 1, … in the order enqueued, then the sampler goes on. Each
     * gives a value of its domain for every parameter of the branches it chooses (coupled values:
     * one of their assignments); none is drawn for it. An adaptive sampler learns the enqueued
     * trials' results like any other's; a sampler with an end, such as a grid, runs all of its
     * points after them, so a grid sweep has {@code k +} its size trials (a point equal to an
     * enqueued config runs again). Default: none.
     *
     * <pre>{@code
     * builder.enqueue(Map.of("optim.lr", 0.1, "model.width", 64L));
     * }</pre>
     *
     * @return this builder
     * @throws IllegalArgumentException naming the path, the value and what is allowed, if {@code
     *     params} is not a sample of the space, or naming the constraint it violates
     */
    public Builder enqueue(Map<String, ?> params) {
      requireNonNull(params, "params == null");
      String which = "enqueued trial " + enqueued.size();
      Map<String, Object> sample;
      try {
        sample = space.asSample(params);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(which + ": " + e.getMessage(), e);
      }
      Config config = space.toConfig(sample);
      for (Constraint c : space.constraints()) {
        if (!c.allows(config)) {
          throw new IllegalArgumentException(
              which + " (" + space.name(sample) + ") violates constraint '" + c.name() + "'");
        }
      }
      enqueued.add(sample);
      return this;
    }

    /**
     * Lets the sampler learn an earlier sweep's trials before its first ask (a warm start): each
     * that completed with a value of the objective, or was pruned, and whose params are a sample of
     * this space (paths this space lacks are ignored). The others are skipped; {@link WarmStart}
     * says how many and why, and the sweep logs it at info. Model-based samplers (TPE, the Gaussian
     * process) count the learned trials towards their start-up trials; the others ignore them.
     * Repeatable. Default: none.
     *
     * <pre>{@code
     * builder.warmStart(SweepFolder.population(Path.of("runs/old"), objective));
     * builder.warmStart(Population.readCsv(Path.of("old/trials.csv"), objective));
     * }</pre>
     *
     * @return this builder
     */
    public Builder warmStart(Population earlier) {
      warmStarts.add(requireNonNull(earlier, "earlier == null"));
      return this;
    }

    /** The sampler, warm-started from the earlier trials that fit; logs what it learned. */
    private Sampler warmStarted() {
      List<TrialRecord> learned = new ArrayList<>();
      for (Population earlier : warmStarts) {
        WarmStart warm =
            WarmStart.of(
                earlier.size() + " earlier trials", earlier.trials(), space, objectives.primary());
        LOG.info("sweep '{}': {}", name, warm.summary());
        learned.addAll(warm.learned());
      }
      return Samplers.warmStarted(sampler, learned);
    }

    /**
     * Whether {@code sampler} searches several objectives: it overrides {@link Sampler#start(Space,
     * Objectives)}, whose default hands the primary objective alone to a single-objective sampler.
     * Only to say so in the log.
     */
    private static boolean searchesSeveral(Sampler sampler) {
      try {
        return sampler
                .getClass()
                .getMethod("start", Space.class, Objectives.class)
                .getDeclaringClass()
            != Sampler.class;
      } catch (NoSuchMethodException e) {
        return false; // cannot be: every sampler has the interface's method
      }
    }

    /**
     * Builds the sweep, starting its sampler on the space once to check that it can sample it and
     * to count its trials; the first run samples from that start, later runs start it afresh.
     *
     * @throws IllegalArgumentException if the sampler cannot sample the space (e.g. a grid over a
     *     continuous domain without grid points)
     * @throws IllegalStateException if the sampler has no end and maxTrials is not set, or both a
     *     directory and a store are set
     */
    public Sweep build() {
      if (objectives.several() && target.value().isPresent()) {
        throw new IllegalStateException(
            "sweep '"
                + name
                + "': target("
                + target
                + ") ends the sweep when one objective reaches a value, but it seeks "
                + objectives.size()
                + " objectives ("
                + objectives
                + "), a Pareto front that no single value ends; set no target, or maxTrials");
      }
      Sampler effective = Samplers.enqueued(warmStarted(), enqueued);
      Sampling sampling = effective.start(space, objectives);
      if (objectives.several() && sampling.adaptive() && !searchesSeveral(sampler)) {
        // said once, at build: a TPE or GP sweep of several objectives is legal but one-sided
        LOG.info(
            "sweep '{}': sampler {} searches one objective: it seeks the primary, {}, alone;"
                + " the population still ranks the trials by all of {}",
            name,
            sampler,
            objectives.primary(),
            objectives);
      }
      OptionalLong size = sampling.size();
      if (maxTrials.isEmpty() && size.isEmpty()) {
        throw new IllegalStateException(
            "sweep '" + name + "': the sampler " + sampler + " has no end; set maxTrials(n)");
      }
      if (directory.isPresent() && store.isPresent()) {
        throw new IllegalStateException(
            "sweep '"
                + name
                + "': it records into directory "
                + directory.get()
                + " or into a store(...), not both");
      }
      long total = Math.min(maxTrials.orElse(Long.MAX_VALUE), size.orElse(Long.MAX_VALUE));
      return new Sweep(
          new Plan(
              name,
              space,
              runner,
              sampler,
              enqueued,
              warmStarts,
              effective,
              objectives,
              maxTrials,
              total,
              threads,
              listeners,
              directory,
              store,
              forceUnlock,
              retries,
              rerun,
              stopping,
              target,
              objectiveRequired,
              retention,
              failFast),
          sampling);
    }
  }
}
