package dev.sweep;

import dev.sweep.population.Population;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler.Sampling;
import dev.sweep.stopping.StoppingRule;
import dev.sweep.store.SharedStore;
import dev.sweep.store.StoreWriteException;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.SweepStore;
import dev.sweep.store.TrialState;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a {@link Sweep}: its sampling, stopper and store, the trials it has run, and whether
 * it was cancelled. {@link #execute()} runs it once, on the calling thread and worker threads that
 * it joins before it returns; the other methods may be called from any thread.
 *
 * <p>Each worker takes the next index under the lock, asks the sampler, runs the trial, then
 * records and tells under the lock: no executor, no queue, and configs in index order whatever the
 * number of threads.
 *
 * <p>With an {@link AsyncRunner} the plan's threads are slots, not threads: a few workers take a
 * slot, the next index and start its trial; when the trial's future completes, a small pool (the
 * completer) judges, records and tells as a worker would, retries it or gives its slot back.
 */
final class SweepRun {
  // The sweep's logger: hosts configure and filter the sweep's log lines by its name.
  private static final Logger log = LoggerFactory.getLogger(Sweep.class);
  private static final String DISK_FULL = "No space left on device";

  /** With an async runner: the most threads that start trials, and that complete them. */
  private static final int ASYNC_THREADS = 2;

  private final Plan plan;
  private final String name;
  private final Objective objective;
  private final Sampling sampling;
  private final StoppingRule.Stopper stopper;
  private final Listeners listeners;
  private final Set<String> treeParameters;
  private final Retainer retainer;

  private final Object lock = new Object();
  private final Set<Thread> running = ConcurrentHashMap.newKeySet(); // the threads that run trials
  private volatile boolean cancelled;
  private SweepStore store =
      SweepStore.inMemory(); // the plan's, opened by execute() before any worker starts
  private ResumedTrials resumed; // guarded by lock: what the store had when the run started
  private long next; // guarded by lock
  private boolean reached; // guarded by lock: a trial met the target, so no new trial starts
  private final List<TrialRecord> records =
      new ArrayList<>(); // guarded by lock: this run's trials, and kept ones whose id is too large
  // to keep by id
  private RuntimeException fatal; // guarded by lock
  private long
      claimed; // guarded by lock: the trials claimed from a shared store, which the plan's total
  // caps
  private final FailFast failFast; // guarded by lock
  private SharedTrials
      sharedTrials; // guarded by lock: with a shared store, what the run took up from other runs

  // With an async runner only (else null): the slots of trials in flight, those trials, and the
  // pool that completes them.
  private final AsyncRunner async;
  private final Semaphore slots;
  private final Set<TrialContext> inFlight;
  private ExecutorService completer; // made by runWorkers

  /**
   * A trial to run: its sample, the number of its first attempt in this run, and the runner's notes
   * of earlier ones.
   */
  record Pending(Sample sample, int attempt, Map<String, Map<String, Object>> notes) {}

  /** How a trial's last attempt ended, and what its runner threw (null if it returned). */
  private record Ended(TrialRecord record, int attempt, Throwable thrown) {}

  /**
   * A run of {@code plan} that has not started, sampling with {@code sampling}, which nothing has
   * asked yet.
   */
  SweepRun(Plan plan, Sampling sampling) {
    this.plan = plan;
    this.name = plan.name();
    this.objective = plan.objective();
    this.sampling = sampling;
    this.stopper = plan.stopping().start(objective);
    this.listeners = new Listeners(plan.listeners());
    this.treeParameters = SweepFolder.treeParameters(plan.space());
    this.retainer = new Retainer(plan.retention(), objective, name);
    this.resumed = new ResumedTrials(store, Map.of(), plan);
    this.failFast = new FailFast(plan.failFast());
    this.async = plan.runner() instanceof AsyncRunner a ? a : null;
    this.slots = async == null ? null : new Semaphore(plan.threads());
    this.inFlight = async == null ? null : ConcurrentHashMap.newKeySet();
  }

  String name() {
    return name;
  }

  Objective objective() {
    return objective;
  }

