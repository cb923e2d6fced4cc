package dev.sweep.postgres;

import dev.sweep.internal.Json;
import dev.sweep.sampler.Sample;
import dev.sweep.store.SharedStore;
import dev.sweep.store.StoreWriteException;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's (one agent's) view of a sweep shared on PostgreSQL: a {@link SharedStore}.
 *
 * <p>Round trips, and the commits they make, are what limit a shared sweep of short trials, so a
 * thread that runs trial after trial makes one per trial: the end of its attempt ({@code finished})
 * goes in one call of {@code sweep_finish}, in one transaction with
 *
 * <ul>
 *   <li>the trial's sample ({@code created}: its name, params, config and created event), which is
 *       kept until then, or written by the heartbeat's thread once the trial has run for {@value
 *       #CREATED_AGE_MS} ms, so that {@code sweep status} and adaptive samplers elsewhere see
 *       running trials soon; before any report or note of the trial, and before its end, so that
 *       other runs hear of a trial's creation before its end;
 *   <li>the thread's next claim (as {@code sweep_claim} does it), which the thread's next {@link
 *       #claim()} then returns: claims are prefetched per thread, as the run may call from several;
 *       one not taken (the run stopped) is released at {@link #close()}, or goes stale and is
 *       claimed again after the timeout where the run was killed;
 *   <li>once the run has asked for {@link #changes()} (it follows the other runs), the events since
 *       its last read, which the next {@code changes()} returns.
 * </ul>
 *
 * A claim of a fresh trial starts its attempt (RUNNING, now, on this host, pid and folder), so that
 * {@code started} for it needs no round trip. What is left makes round trips of its own, all rare:
 * the first claim of a thread, a claim with nothing prefetched (the sweep's end, waits), the start
 * of a retry or of a trial run again, reports (buffered, in batches), notes. The run's calls share
 * one connection; the heartbeat (and the sample's early write) has its own.
 *
 * <p>Fencing: the heartbeat stamps the agent with the server's clock, and another run takes over
 * its trials once that stamp is older than the timeout. {@link #holds} turns false once the last
 * beat that succeeded was sent more than half the timeout ago by this JVM's monotonic clock, before
 * any other run can take over; and every write of an attempt is conditional on the agent holding
 * the trial still, so a write of an attempt that was taken over changes nothing.
 */
final class PostgresStore implements SharedStore {
  private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);
  private static final int REPORT_BATCH = 64;
  private static final long REPORT_AGE_NS = 250_000_000L;
  static final long CREATED_AGE_MS = 200;
  private static final Duration CREATED_TICK = Duration.ofMillis(CREATED_AGE_MS / 2);

  private static final String CLAIM =
      "SELECT kind, idx, params::text, attempts, notes::text, failure"
          + " FROM sweep_claim(?, ?, ?, ?, ?, ?, ?)";
  private static final String START = "SELECT sweep_start(?, ?, ?, ?, ?, ?, ?)";
  private static final String LOSSES =
      "SELECT count(*) FILTER (WHERE status = 'LOST')::int,"
          + " (array_agg(message ORDER BY attempt DESC) FILTER (WHERE status = 'LOST'))[1],"
          + " (array_agg(status ORDER BY attempt DESC))[1] FROM sweep_attempts WHERE sweep = ? AND index = ?";
  private static final String FINISH =
      "SELECT ok, kind, idx, params::text, attempts, notes::text, failure, cancelled,"
          + " next_from, e_index, e_kind, e_body::text"
          + " FROM sweep_finish(?, ?, ?, ?, ?, ?::json, ?, ?, ?::json, ?, ?, ?::json, ?::json, ?, ?, ?::json,"
          + " ?, ?, ?, ?, ?, ?)";
  private static final String CREATED =
      "SELECT sweep_created(?, u.i, ?, u.n, u.p::json, u.c::json, u.h, u.s, u.e::json)"
          + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[])"
          + " AS u(i, n, p, c, h, s, e)";
  private static final String REPORTS =
      "INSERT INTO sweep_events (sweep, agent, seq, index, kind, body)"
          + " SELECT ?, ?, u.s, u.i, 'reported', u.b::json FROM unnest(?::bigint[], ?::bigint[], ?::text[]) AS u(s, i, b)"
          + " ON CONFLICT DO NOTHING";
  private static final String NOTE =
      "UPDATE sweep_trials SET notes = notes || jsonb_build_object(?::text, ?::jsonb)"
          + " WHERE sweep = ? AND index = ? AND holder = ?";
  private static final String RELEASE_LAPSED =
      """
      WITH a AS (UPDATE sweep_attempts SET ended_at = now(), status = 'LOST', message = ?
                 WHERE sweep = ? AND index = ? AND attempt = ? AND agent = ? AND ended_at IS NULL)
      UPDATE sweep_trials SET state = 'open', failure = NULL
      WHERE sweep = ? AND index = ? AND holder = ? AND attempts = ? AND state = 'running'""";
  /*
   * At close: the attempts claims started that the run never started (prefetched claims it did not
   * take) are taken back, as if never claimed (u, d, o); the trials held between attempts open
   * (r: it sees the attempts as they were before d, so it leaves those to o).
   */
  private static final String RELEASE_IDLE =
      """
      WITH u AS (SELECT * FROM unnest(?::bigint[], ?::int[]) AS u(i, n)),
           d AS (DELETE FROM sweep_attempts a USING u WHERE a.sweep = ? AND a.agent = ? AND a.index = u.i
                   AND a.attempt = u.n AND a.ended_at IS NULL RETURNING a.index, a.attempt),
           o AS (UPDATE sweep_trials t SET state = 'open', attempts = d.attempt - 1 FROM d
                 WHERE t.sweep = ? AND t.index = d.index AND t.holder = ? AND t.state = 'running'
                   AND t.attempts = d.attempt RETURNING 1),
           r AS (UPDATE sweep_trials t SET state = 'open' WHERE t.sweep = ? AND t.holder = ? AND t.state = 'running'
                 AND NOT EXISTS (SELECT 1 FROM sweep_attempts a WHERE a.sweep = t.sweep AND a.index = t.index
                                 AND a.ended_at IS NULL) RETURNING 1)
      UPDATE sweep_agents SET closed_at = now() WHERE sweep = ? AND id = ?""";

  /**
   * A sample not written yet: {@code seq} numbers its created event, {@code since} is when it was
   * made.
   */
  private record Created(Sample sample, long seq, long since) {}

  /**
   * What a call takes from the store's buffers (reports, samples): taken at its first try, under
   * the link, so that no later call overtakes what it writes (a trial's end its sample or reports);
   * kept for its retries.
   */
  private static final class Once<T> {
    private T value;

    T get(java.util.function.Supplier<T> take) {
      if (value == null) {
        value = take.get();
      }
      return value;
    }
  }

  /** What one call of sweep_finish came back with. */
  private record Finish(boolean ok, Claim next, boolean cancelled) {}

  private final String sweep;
  private final String agent;
  private final String host;
  private final long pid;
  private final Agent settings;
  private final String description;
  private final Link link;
  private final Changes changes;
  private final Heartbeat heartbeat;
  private final Link beats;
  private final long holdNanos;
  private final Duration pause;

  private final Map<Long, Long> held =
      new ConcurrentHashMap<>(); // trial -> local time of its claim
  private final Set<Long> lost =
      ConcurrentHashMap.newKeySet(); // held trials the heartbeat found taken over
  private final Map<Thread, Claim> prefetched =
      new ConcurrentHashMap<>(); // each thread's next claim
  private final Map<Long, Integer> unstarted =
      new ConcurrentHashMap<>(); // trial -> attempt its claim started
  private final ReentrantLock unwrittenLock =
      new ReentrantLock(); // held while a sample of it is written early
  private final Map<Long, Created> unwritten =
      new HashMap<>(); // guarded by unwrittenLock: samples to write
  private final List<Change> unread =
      new ArrayList<>(); // guarded by itself: events read with a finish
  private boolean unreadFresh; // guarded by unread: read since the last changes()
  private volatile boolean following; // changes() was called: finishes read the events too

  /** A reported point waiting for its batch: its event's sequence number, its trial, its JSON. */
  private record Report(long seq, long trial, String body) {}

  private final List<Report> reports = new ArrayList<>(); // guarded by itself
  private long oldestReport; // guarded by reports
  private final AtomicLong seq = new AtomicLong();
  private volatile long lastBeat; // local monotonic time the last successful beat was sent
  private volatile boolean cancelled;
  private volatile boolean closed;

  /** Opens agent {@code agent} of sweep {@code sweep}: registers it, beats once, starts beating. */
  PostgresStore(javax.sql.DataSource source, String sweep, Agent settings, String description) {
    this.sweep = sweep;
    this.agent = randomId(16);
    this.host = hostName();
    this.pid = ProcessHandle.current().pid();
    this.settings = settings;
    this.description = description;
    Duration networkTimeout =
        settings.staleAfter().multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
            ? settings.staleAfter().multipliedBy(2)
            : Duration.ofSeconds(30);
    this.link = new Link(source, description, settings.retryFor(), networkTimeout);
    this.changes = new Changes(sweep, agent);
    this.holdNanos = settings.staleAfter().toNanos() / 2;
    this.pause =
        clamp(settings.heartbeat().dividedBy(2), Duration.ofMillis(50), Duration.ofSeconds(2));
    long t0 = System.nanoTime();
    link.call(
        "register agent " + agent,
        l -> {
          PreparedStatement ps =
              l.prepare(
                  "INSERT INTO sweep_agents (sweep, id, host, pid, folder) VALUES (?, ?, ?, ?, ?)"
                      + " ON CONFLICT DO NOTHING");
          ps.setString(1, sweep);
          ps.setString(2, agent);
          ps.setString(3, host);
          ps.setLong(4, pid);
          ps.setString(5, folder());
          return ps.executeUpdate();
        });
    lastBeat = t0;
    this.beats = new Link(source, description, Duration.ZERO, settings.heartbeat().multipliedBy(2));
    this.heartbeat = new Heartbeat(beats, sweep, agent, settings.heartbeat(), this::beaten);
    heartbeat.every(CREATED_TICK, this::writeOldSamples);
    log.info("agent {} on {} (pid {}) joined sweep {} in {}", agent, host, pid, sweep, description);
  }

  String agent() {
    return agent;
  }

  String sweep() {
    return sweep;
  }

  /** Takes up a beat: fencing counts from it; trials it no longer finds held were taken over. */
  private void beaten(Heartbeat.Beat beat) {
    lastBeat = beat.sentNanos();
    if (beat.cancelled()) {
      cancelled = true;
    }
    held.forEach(
        (id, claimedAt) -> {
          if (claimedAt - beat.sentNanos() < 0 && !beat.held().contains(id)) {
            if (lost.add(id)) {
              log.warn(
                  "agent {}: trial {} of sweep {} was taken over by another run", agent, id, sweep);
            }
          }
        });
  }

  // ---------------------------------------------------------------- claims

  /**
   * The claim this thread's last finish made, if any (and the sweep is not cancelled); else one
   * round trip.
   */
  @Override
  public Claim claim() {
    if (!cancelled) {
      Claim next = prefetched.remove(Thread.currentThread());
      if (next != null) {
        return next instanceof Claim.Again a ? withLosses(a) : next;
      }
    } // cancelled: a prefetched claim stays, for close() to release; the store says done
    String token = randomId(12);
    Claim claim =
        link.call(
            "claim a trial of sweep " + sweep,
            l -> {
              PreparedStatement ps = l.prepare(CLAIM);
              ps.setString(1, sweep);
              ps.setString(2, agent);
              ps.setString(3, token);
              ps.setLong(4, settings.staleAfter().toMillis());
              ps.setString(5, host);
              ps.setLong(6, pid);
              ps.setString(7, folder());
              try (ResultSet r = ps.executeQuery()) {
                r.next();
                return claim(r, 1);
              }
            });
    took(claim);
    return claim instanceof Claim.Again a ? withLosses(a) : claim;
  }

  /**
   * The claim in columns {@code col} to {@code col + 5} (kind, idx, params, attempts, notes,
   * failure); null where none was made.
   */
  private Claim claim(ResultSet r, int col) throws SQLException {
    String kind = r.getString(col);
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case "fresh" -> new Claim.Fresh(r.getLong(col + 1), r.getInt(col + 3));
      case "again" ->
          new Claim.Again(
              r.getLong(col + 1),
              Codec.tree(Codec.map(r.getString(col + 2))),
              r.getInt(col + 3),
              notes(r.getString(col + 4)),
              Optional.ofNullable(r.getString(col + 5)),
              0,
              Optional.empty());
      case "wait" -> new Claim.Wait(pause);
      default -> new Claim.Done();
    };
  }

  /** Holds a trial the store handed out; a fresh one's attempt started with the claim. */
  private void took(Claim claim) {
    long id =
        claim instanceof Claim.Fresh f ? f.index() : claim instanceof Claim.Again a ? a.id() : -1;
    if (id >= 0) {
      lost.remove(id);
      held.put(id, System.nanoTime());
    }
    if (claim instanceof Claim.Fresh f) {
      unstarted.put(f.index(), f.attempts() + 1);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> notes(String json) {
    Map<String, Object> all = Codec.map(json);
    Map<String, Map<String, Object>> notes = new java.util.LinkedHashMap<>();
    all.forEach(
        (k, v) ->
            notes.put(k, v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of("value", v)));
    return notes;
  }

  /**
   * A trial to run again, with how many of its attempts were lost with their agents, and its
   * failure only where its last attempt failed: a lost attempt is no failure of the trial. One more
   * round trip, for what is rare (a lost, cancelled or rerun trial).
   */
  private Claim.Again withLosses(Claim.Again a) {
    return link.call(
        "read the attempts of trial " + a.id() + " of sweep " + sweep,
        l -> {
          PreparedStatement ps = l.prepare(LOSSES);
          ps.setString(1, sweep);
          ps.setLong(2, a.id());
          try (ResultSet r = ps.executeQuery()) {
            r.next();
            Optional<String> failure =
                "FAILED".equals(r.getString(3)) ? a.failure() : Optional.empty();
            return new Claim.Again(
                a.id(),
                a.params(),
                a.attempts(),
                a.notes(),
                failure,
                r.getInt(1),
                Optional.ofNullable(r.getString(2)));
          }
        });
  }

  /**
   * What a finish read since the last call, without a round trip, where one did; else one read.
   * From the first call on, every finish reads the events too.
   */
  @Override
  public List<Change> changes() {
    following = true;
    synchronized (unread) {
      if (unreadFresh) {
        return takeUnread(List.of());
      }
    }
    List<Change> read =
        link.call(
            "read the changes of sweep " + sweep,
            l -> {
              List<Change> since = changes.read(l);
              synchronized (unread) {
                return takeUnread(since); // those a finish read before, first
              }
            });
    if (changes.cancelled()) {
      cancelled = true;
    }
    return read;
  }

  /** The events finishes read, then {@code more}; none are left unread. Holds {@code unread}. */
  private List<Change> takeUnread(List<Change> more) {
    List<Change> all = new ArrayList<>(unread.size() + more.size());
    all.addAll(unread);
    all.addAll(more);
    unread.clear();
    unreadFresh = false;
    return all;
  }

  @Override
  public boolean holds(long id, int attempt) {
    return !closed
        && held.containsKey(id)
        && !lost.contains(id)
        && System.nanoTime() - lastBeat < holdNanos;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  // ---------------------------------------------------------------- events

  /**
   * Kept until the trial's next write (its end, a report, a note), or written after {@value
   * #CREATED_AGE_MS} ms.
   */
  @Override
  public void created(Sample sample) {
    unwrittenLock.lock();
    try {
      unwritten.put(sample.index(), new Created(sample, seq.incrementAndGet(), System.nanoTime()));
    } finally {
      unwrittenLock.unlock();
    }
  }

  /** The samples of trials {@code ids} not written yet, which the caller writes now. */
  private List<Created> takeUnwritten(Collection<Long> ids) {
    List<Created> taken = new ArrayList<>();
    // waits for an early write of the heartbeat's under way: its commit then comes before the
    // caller's
    unwrittenLock.lock();
    try {
      for (Long id : ids) {
        Created c = unwritten.remove(id);
        if (c != null) {
          taken.add(c);
        }
      }
    } finally {
      unwrittenLock.unlock();
    }
    return taken;
  }

  /**
   * On the heartbeat's thread: writes the samples of trials that have run for a while, so that
   * other runs (an adaptive sampler, {@code sweep status}) see them. Skipped while the run's thread
   * takes one (it writes it itself), and where it fails: tried again at the next tick.
   */
  private void writeOldSamples() {
    if (!unwrittenLock.tryLock()) {
      return;
    }
    try {
      long now = System.nanoTime();
      List<Created> old =
          unwritten.values().stream()
              .filter(c -> now - c.since() > CREATED_AGE_MS * 1_000_000L)
              .toList();
      if (old.isEmpty()) {
        return;
      }
      beats.call("record " + old.size() + " sampled trials", l -> writeSamples(l, old));
      old.forEach(c -> unwritten.remove(c.sample().index(), c));
    } finally {
      unwrittenLock.unlock();
    }
  }

  /**
   * Writes samples and their created events (sweep_created: idempotent, and only where this run
   * holds the trial).
   */
  private Void writeSamples(Link l, List<Created> samples) throws SQLException {
    if (samples.isEmpty()) {
      return null;
    }
    int n = samples.size();
    Long[] ids = new Long[n];
    Long[] seqs = new Long[n];
    String[] names = new String[n];
    String[] params = new String[n];
    String[] configs = new String[n];
    String[] hashes = new String[n];
    String[] events = new String[n];
    for (int i = 0; i < n; i++) {
      Sample s = samples.get(i).sample();
      ids[i] = s.index();
      seqs[i] = samples.get(i).seq();
      names[i] = s.name();
      params[i] = Codec.write(s.params());
      configs[i] = Codec.write(s.config().toMap());
      hashes[i] = s.config().hash();
      events[i] = createdEvent(s);
    }
    PreparedStatement ps = l.prepare(CREATED);
    ps.setString(1, sweep);
    ps.setString(2, agent);
    ps.setArray(3, l.connection().createArrayOf("bigint", ids));
    ps.setArray(4, l.connection().createArrayOf("text", names));
    ps.setArray(5, l.connection().createArrayOf("text", params));
    ps.setArray(6, l.connection().createArrayOf("text", configs));
    ps.setArray(7, l.connection().createArrayOf("text", hashes));
    ps.setArray(8, l.connection().createArrayOf("bigint", seqs));
    ps.setArray(9, l.connection().createArrayOf("text", events));
    try (ResultSet r = ps.executeQuery()) {
      while (r.next()) {
        // false: no longer held, or written before; nothing to do
      }
    }
    return null;
  }

  private static String createdEvent(Sample sample) {
    return Codec.write(Map.of("name", sample.name(), "params", sample.params()));
  }

  /**
   * The attempt the claim started needs no round trip; any other (a retry, a trial run again) is
   * one.
   */
  @Override
  public void started(long id, int attempt) {
    if (unstarted.remove(id, attempt)) {
      return;
    }
    boolean ok =
        link.call(
            "record that trial " + id + " started",
            l -> {
              PreparedStatement ps = l.prepare(START);
              ps.setString(1, sweep);
              ps.setLong(2, id);
              ps.setInt(3, attempt);
              ps.setString(4, agent);
              ps.setString(5, host);
              ps.setLong(6, pid);
              ps.setString(7, folder());
              try (ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getBoolean(1);
              }
            });
    if (!ok) {
      lost.add(id);
      log.warn(
          "agent {}: trial {} attempt {} of sweep {} is not held by this run any more: not started",
          agent,
          id,
          attempt,
          sweep);
    }
  }

  /**
   * Buffered: written with the next batch, the attempt's end, or when the oldest is a quarter
   * second old.
   */
  @Override
  public void reported(long id, int attempt, CurvePoint point) {
    if (!holds(id, attempt)) {
      return;
    }
    boolean flush;
    synchronized (reports) {
      if (reports.isEmpty()) {
        oldestReport = System.nanoTime();
      }
      reports.add(new Report(seq.incrementAndGet(), id, Json.write(Codec.point(point))));
      flush = reports.size() >= REPORT_BATCH || System.nanoTime() - oldestReport > REPORT_AGE_NS;
    }
    if (flush) {
      flushReports();
    }
  }

  private void flushReports() {
    synchronized (reports) {
      if (reports.isEmpty()) {
        return;
      }
    }
    Once<List<Report>> taken = new Once<>();
    Once<List<Created>> samples = new Once<>();
    link.call(
        "record reports",
        l -> {
          List<Report> batch = taken.get(this::takeReports);
          if (batch.isEmpty()) {
            return 0; // another thread's call wrote them
          }
          Long[] seqs = new Long[batch.size()];
          Long[] ids = new Long[batch.size()];
          String[] bodies = new String[batch.size()];
          for (int i = 0; i < batch.size(); i++) {
            seqs[i] = batch.get(i).seq();
            ids[i] = batch.get(i).trial();
            bodies[i] = batch.get(i).body();
          }
          // other runs hear of a trial before its reports
          writeSamples(l, samples.get(() -> takeUnwritten(new java.util.HashSet<>(List.of(ids)))));
          PreparedStatement ps = l.prepare(REPORTS);
          ps.setString(1, sweep);
          ps.setString(2, agent);
          ps.setArray(3, l.connection().createArrayOf("bigint", seqs));
          ps.setArray(4, l.connection().createArrayOf("bigint", ids));
          ps.setArray(5, l.connection().createArrayOf("text", bodies));
          return ps.executeUpdate();
        });
  }

  private List<Report> takeReports() {
    synchronized (reports) {
      List<Report> batch = new ArrayList<>(reports);
      reports.clear();
      return batch;
    }
  }

  @Override
  public void note(long id, String key, Map<String, ?> value) {
    if (!holds(id, 0)) { // whatever the attempt: a note goes on the trial
      log.warn(
          "agent {}: a note on trial {} of sweep {}, which this run no longer holds, is not recorded",
          agent,
          id,
          sweep);
      return;
    }
    Once<List<Created>> sample = new Once<>();
    link.call(
        "record a note on trial " + id,
        l -> {
          writeSamples(
              l,
              sample.get(
                  () ->
                      takeUnwritten(
                          List.of(id)))); // a note goes on a trial whose sample is recorded
          PreparedStatement ps = l.prepare(NOTE);
          ps.setString(1, key);
          ps.setString(2, Codec.write(value));
          ps.setString(3, sweep);
          ps.setLong(4, id);
          ps.setString(5, agent);
          return ps.executeUpdate();
        });
  }

  /**
   * One round trip (sweep_finish): the trial's sample if not written yet, the attempt's end, and,
   * unless the thread goes on with this trial or the run is stopping, the thread's next claim, and
   * the events since the last read where the run follows the others.
   */
  @Override
  public void finished(TrialRecord record, int attempt, boolean retrying) {
    long id = record.id();
    flushReports();
    if (!holds(id, attempt)) {
      release(id, attempt);
      return;
    }
    Map<String, Object> outcome = Codec.outcome(record, attempt);
    String outcomeJson = Codec.write(outcome);
    String event = Codec.write(Codec.finishedEvent(record, outcome));
    long eventSeq = seq.incrementAndGet();
    Once<List<Created>> taken = new Once<>();
    Thread thread = Thread.currentThread();
    String token = prefetches(record, retrying, thread) ? randomId(12) : null;
    boolean follow = following;
    Finish finish =
        link.call(
            "record how trial " + id + " ended",
            l -> {
              PreparedStatement ps = l.prepare(FINISH);
              ps.setString(1, sweep);
              ps.setLong(2, id);
              ps.setInt(3, attempt);
              ps.setString(4, agent);
              ps.setString(5, record.status().name());
              ps.setString(6, outcomeJson);
              ps.setString(7, record.failure().orElse(null));
              ps.setLong(8, eventSeq);
              ps.setString(9, event);
              ps.setBoolean(10, retrying);
              List<Created> mine = taken.get(() -> takeUnwritten(List.of(id)));
              Created created = mine.isEmpty() ? null : mine.get(0);
              Sample sample = created == null ? null : created.sample();
              ps.setString(11, sample == null ? null : sample.name());
              ps.setString(12, sample == null ? null : Codec.write(sample.params()));
              ps.setString(13, sample == null ? null : Codec.write(sample.config().toMap()));
              ps.setString(14, sample == null ? null : sample.config().hash());
              if (created == null) {
                ps.setNull(15, java.sql.Types.BIGINT);
              } else {
                ps.setLong(15, created.seq());
              }
              ps.setString(16, sample == null ? null : createdEvent(sample));
              ps.setString(17, token);
              ps.setLong(18, settings.staleAfter().toMillis());
              ps.setString(19, host);
              ps.setLong(20, pid);
              ps.setString(21, folder());
              ps.setString(22, follow ? changes.from() : null);
              return finish(ps, follow);
            });
    if (finish.cancelled()) {
      cancelled = true;
    }
    if (!finish.ok()) {
      log.warn(
          "agent {}: trial {} attempt {} of sweep {} ended {}, but another run holds it now: not recorded",
          agent,
          id,
          attempt,
          sweep,
          record.status());
      held.remove(id);
    } else if (!retrying) {
      held.remove(id);
    }
    Claim next = finish.next();
    if (next instanceof Claim.Fresh
        || next instanceof Claim.Again) { // not wait or done: the thread asks again
      took(next);
      prefetched.put(thread, next);
    }
  }

  /**
   * Whether a finish claims the thread's next trial: not where the thread goes on with this one,
   * holds one already, or the run is stopping (the sweep cancelled, this store closed, the attempt
   * cancelled: a run cancels its attempts as it stops).
   */
  private boolean prefetches(TrialRecord record, boolean retrying, Thread thread) {
    return !retrying
        && !cancelled
        && !closed
        && record.status() != TrialStatus.CANCELLED
        && !prefetched.containsKey(thread);
  }

  /**
   * Reads sweep_finish's rows: its first says how the attempt ended, and the claim; each may carry
   * an event.
   */
  private Finish finish(PreparedStatement ps, boolean follow) throws SQLException {
    boolean ok = false;
    Claim next = null;
    boolean sweepCancelled = false;
    String from = null;
    List<Change> events = new ArrayList<>();
    try (ResultSet r = ps.executeQuery()) {
      boolean first = true;
      while (r.next()) {
        if (first) {
          ok = r.getBoolean(1);
          next = claim(r, 2);
          sweepCancelled = r.getBoolean(8);
          from = r.getString(9);
          first = false;
        }
        Change change = Changes.change(r, 10);
        if (change != null) {
          events.add(change);
        }
      }
    }
    if (follow) { // only once every row was read: a call that failed midway is read again whole
      changes.advance(from, sweepCancelled);
      synchronized (unread) {
        unread.addAll(events);
        unreadFresh = true;
      }
    }
    return new Finish(ok, next, sweepCancelled);
  }

  /**
   * The end of an attempt this run no longer holds (its heartbeat lapsed) is not recorded: the
   * attempt is ended as lost and the trial opened to other runs, unless another run took it over.
   */
  private void release(long id, int attempt) {
    log.warn(
        "agent {}: trial {} attempt {} of sweep {} ended after this run's heartbeat lapsed: not recorded;"
            + " the trial is open to other runs",
        agent,
        id,
        attempt,
        sweep);
    held.remove(id);
    String message = "lost: agent " + agent + " on " + host + " (pid " + pid + ") could not beat";
    link.call(
        "release trial " + id,
        l -> {
          PreparedStatement ps = l.prepare(RELEASE_LAPSED);
          ps.setString(1, message);
          ps.setString(2, sweep);
          ps.setLong(3, id);
          ps.setInt(4, attempt);
          ps.setString(5, agent);
          ps.setString(6, sweep);
          ps.setLong(7, id);
          ps.setString(8, agent);
          ps.setInt(9, attempt);
          return ps.executeUpdate();
        });
  }

  // ---------------------------------------------------------------- the rest

  @Override
  public Optional<Path> directory() {
    return settings.trialRoot();
  }

  private String folder() {
    return settings.trialRoot().map(Path::toString).orElse(null);
  }

  @Override
  public String description() {
    return "shared sweep " + sweep + " in " + description;
  }

  /**
   * Stops beating and opens to other runs the trials this run holds between attempts (a failed
   * attempt it did not retry, a claim it did not start: a prefetched one its thread did not take is
   * taken back, its attempt unrecorded). Attempts still running are left to go stale: another run
   * takes them over after the timeout; their samples are written first.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    heartbeat.close();
    try {
      flushReports();
      Map<Long, Integer> release = new HashMap<>(unstarted);
      List<Long> running = new ArrayList<>(held.keySet()); // trials left running
      running.removeAll(release.keySet());
      Once<List<Created>> samples = new Once<>();
      Long[] ids = release.keySet().toArray(Long[]::new);
      Integer[] attempts = release.values().toArray(Integer[]::new);
      link.call(
          "release the trials of agent " + agent,
          l -> {
            writeSamples(
                l,
                samples.get(
                    () -> takeUnwritten(running))); // another run takes them over as sampled
            PreparedStatement ps = l.prepare(RELEASE_IDLE);
            ps.setArray(1, l.connection().createArrayOf("bigint", ids));
            ps.setArray(2, l.connection().createArrayOf("int4", attempts));
            ps.setString(3, sweep);
            ps.setString(4, agent);
            ps.setString(5, sweep);
            ps.setString(6, agent);
            ps.setString(7, sweep);
            ps.setString(8, agent);
            ps.setString(9, sweep);
            ps.setString(10, agent);
            return ps.executeUpdate();
          });
      unstarted.clear();
      prefetched.clear();
    } catch (StoreWriteException e) {
      log.warn("agent {}: {}; its trials are taken over after the timeout", agent, e.getMessage());
      throw e;
    } finally {
      link.close();
      log.info("agent {} left sweep {}", agent, sweep);
    }
  }

  /** The calls the run's own connection made (each one round trip, one transaction): for tests. */
  long calls() {
    return link.calls();
  }

  /** Stops the heartbeat only, as a run that hangs or is cut off would: for tests. */
  void stopBeating() {
    heartbeat.close();
  }

  static String randomId(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown");
    }
  }

  private static Duration clamp(Duration d, Duration min, Duration max) {
    return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
  }
}
