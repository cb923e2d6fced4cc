package dev.sweep.store;

import dev.sweep.config.Config;
import dev.sweep.sampler.Sample;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where one run of a sweep records what happens to its trials, and what a later run replays to
 * resume: a {@link SweepFolder} (journal and trial folders), {@linkplain #inMemory() memory} for a
 * sweep without a folder, and stores of other modules (a database that several drivers share).
 *
 * <pre>{@code
 * try (SweepStore store = SweepFolder.open(dir, sweep.definition())) {
 *   Map<Long, TrialState> past = store.replay();      // what earlier runs recorded
 *   store.created(sample);                            // trial 7, say
 *   store.started(7, 1);
 *   store.finished(record, 1);
 * }
 * }</pre>
 *
 * <p>The run calls it from its trials' threads, so a store is thread-safe. Each recording call
 * returns once the event is recorded as durably as the store promises; one that cannot record
 * throws {@link StoreWriteException}, and the run stops (running trials are cancelled) and rethrows
 * it, for a later run to resume from what was recorded. A store is opened for one run and closed by
 * it.
 */
public interface SweepStore extends AutoCloseable {

  /**
   * Opens the store a run records into, for a sweep whose {@code sweep.json} would say {@code
   * definition}: what {@code Sweep.Builder.store(opener)} takes, so that a store of another module
   * (a database) plugs in as the folder does. Called once per run, before any trial.
   *
   * <pre>{@code
   * Sweep.builder(space, runner).store(definition -> myStore.open(definition)).build().run();
   * }</pre>
   */
  @FunctionalInterface
  interface Opener {
    /**
     * The store for one run; the run closes it.
     *
     * @throws StoreException if the store cannot be opened for this sweep
     */
    SweepStore open(Map<String, Object> definition);
  }

  /**
   * A store of nothing: what a run records stays in its own memory (its population) and a later run
   * replays nothing. What a sweep without a folder records into.
   */
  static SweepStore inMemory() {
    return MemoryStore.INSTANCE;
  }

  /**
   * Every trial that earlier runs recorded, by id, in id order: where a run resumes from. Each
   * state's {@code last} is the trial's last finished attempt, if it ended; the map may read states
   * back from the store when asked for (a folder's does), so callers do not keep it after close.
   *
   * @throws StoreException if what the store holds cannot be read back (a damaged journal)
   */
  Map<Long, TrialState> replay();

  /**
   * Records that a trial was sampled: its index, readable name, parameters and config (whose
   * {@linkplain Config#hash() hash} a resume compares with what it samples then). The run calls it
   * under its lock, in index order; a store that keeps nothing leaves the sample's name unmade.
   *
   * @throws StoreWriteException if the store cannot record it
   */
  void created(Sample sample);

  /**
   * Records that attempt {@code attempt} (from 1) of trial {@code id} started.
   *
   * @throws StoreWriteException if the store cannot record it
   */
  void started(long id, int attempt);

  /**
   * Records a point of trial {@code id}'s curve as attempt {@code attempt} reports it; the whole
   * curve is in the {@linkplain #finished finished} record too, so a store may keep only that.
   *
   * @throws StoreWriteException if the store cannot record it
   */
  void reported(long id, int attempt, CurvePoint point);

  /**
   * Records a runner's note on trial {@code id} (see {@link dev.sweep.Trial#note}): replayed as the
   * last value under each key in {@link TrialState#notes()}.
   *
   * @throws StoreWriteException if the store cannot record it
   */
  void note(long id, String key, Map<String, ?> value);

  /**
   * Records how attempt {@code attempt} of a trial ended: {@code record} is what {@link
   * TrialState#last()} replays.
   *
   * @throws StoreWriteException if the store cannot record it
   */
  void finished(TrialRecord record, int attempt);

  /**
   * Records how attempt {@code attempt} of a trial ended whose runner threw {@code thrown}: as
   * {@link #finished(TrialRecord, int)}, and a store that keeps files may keep the stack trace too
   * (the sweep folder writes it into the trial's {@code result.json} as {@code stack_trace}; the
   * journal keeps only the failure's text). By default, as {@link #finished(TrialRecord, int)}.
   *
   * @throws StoreWriteException if the store cannot record it
   */
  default void finished(TrialRecord record, int attempt, Throwable thrown) {
    finished(record, attempt);
  }

  /**
   * The folder trials get their work folders in ({@code trials/<id>-<name>}, see {@link
   * SweepFolder#trialDir}); empty when the store has none, and then {@link
   * dev.sweep.Trial#workDir()} is refused.
   */
  default Optional<Path> directory() {
    return Optional.empty();
  }

  /**
   * Whether the store has (almost) no room left: a trial that failed meanwhile most likely failed
   * for want of room, not for its config, so the run records it cancelled and stops.
   */
  default boolean isFull() {
    return false;
  }

  /** What this store is, for messages: {@code sweep folder sweeps/lr}. */
  String description();

  /**
   * Makes what was recorded durable and lets go of the store (a folder's lock). Idempotent.
   *
   * @throws StoreWriteException if what was recorded could not be made durable
   */
  @Override
  void close();
}