  /**
   * Runs the trials to the end (or until cancelled) and returns every finished one, in id order.
   */
  Population execute() {
    long t0 = System.nanoTime();
    log.info(
        "sweep '{}': {} trials, {} {}, sampler {}, {}",
        name,
        plan.total(),
        plan.threads(),
        async == null ? "thread(s)" : "at once (async)",
        plan.sampler(),
        plan.objectives());
    openStore();
    try {
      runWorkers();
      catchUp();
    } finally {
      try {
        store.close();
      } catch (StoreWriteException e) {
        stop(e);
      }
    }
    Population population = finalPopulation();
    store.directory().ifPresent(dir -> retainer.sweepEnded(dir, population.trials()));
    log.info(
        "sweep '{}': {} in {} ms",
        name,
        population.statusCounts(),
        (System.nanoTime() - t0) / 1_000_000);
    listeners.sweepFinished(population);
    throwFatal(population);
    return population;
  }

  private void openStore() {
    store = plan.openStore();
    Map<Long, TrialState> replayed;
    try {
      replayed = store.replay();
    } catch (RuntimeException e) { // a damaged journal: the folder's lock must not outlive this run
      try {
        store.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    synchronized (lock) {
      resumed = new ResumedTrials(store, replayed, plan);
      if (store instanceof SharedStore shared) {
        sharedTrials = new SharedTrials(plan, sampling, stopper, shared, this::takeUp);
      }
    }
    if (!replayed.isEmpty()) {
      log.info(
          "sweep '{}': resuming from {} ({} trials in its journal)",
          name,
          store.directory().<Object>map(dir -> dir).orElseGet(store::description),
          replayed.size());
    }
  }

  /**
   * Every finished trial; if those kept from the store cannot be read back, what stopped the run.
   */
  private Population finalPopulation() {
    try {
      return population();
    } catch (RuntimeException e) { // trials kept from a folder that is gone cannot be read back
      synchronized (lock) {
        if (fatal == null) {
          throw e;
        }
        fatal.addSuppressed(e);
        throw fatal instanceof StoreWriteException w
            ? new StoreWriteException(w.getMessage() + "; the sweep stopped", w.reason(), w)
            : fatal;
      }
    }
  }

  /** Throws what stopped the run, if anything did; a store that cannot write says what is kept. */
  private void throwFatal(Population population) {
    synchronized (lock) {
      if (fatal instanceof StoreWriteException e) {
        long complete =
            population.statusCounts().get(TrialStatus.COMPLETED)
                + population.statusCounts().get(TrialStatus.PRUNED);
        boolean full = e.reason().contains(DISK_FULL);
        throw new StoreWriteException(
            e.getMessage()
                + "; the sweep stopped with "
                + complete
                + " of "
                + plan.total()
                + " trials complete: "
                + (full
                    ? "free space and run it again; nothing it recorded is lost"
                    : "run it again once the folder can be written"),
            e.reason(),
            e);
      }
      if (fatal != null) {
        throw fatal;
      }
    }
  }

  /** The store cannot be written: no trial starts, running ones are told to stop. */
  private void stop(StoreWriteException e) {
    synchronized (lock) {
      if (fatal == null) {
        fatal = e;
      }
    }
    cancel();
  }

  private void runWorkers() {
    int workers = (int) Math.min(plan.threads(), Math.max(1, plan.total()));
    if (async != null) {
      runAsync(Math.min(workers, ASYNC_THREADS));
      return;
    }
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
    for (Thread t :
        pool) { // all registered before any runs, so that a listener's close() sees its own thread
      t.start();
    }
    try {
      joinAll(pool);
    } finally {
      running.removeAll(pool);
    }
  }

  /**
   * Runs the workers of an async runner, and the completer; returns once every trial started has
   * ended and been recorded.
   */
  private void runAsync(int workers) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            ASYNC_THREADS,
            ASYNC_THREADS,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread t =
                  new Thread(
                      () -> {
                        try {
                          task.run();
                        } finally {
                          running.remove(Thread.currentThread());
                        }
                      },
                      "sweep-" + name + "-done-" + count.getAndIncrement());
              t.setDaemon(true);
              running.add(t);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    completer = pool;
    try {
      if (workers == 1) {
        running.add(Thread.currentThread());
        try {
          work();
        } finally {
          running.remove(Thread.currentThread());
        }
      } else {
        List<Thread> threads = new ArrayList<>(workers);
        for (int k = 0; k < workers; k++) {
          Thread t = new Thread(this::work, "sweep-" + name + "-" + k);
          t.setDaemon(true);
          threads.add(t);
          running.add(t);
        }
        threads.forEach(Thread::start);
        try {
          joinAll(threads);
        } finally {
          running.removeAll(threads);
        }
      }
      awaitInFlight();
    } finally {
      pool.shutdown(); // its threads end now, each taking itself out of the running ones
      awaitEnd(pool); // so that no thread outlives the run
    }
  }

  /** Waits for the completer's threads to end; they have nothing left to do but return. */
  private static void awaitEnd(ThreadPoolExecutor pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
          log.warn("the sweep's completer threads did not end within 10 s");
        }
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until every slot is free: every trial started has been recorded. */
  private void awaitInFlight() {
    boolean interrupted = false;
    while (true) {
      try {
        slots.acquire(plan.threads());
        slots.release(plan.threads());
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        cancel(); // the caller wants out: the running trials are asked to stop, and waited for
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Takes a slot for a trial of an async runner, waiting while all are taken; false if the run is
   * over meanwhile (cancelled, stopped), or this thread was interrupted (then it is cancelled).
   */
  private boolean takeSlot() {
    try {
      while (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
        if (cancelled) {
          return false;
        }
        synchronized (lock) {
          if (fatal != null) {
            return false;
          }
        }
      }
      return true;
    } catch (InterruptedException e) {
      cancel();
      return false;
    }
  }

  /** Whether the calling thread runs this run's trials (a runner or a listener is calling). */
  boolean runsOnThisThread() {
    return running.contains(Thread.currentThread());
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

  /** Stops starting trials; running ones see {@link Trial#shouldStop()}. Idempotent. */
  void cancel() {
    if (!cancelled) {
      cancelled = true;
      log.info("sweep '{}': cancelled", name);
      if (async != null) {
        inFlight.forEach(this::stopAsync);
      }
    }
  }

  /** Asks the async runner to stop a trial; what it throws is logged. */
  private void stopAsync(TrialContext trial) {
    try {
      async.stop(trial);
    } catch (RuntimeException e) {
      log.warn("sweep '{}': cannot stop trial {}: {}", name, trial.id(), e.getMessage(), e);
    }
  }

  /**
   * Whether the run is cancelled, here or in the shared store ({@code sweep cancel}): then it is,
   * here too.
   */
  private boolean cancelledIn(SharedStore shared) {
    if (!cancelled && shared.isCancelled()) {
      log.info("sweep '{}': cancelled in {}", name, store.description());
      cancel();
    }
    return cancelled;
  }

  boolean isCancelled() {
    return cancelled;
  }

  /** Whether a completed trial has met the target: then no new trial starts. */
  boolean targetReached() {
    synchronized (lock) {
      return reached;
    }
  }

  /**
   * A snapshot of the trials finished so far, in id order. The trials a resumed run took from its
   * store are read back from the store for each snapshot, not held in memory.
   */
  Population population() {
    List<TrialRecord> copy;
    ResumedTrials.Snapshot kept;
    synchronized (lock) {
      copy = new ArrayList<>(records);
      kept = resumed.snapshot();
    }
    copy.sort((a, b) -> Long.compare(a.id(), b.id()));
    return kept.population(plan.objectives(), copy);
  }

  /**
   * A worker: takes the next index under the lock and runs its trial outside it, until the run is
   * over.
   */
  private void work() {
    if (store instanceof SharedStore shared) {
      workShared(shared);
      return;
    }
    while (true) {
      if (async != null && !takeSlot()) {
        return;
      }
      boolean launched = false;
      try {
        Pending trial;
        synchronized (lock) {
          if (cancelled
              || fatal != null
              || next >= plan.total()
              || (reached && next > resumed.lastId())) {
            return;
          }
          try {
            trial = takeNext();
          } catch (StoreWriteException e) {
            stop(e);
            return;
          } catch (RuntimeException e) {
            fatal = e;
            log.error("sweep '{}': trial {}: {}", name, next - 1, e.getMessage());
            return;
          }
        }
        launched = trial != null && async != null; // the slot goes with the trial: freed at its end
        launch(trial);
      } finally {
        if (async != null && !launched) {
          slots.release();
        }
      }
    }
  }

  /** Runs a trial taken, or with an async runner starts it; nothing for none. */
  private void launch(Pending trial) {
    if (trial == null) {
      return;
    }
    if (async != null) {
      startAsync(trial.sample(), trial.attempt(), new ConcurrentHashMap<>(trial.notes()));
    } else {
      finished(runAttempts(trial));
    }
  }

  /**
   * A worker of a run on a shared store: takes up what other runs recorded, claims a trial under
   * the lock and runs it outside it, until the store has none left for this run or the run's own
   * cap ({@code --count}) is reached.
   */
  private void workShared(SharedStore shared) {
    while (true) {
      if (async != null && !takeSlot()) {
        return;
      }
      boolean launched = false;
      try {
        Pending trial = null;
        Duration pause = null;
        synchronized (lock) {
          if (cancelled || fatal != null || reached || claimed >= plan.total()) {
            return;
          }
          try {
            if (sharedTrials.follows()) {
              sharedTrials.takeUp(shared.changes());
            }
            if (shared.isCancelled()) {
              log.info("sweep '{}': cancelled in {}", name, store.description());
              cancel();
              return;
            }
            if (reached) {
              return;
            }
            SharedStore.Claim claim = shared.claim();
            if (claim instanceof SharedStore.Claim.Done) {
              return;
            } else if (claim instanceof SharedStore.Claim.Wait wait) {
              pause = wait.pause();
            } else {
              claimed++;
              trial = sharedTrials.pending(claim);
            }
          } catch (StoreWriteException e) {
            stop(e);
            return;
          } catch (RuntimeException e) {
            fatal = e;
            log.error("sweep '{}': {}", name, e.getMessage());
            return;
          }
        }
        if (pause != null && !sleep(pause)) {
          return;
        }
        launched = trial != null && async != null; // the slot goes with the trial: freed at its end
        launch(trial);
      } finally {
        if (async != null && !launched) {
          slots.release();
        }
      }
    }
  }

  /**
   * Takes up, once the workers are done, what other runs recorded that this one did not follow as
   * it ran (a sampler that does not adapt, no stopping rule, no target): for its population.
   */
  private void catchUp() {
    synchronized (lock) {
      if (sharedTrials == null || sharedTrials.follows() || fatal != null) {
        return;
      }
      try {
        sharedTrials.takeUp(((SharedStore) store).changes());
      } catch (StoreWriteException e) {
        stop(e);
      }
    }
  }

  /**
   * Sleeps, unless the run is cancelled meanwhile; false if it was interrupted, and then the run is
   * cancelled.
   */
  private boolean sleep(Duration pause) {
    long until = System.nanoTime() + pause.toNanos();
    try {
      while (!cancelled && System.nanoTime() < until) {
        Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      }
      return true;
    } catch (InterruptedException e) {
      cancel();
      return false;
    }
  }

  /**
   * Takes the next index: the trial to run, or null where the store's result stands (it is kept) or
   * the target is met. Holds the lock.
   */
  private Pending takeNext() {
    TrialState before = resumed.before(next);
    Sample sample =
        before == null ? sampling.ask(next) : sampling.resume(next, before.params(), plan.space());
    next++;
    Optional<TrialRecord> kept = resumed.standing(sample, before);
    if (kept.isPresent()) {
      keep(kept.get());
      return null;
    }
    if (reached) {
      return null; // the store's later results are still taken up, but no trial starts
    }
    if (before == null) {
      store.created(sample);
    }
    return before == null
        ? new Pending(sample, 1, Map.of())
        : new Pending(sample, before.attempts() + 1, before.notes());
  }

  /**
   * Takes up a trial of an earlier run whose result stands, as if it had just finished. Holds the
   * lock.
   */
  private void keep(TrialRecord record) {
    if (!resumed.keep(record)) {
      records.add(record);
    }
    checkTarget(record);
    sampling.tell(record);
    replayToStopper(record);
  }

  /**
   * Takes up a final result another run recorded on a shared store, as if this run had just
   * finished it. Holds the lock.
   */
  private void takeUp(TrialRecord record) {
    records.add(record);
    checkTarget(record);
    sampling.tell(record);
  }

  /** Records a trial this run ran and tells the sampler, then the listeners. */
  private void finished(Ended ended) {
    TrialRecord record = ended.record();
    List<TrialRecord> free;
    synchronized (lock) {
      records.add(record);
      checkFailFast(ended);
      free = retainer.toFree(record, records);
      checkTarget(record);
      try {
        sampling.tell(record);
      } catch (RuntimeException e) {
        fatal = e; // a broken sampler cannot propose the next trial either
        log.error(
            "sweep '{}': the sampler failed when told of trial {}: {}",
            name,
            record.id(),
            e.getMessage());
      }
    }
    store.directory().ifPresent(dir -> free.forEach(t -> retainer.free(dir, t)));
    if (ended.thrown() != null) {
      listeners.trialThrew(record.id(), ended.thrown());
    }
    listeners.trialFinished(record);
  }

  /**
   * Stops the run when the first trials to finish all failed alike (most likely a bug), noting them
   * for a resume to run again. Holds the lock.
   */
  private void checkFailFast(Ended ended) {
    TrialRecord record = ended.record();
    Optional<Path> dir =
        store.directory().map(d -> SweepFolder.trialDir(d, record.id(), record.name()));
    Map<Long, Map<String, Object>> notes;
    if (failFast.finished(record, ended.attempt(), dir)) {
      FailFastException e = failFast.exception(name);
      log.error("{}", e.getMessage());
      if (fatal == null) {
        fatal = e;
      }
      cancel();
      notes = failFast.notes();
    } else if (failFast.alike(record, dir)) {
      notes = Map.of(record.id(), failFast.note(ended.attempt())); // it ended as the run stopped
    } else {
      return;
    }
    try {
      notes.forEach((id, note) -> store.note(id, FailFast.NOTE, note));
    } catch (StoreWriteException e) {
      log.error("sweep '{}': cannot note the failed trials: {}", name, e.getMessage());
    }
  }

  /** Whether a completed trial met the target: then no new trial starts. Holds the lock. */
  private void checkTarget(TrialRecord record) {
    if (!reached
        && plan.target().reachedBy(record, objective)
        && plan.objectives().feasible(record)) {
      reached = true;
      log.info(
          "sweep '{}': trial {} reached the target {} = {} ({}); no new trial starts",
          name,
          record.id(),
          objective.metric(),
          record.metrics().get(objective.metric()),
          plan.target());
    }
  }

  /** Tells the stopping rule what a trial of an earlier run reported, and how it ended. */
  private void replayToStopper(TrialRecord record) {
    for (CurvePoint point : record.curve()) {
      Double value = point.metrics().get(objective.metric());
      if (value != null) {
        stopper.report(record.id(), point.step(), value);
      }
    }
    stopper.finished(record.id(), record.status());
  }

  /** Runs a trial, retrying a failure up to the bound; each attempt goes to the store. */
  private Ended runAttempts(Pending trial) {
    Sample sample = trial.sample();
    // The runner's notes go on from attempt to attempt: those of earlier runs, then this run's.
    Map<String, Map<String, Object>> notes = new ConcurrentHashMap<>(trial.notes());
    int attempt = trial.attempt();
    while (true) {
      try {
        store.started(sample.index(), attempt);
      } catch (StoreWriteException e) {
        stop(e); // not started, not recorded: a later run runs it
        return new Ended(notRun(sample, e), attempt, null);
      }
      TrialContext context = context(sample, attempt, notes);
      listeners.trialStarted(context);
      Instant started = Instant.now();
      long t0 = System.nanoTime();
      Ended ended = judged(context, call(context, sample), started, t0);
      if (!recorded(ended)) {
        return ended;
      }
      attempt++;
    }
  }

  /**
   * Records an attempt in the store: whether the trial is to run again (it failed, has retries
   * left, and the run goes on).
   */
  private boolean recorded(Ended ended) {
    TrialRecord record = ended.record();
    int attempt = ended.attempt();
    boolean retry =
        record.status() == TrialStatus.FAILED && attempt <= plan.retries() && !cancelled;
    try {
      if (store instanceof SharedStore shared) {
        shared.finished(record, attempt, retry);
      } else if (ended.thrown() != null) {
        store.finished(record, attempt, ended.thrown());
      } else {
        store.finished(record, attempt);
      }
    } catch (StoreWriteException e) {
      stop(e); // its result is not in the store: a later run runs it again
      return false;
    }
    if (retry) {
      log.info(
          "sweep '{}': retrying trial {} (attempt {} of {})",
          name,
          record.id(),
          attempt + 1,
          plan.retries() + 1);
    }
    return retry;
  }

  /**
   * Starts an attempt of a trial on the async runner, holding its slot: its future's completion, on
   * the completer, records it and starts the next attempt or ends the trial (and frees the slot). A
   * runner that throws as it starts the trial ends the attempt here.
   */
  private void startAsync(Sample sample, int attempt, Map<String, Map<String, Object>> notes) {
    try {
      startAttempts(sample, attempt, notes);
    } catch (RuntimeException
        | Error e) { // a store or listener broken: the slot is freed all the same
      slots.release();
      if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) {
        throw vme;
      }
      broken(sample.index(), e);
    }
  }

  /** {@link #startAsync}'s work, which hands the slot on to the trial's end. */
  private void startAttempts(Sample sample, int attempt, Map<String, Map<String, Object>> notes) {
    while (true) {
      try {
        store.started(sample.index(), attempt);
      } catch (StoreWriteException e) {
        stop(e); // not started, not recorded: a later run runs it
        endAsync(new Ended(notRun(sample, e), attempt, null));
        return;
      }
      TrialContext context = context(sample, attempt, notes);
      Instant started = Instant.now();
      long t0 = System.nanoTime();
      CompletableFuture<Result> future;
      try {
        listeners.trialStarted(context);
        inFlight.add(context);
        future = async.start(context);
        if (future == null) {
          throw new IllegalStateException(async + " returned null instead of a future");
        }
      } catch (Throwable e) {
        inFlight.remove(context);
        if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) {
          throw vme;
        }
        Ended ended = judged(context, thrown(e, sample), started, t0);
        if (recorded(ended)) {
          attempt++;
          continue;
        }
        endAsync(ended);
        return;
      }
      if (cancelled) {
        stopAsync(context); // cancelled while it started: cancel() may have missed it
      }
      Map<String, Map<String, Object>> attemptNotes = notes;
      CompletableFuture<?> unused =
          future.whenCompleteAsync(
              (result, e) -> completedAsync(context, result, e, started, t0, attemptNotes),
              completer);
      return;
    }
  }

  /**
   * An async attempt's future completed: judged and recorded on the completer, then the next
   * attempt starts or the trial ends. Whatever goes wrong here, the slot is freed.
   */
  private void completedAsync(
      TrialContext context,
      Result result,
      Throwable e,
      Instant started,
      long t0,
      Map<String, Map<String, Object>> notes) {
    inFlight.remove(context);
    Sample sample = context.sample();
    Ended ended;
    boolean retry;
    try {
      TrialOutcome outcome =
          e == null
              ? TrialOutcome.returned(
                  result, context, requiredMetrics(sample), plan.objectiveRequired())
              : thrown(unwrapped(e), sample);
      ended = judged(context, outcome, started, t0);
      retry = recorded(ended);
    } catch (RuntimeException | Error thrown) { // a store, stopper or sampler broken
      slots.release();
      broken(sample.index(), thrown);
      return;
    }
    if (retry) {
      startAsync(sample, context.attempt() + 1, notes);
    } else {
      endAsync(ended);
    }
  }

  /** Something of the run broke as it recorded or started a trial: the run stops with it. */
  private void broken(long id, Throwable e) {
    log.error("sweep '{}': trial {}: {}", name, id, e.getMessage(), e);
    synchronized (lock) {
      if (fatal == null) {
        fatal = e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }
    cancel();
  }

  /** A trial of the async runner has ended: recorded as a worker's, and its slot freed. */
  private void endAsync(Ended ended) {
    try {
      finished(ended);
    } catch (RuntimeException e) { // a broken sampler is the run's fatal already; this is worse
      broken(ended.record().id(), e);
    } finally {
      slots.release();
    }
  }

  /** What a future's exception stands for: its cause, where a stage wrapped it. */
  private static Throwable unwrapped(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static TrialRecord notRun(Sample sample, StoreWriteException e) {
    return new TrialRecord(
        sample.index(),
        sample.name(),
        sample.columns(),
        sample.config(),
        TrialStatus.CANCELLED,
        Map.of(),
        List.of(),
        Optional.of("not started: " + e.getMessage()),
        Instant.now(),
        Duration.ZERO);
  }

  /** The trial an attempt's runner is given. */
  private TrialContext context(Sample sample, int attempt, Map<String, Map<String, Object>> notes) {
    // On a shared store, an attempt this run may no longer hold (its heartbeat lapsed) stops:
    // another run may take it.
    BooleanSupplier stop =
        store instanceof SharedStore shared
            ? () -> cancelledIn(shared) || !shared.holds(sample.index(), attempt)
            : this::isCancelled;
    return new TrialContext(
        sample,
        attempt,
        store,
        treeParameters,
        notes,
        stop,
        listeners,
        stopper,
        objective.metric());
  }

  /**
   * An attempt ended: its outcome overruled where the rule pruned it or the disk is full, and the
   * stopper told.
   */
  private Ended judged(TrialContext trial, TrialOutcome called, Instant started, long t0) {
    Sample sample = trial.sample();
    int attempt = trial.attempt();
    TrialOutcome outcome = called;
    Duration duration = Duration.ofNanos(System.nanoTime() - t0);
    List<CurvePoint> curve = trial.curve();
    Optional<String> pruned = trial.pruned();
    if (pruned.isPresent() && !cancelled) {
      outcome = outcome.pruned(pruned.get() + " by " + plan.stopping(), curve);
      log.info(
          "sweep '{}': trial {} ({}) {}", name, sample.index(), sample.name(), outcome.failure());
    }
    if (store instanceof SharedStore shared && !shared.holds(sample.index(), attempt)) {
      outcome =
          outcome.lost(
              "lost: "
                  + store.description()
                  + " no longer holds this attempt (its heartbeat lapsed), "
                  + "so it was stopped; another run takes the trial over");
      log.warn(
          "sweep '{}': trial {} ({}) {}", name, sample.index(), sample.name(), outcome.failure());
    } else if (outcome.status() == TrialStatus.FAILED && store.isFull()) {
      outcome = diskFull(outcome, sample);
    }
    stopper.finished(sample.index(), outcome.status());
    return new Ended(outcome.record(sample, curve, started, duration), attempt, outcome.thrown());
  }

  /**
   * The metrics the trial's result must report: each objective's, but for an objective that names
   * one of the trial's numeric params (a probed value such as {@code flops}), which the trial
   * already has.
   */
  private List<String> requiredMetrics(Sample sample) {
    if (!plan.objectives().several()) {
      return List.of(objective.metric()); // the common case: no lookup
    }
    List<String> metrics = new ArrayList<>();
    for (Objective o : plan.objectives().list()) {
      Object param = sample.columns().get(o.metric());
      if (!(param instanceof Number) && !(param instanceof Boolean)) {
        metrics.add(o.metric());
      }
    }
    return metrics;
  }

  /** Calls the runner on the trial: what it returned or threw, judged. */
  private TrialOutcome call(TrialContext trial, Sample sample) {
    try {
      return TrialOutcome.returned(
          plan.runner().run(trial), trial, requiredMetrics(sample), plan.objectiveRequired());
    } catch (Throwable e) {
      if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) {
        throw vme; // out of memory: nothing sensible is left to do here
      }
      if (e instanceof InterruptedException) {
        Thread.interrupted(); // the interrupt was for this trial, not for the worker
      }
      return thrown(e, sample);
    }
  }

  /** What the runner threw, judged, and logged. */
  private TrialOutcome thrown(Throwable e, Sample sample) {
    TrialOutcome outcome = TrialOutcome.thrown(e, cancelled);
    log.warn(
        "sweep '{}': trial {} ({}) {}: {}",
        name,
        sample.index(),
        sample.name(),
        outcome.status(),
        outcome.failure(),
        e);
    return outcome;
  }

  /**
   * A failure while the sweep folder's disk is full: most likely caused by the disk, not by the
   * config, so an interruption, to run again; and the run stops, as it cannot record.
   */
  private TrialOutcome diskFull(TrialOutcome failed, Sample sample) {
    TrialOutcome outcome = failed.cancelled(" (while the disk of the sweep folder was full)");
    stop(
        new StoreWriteException(
            "the disk of the "
                + store.description()
                + " is full ("
                + DISK_FULL
                + ") as trial "
                + sample.index()
                + " failed",
            DISK_FULL,
            null));
    return outcome;
  }
}
