package dev.sweep.report;

import static java.util.Objects.requireNonNull;

import dev.sweep.store.TrialState;
import dev.sweep.trial.CurvePoint;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A sweep that a {@link LiveServer} follows other than a sweep folder: one in a shared store, as
 * {@code sweep serve --store URL ID} follows a PostgreSQL store's sweep (the store's module
 * implements none itself, so that this one does not depend on it). The server asks for {@link
 * #mark()} at each poll, and {@link #read()} only when the mark changed; both on the server's
 * polling thread, one at a time. An exception from either shows on the page as the sweep's error,
 * and the next poll asks again.
 *
 * <pre>{@code
 * LiveServer.builder().source(mySource).build().start();
 * }</pre>
 */
public interface LiveSource {
  /** A short name for the page and its URLs (made URL-safe there), such as the sweep's id. */
  String name();

  /** Where the sweep is, shown on the page: a store and the sweep's id; never a password. */
  String location();

  /**
   * A cheap value that differs (by {@code equals}) whenever what {@link #read()} returns may have
   * changed: a trial sampled, started, reporting or ended, a run coming or going. Asked every poll
   * interval, so it should cost one short query.
   */
  Object mark();

  /** The sweep as it stands now. */
  Look read();

  /**
   * One look at a sweep.
   *
   * @param definition the sweep's definition, as a folder's {@code sweep.json} holds it ({@code
   *     name}, {@code trials}, {@code space}, {@code sampler}, {@code objective}); empty while the
   *     sweep is not (yet) stored
   * @param trials every trial sampled, by id, with its attempts and its last outcome
   * @param running the trials with an attempt running now, by id: when it started and the points it
   *     reported so far
   * @param live whether a run of the sweep is alive: without one, a running attempt shows as
   *     unfinished
   */
  record Look(
      Optional<Map<String, Object>> definition,
      Map<Long, TrialState> trials,
      Map<Long, Run> running,
      boolean live) {
    public Look {
      requireNonNull(definition, "definition == null");
      definition = definition.map(d -> Collections.unmodifiableMap(new LinkedHashMap<>(d)));
      // in id order, as the page lists them
      trials = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(trials, "trials == null")));
      running = Map.copyOf(requireNonNull(running, "running == null"));
    }

    /** A sweep not stored (yet): the page says it waits for it. */
    public static Look absent() {
      return new Look(Optional.empty(), Map.of(), Map.of(), false);
    }
  }

  /**
   * A running attempt.
   *
   * @param started when it started
   * @param reported the points it reported so far, in order (empty where the source has none)
   */
  record Run(Instant started, List<CurvePoint> reported) {
    public Run {
      requireNonNull(started, "started == null");
      reported = List.copyOf(requireNonNull(reported, "reported == null"));
    }
  }
}
