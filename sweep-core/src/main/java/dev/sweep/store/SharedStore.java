package dev.sweep.store;

import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store that many runs of one sweep share at once (agents, on any number of machines): it hands
 * out the trials, so that each runs once, and tells each run what the others recorded. A PostgreSQL
 * store is one (module {@code sweep-postgres}).
 *
 * <p>A run on a shared store does not {@linkplain #replay() replay} it: it {@linkplain #claim()
 * claims} a trial whenever a thread is free, and before each claim it takes up the {@linkplain
 * #changes() changes} other runs made, so that an adaptive sampler learns every run's results and
 * counts every run's running trials, and a stopping rule decides on every run's reports; a run that
 * needs none of that takes them up once, at its end. A running attempt has a heartbeat the store
 * keeps; a run that stops beating (killed, cut off) loses its attempts after the store's timeout,
 * and they are claimed again.
 *
 * <pre>{@code
 * Claim claim = store.claim();                  // a store per run
 * if (claim instanceof Claim.Fresh fresh) {      // sample trial fresh.index(), record it, run it
 *   store.created(sampling.ask(fresh.index()));
 * } else if (claim instanceof Claim.Again again) { // run trial again.id(), attempt again.attempts() + 1
 * } else if (claim instanceof Claim.Wait wait) {   // ask again after wait.pause()
 * }                                              // Claim.Done: nothing is left for this run
 * }</pre>
 */
public interface SharedStore extends SweepStore {

  /** What a run is handed when it asks for a trial to run. */
  sealed interface Claim {
    /**
     * A new trial, held by this run: it samples trial {@code index} and records it {@linkplain
     * #created created}, then starts attempt {@code attempts + 1}. {@code attempts} attempts
     * started before without the trial being recorded (their runs stopped before they could): they
     * were lost, and count as attempts; mostly there are none.
     */
    record Fresh(long index, int attempts) implements Claim {
      /** A trial no attempt started before. */
      public Fresh(long index) {
        this(index, 0);
      }
    }

    /**
     * A trial to run again, held by this run: its last attempt failed, was lost with its run (the
     * run stopped beating: killed, cut off), was cancelled, or the trial was asked to rerun. {@code
     * attempts} attempts started before. {@code failure} says how the last one failed, if it
     * failed: that counts against the retries, and a run records a trial that has used them all as
     * failed without running it. A lost attempt is no failure of the trial, as an interrupted one
     * in a sweep folder is not; but a trial lost {@value #MAX_LOST} times is given up, since what
     * kills its runs may be its config. {@code lost} says how many were lost, and how the last was.
     */
    record Again(
        long id,
        Map<String, Object> params,
        int attempts,
        Map<String, Map<String, Object>> notes,
        Optional<String> failure,
        int lost,
        Optional<String> lastLost)
        implements Claim {
      /** Lost attempts after which a trial is given up, failed. */
      public static final int MAX_LOST = 3;

      public Again {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        notes = Map.copyOf(notes);
      }
    }

    /**
     * No trial to claim now, but others still run and may be handed out again: ask after the pause.
     */
    record Wait(Duration pause) implements Claim {}

    /**
     * No trial is left for this run: every trial is claimed or done, or the sweep was cancelled.
     */
    record Done() implements Claim {}
  }

  /** What another run recorded, as {@link #changes()} hands it on. */
  sealed interface Change {
    /** Another run sampled trial {@code id}; it is running there until finished. */
    record Created(long id, Map<String, Object> params) implements Change {}

    /** Another run's attempt of trial {@code id} reported a point of its curve. */
    record Reported(long id, CurvePoint point) implements Change {}

    /**
     * Another run ended a trial: {@code record} is its result, which stands (its last attempt is
     * {@code attempt}).
     */
    record Finished(TrialRecord record, int attempt) implements Change {}
  }

  /**
   * Hands this run a trial to run; the store makes sure no other run holds it. A trial of a run
   * that stopped beating is handed out again once the store's timeout has passed.
   *
   * @throws StoreWriteException if the store cannot be reached (after its own retries)
   */
  Claim claim();

  /**
   * What other runs recorded since the last call (all they recorded, at the first), in the order
   * they recorded it; this run's own events are not among them.
   *
   * @throws StoreWriteException if the store cannot be reached (after its own retries)
   */
  List<Change> changes();

  /**
   * Records how attempt {@code attempt} of a trial this run holds ended, and what becomes of the
   * trial: with {@code retrying}, this run starts the next attempt at once and still holds it; else
   * a cancelled attempt (the run stopped) leaves the trial to be claimed again, and any other is
   * the trial's result, which stands. A store does not record the end of an attempt it no longer
   * {@linkplain #holds holds}.
   *
   * @throws StoreWriteException if the store cannot record it
   */
  void finished(TrialRecord record, int attempt, boolean retrying);

  /** As {@link #finished(TrialRecord, int, boolean)}, not retrying. */
  @Override
  default void finished(TrialRecord record, int attempt) {
    finished(record, attempt, false);
  }

  /**
   * Whether this run still holds attempt {@code attempt} of trial {@code id}: false once its
   * heartbeat could not be recorded for long enough that another run may take the trial over. The
   * run then stops the attempt, so that no trial ever runs in two runs at once; a store does not
   * record the end of an attempt it no longer holds. Called often: it reads no store.
   */
  boolean holds(long id, int attempt);

  /**
   * Whether the sweep was cancelled in the store ({@code sweep cancel}): the run then stops its
   * trials. Called often, by running trials: it reads no store (a store refreshes it as it beats).
   */
  boolean isCancelled();

  /** A shared store hands out trials instead: a run on it replays nothing. */
  @Override
  default Map<Long, TrialState> replay() {
    return Map.of();
  }
}
