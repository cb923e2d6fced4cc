package dev.sweep;

import static java.util.Objects.requireNonNull;

import dev.sweep.population.Population;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Space;
import dev.sweep.stopping.StoppingRule;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.SweepStore;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What every run of a {@link Sweep} carries out: its settings with the defaults filled in, and the
 * number of trials worked out from them. Immutable; each run starts its own sampling, stopper and
 * store from it, so that runs share nothing but this.
 *
 * @param given the sampler as set on the builder; {@code sampler} is it after the {@code enqueued}
 *     configs, warm-started from {@code warmStarts}
 * @param maxTrials as set on the builder; {@code total} is what runs
 * @param directory the sweep folder; empty: the run records in memory only, unless {@code store}
 *     opens one
 * @param store opens the store of each run, in the folder's stead
 * @param stopping {@link NoStopping#RULE} when trials run to their end
 * @param retention which files of ended trials stay; {@link Retention#ALL} keeps every one
 * @param failFast how many first trials failing alike stop a run; 0: off
 * @param objectives what the sweep seeks; the primary one is {@link #objective()}
 */
record Plan(
    String name,
    Space space,
    Runner runner,
    Sampler given,
    List<Map<String, Object>> enqueued,
    List<Population> warmStarts,
    Sampler sampler,
    Objectives objectives,
    OptionalLong maxTrials,
    long total,
    int threads,
    List<SweepListener> listeners,
    Optional<Path> directory,
    Optional<SweepStore.Opener> store,
    boolean forceUnlock,
    int retries,
    Set<Long> rerun,
    StoppingRule stopping,
    Target target,
    boolean objectiveRequired,
    Retention retention,
    int failFast) {

  Plan {
    listeners = List.copyOf(listeners);
    enqueued = List.copyOf(enqueued);
    warmStarts = List.copyOf(warmStarts);
    rerun = Set.copyOf(rerun);
  }

  /** The primary objective: what stopping, the target, best-so-far and retention go by. */
  Objective objective() {
    return objectives.primary();
  }

  /**
   * What {@code sweep.json} says of the sweep; {@code created} is now. {@code objective} is always
   * the primary objective, so that readers of one objective go on reading it; {@code objectives}
   * and {@code outcome_constraints} are there only when there are several objectives or
   * constraints, so that a single-objective sweep's file is what it always was.
   */
  Map<String, Object> definition() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("format", 1);
    d.put("name", name);
    d.put("objective", objective().toMap());
    if (objectives.several()) {
      d.put("objectives", objectives.toMaps());
    }
    if (!objectives.constraints().isEmpty()) {
      d.put(
          "outcome_constraints",
          objectives.constraints().stream().map(MetricBound::toMap).toList());
    }
    d.put("sampler", sampler.toString());
    d.put("space", space.toString());
    d.put("trials", total);
    d.put("created", Instant.now().toString());
    return d;
  }

  /**
   * Opens the store a run records into: the one the user plugged in, the sweep folder (taking its
   * lock), or memory.
   */
  SweepStore openStore() {
    if (store.isPresent()) {
      return requireNonNull(store.get().open(definition()), "the store opener returned null");
    }
    return directory
        .<SweepStore>map(dir -> SweepFolder.open(dir, definition(), forceUnlock))
        .orElseGet(SweepStore::inMemory);
  }
}
