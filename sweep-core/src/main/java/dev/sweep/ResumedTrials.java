package dev.sweep;

import dev.sweep.population.Population;
import dev.sweep.sampler.Sample;
import dev.sweep.store.StoreException;
import dev.sweep.store.SweepStore;
import dev.sweep.store.TrialState;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The trials a run finds in its store from earlier runs: each one's state by id, whether its result
 * stands or it runs again, and the ones the run keeps. A kept trial is held by its id alone and
 * read back from the store for each population. Guarded by the run's lock; {@link #snapshot()}
 * copies what a population needs, to read outside it.
 */
final class ResumedTrials {
  private final SweepStore store;
  private final Map<Long, TrialState> past;
  private final long lastId;
  private final Set<Long> rerun;
  private final int retries;
  private final BitSet kept = new BitSet(); // kept trials whose record past reads back

  /**
   * The trials in {@code past}, which {@code store} replayed, under the plan's rerun and retries.
   */
  ResumedTrials(SweepStore store, Map<Long, TrialState> past, Plan plan) {
    this.store = store;
    this.past = past;
    this.lastId = past.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
    this.rerun = plan.rerun();
    this.retries = plan.retries();
  }

  /** Trial {@code id} as the store has it; null if it is new. */
  TrialState before(long id) {
    return past.get(id);
  }

  /** The largest id in the store; -1 if it has none. */
  long lastId() {
    return lastId;
  }

  /**
   * A trial's result from an earlier run that stands: completed or pruned, or failed as often as
   * allowed (and not one of the failures that stopped its run, see {@link FailFast}), and not asked
   * to rerun. Checks that the store's config is the one sampled now.
   *
   * @throws StoreException if the store was made by another sweep
   */
  Optional<TrialRecord> standing(Sample sample, TrialState before) {
    if (before == null) {
      return Optional.empty();
    }
    if (!before.hash().equals(sample.config().hash())) {
      throw new StoreException(
          store.description()
              + " was made by another sweep: its trial "
              + sample.index()
              + " has config "
              + before.config()
              + ", this sweep samples "
              + sample.config()
              + "; use a new folder, or the same space, sampler and seed");
    }
    if (before.last().isEmpty() || rerun.contains(sample.index())) {
      return Optional.empty();
    }
    TrialRecord last = before.last().get();
    boolean stands =
        switch (last.status()) {
          case COMPLETED, PRUNED -> true;
          // failed alike with the first trials, which stopped the run: most likely not its config
          case FAILED -> before.attempts() > retries && !before.failedFast();
          default -> false; // cancelled or unknown: run it again
        };
    return stands ? Optional.of(last) : Optional.empty();
  }

  /**
   * Keeps a trial by its id; false if its id is too large for that, and the caller must hold its
   * record.
   */
  boolean keep(TrialRecord record) {
    if (record.id() > Integer.MAX_VALUE) {
      return false;
    }
    kept.set((int) record.id());
    return true;
  }

  /** The kept trials as of now. */
  Snapshot snapshot() {
    return new Snapshot((BitSet) kept.clone(), past);
  }

  /**
   * Kept trials by id, and the store's states to read them back from; a copy, read without the
   * lock.
   */
  static final class Snapshot {
    private final BitSet ids;
    private final Map<Long, TrialState> past;

    private Snapshot(BitSet ids, Map<Long, TrialState> past) {
      this.ids = ids;
      this.past = past;
    }

    /**
     * A population of the kept trials and {@code records} (sorted by id), in id order. The kept
     * ones are read back one at a time into the columns: a resume of a million finished trials
     * holds no million records at once.
     */
    Population population(Objectives objectives, List<TrialRecord> records) {
      Population.Builder population = Population.builder(objectives);
      int k = ids.nextSetBit(0);
      for (TrialRecord record : records) {
        for (; k >= 0 && k < record.id(); k = ids.nextSetBit(k + 1)) {
          population.add(past.get((long) k).last().orElseThrow());
        }
        population.add(record);
      }
      for (; k >= 0; k = ids.nextSetBit(k + 1)) {
        population.add(past.get((long) k).last().orElseThrow());
      }
      return population.build();
    }
  }
}
