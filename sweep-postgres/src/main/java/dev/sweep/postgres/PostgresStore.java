package dev.sweep.postgres;

import dev.sweep.internal.Json;
import dev.sweep.sampler.Sample;
import dev.sweep.store.SharedStore;
import dev.sweep.store.StoreWriteException;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's (one agent's) view of a sweep shared on PostgreSQL: a {@link SharedStore}.
 *
 * <p>Round trips are what limit a shared sweep of short trials, so each call makes at most one:
 * a claim is one call of {@code sweep_claim}; {@code created} is kept until {@code started}, and both go in one call of
 * {@code sweep_start}; {@code finished} is one call of {@code sweep_finish}; reports are buffered
 * and written in batches. The run's calls share one connection; the heartbeat has its own.
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

  private static final String CLAIM = "SELECT kind, idx, params::text, attempts, notes::text, failure"
      + " FROM sweep_claim(?, ?, ?, ?)";
  private static final String START = "SELECT sweep_start(?, ?, ?, ?, ?, ?, ?, ?, ?::json, ?::json, ?, ?, ?::json)";
  private static final String FINISH = "SELECT sweep_finish(?, ?, ?, ?, ?, ?::json, ?, ?, ?::json, ?)";
  private static final String REPORTS = "INSERT INTO events (sweep, agent, seq, index, kind, body)"
      + " SELECT ?, ?, u.s, u.i, 'reported', u.b::json FROM unnest(?::bigint[], ?::bigint[], ?::text[]) AS u(s, i, b)"
      + " ON CONFLICT DO NOTHING";
  private static final String NOTE = "UPDATE trials SET notes = notes || jsonb_build_object(?::text, ?::jsonb)"
      + " WHERE sweep = ? AND index = ? AND holder = ?";
  private static final String RELEASE_LAPSED = """
      WITH a AS (UPDATE attempts SET ended_at = now(), status = 'LOST', message = ?
                 WHERE sweep = ? AND index = ? AND attempt = ? AND agent = ? AND ended_at IS NULL)
      UPDATE trials SET state = 'open', failure = NULL
      WHERE sweep = ? AND index = ? AND holder = ? AND attempts = ? AND state = 'running'""";
  private static final String RELEASE_IDLE = """
      WITH r AS (UPDATE trials t SET state = 'open' WHERE t.sweep = ? AND t.holder = ? AND t.state = 'running'
                 AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.sweep = t.sweep AND a.index = t.index
                                 AND a.ended_at IS NULL) RETURNING 1)
      UPDATE agents SET closed_at = now() WHERE sweep = ? AND id = ?""";

  private final String sweep;
  private final String agent;
  private final String host;
  private final long pid;
  private final Agent settings;
  private final String description;
  private final Link link;
  private final Changes changes;
  private final Heartbeat heartbeat;
  private final long holdNanos;
  private final Duration pause;

  private final Map<Long, Long> held = new ConcurrentHashMap<>(); // trial -> local time of its claim
  private final Set<Long> lost = ConcurrentHashMap.newKeySet(); // held trials the heartbeat found taken over
  private final Map<Long, Sample> created = new ConcurrentHashMap<>(); // written with the trial's start
  private final List<Object[]> reports = new ArrayList<>(); // guarded by itself: seq, trial, body
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
    Duration networkTimeout = settings.staleAfter().multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
        ? settings.staleAfter().multipliedBy(2) : Duration.ofSeconds(30);
    this.link = new Link(source, description, settings.retryFor(), networkTimeout);
    this.changes = new Changes(sweep, agent);
    this.holdNanos = settings.staleAfter().toNanos() / 2;
    this.pause = clamp(settings.heartbeat().dividedBy(2), Duration.ofMillis(50), Duration.ofSeconds(2));
    long t0 = System.nanoTime();
    link.call("register agent " + agent, l -> {
      PreparedStatement ps = l.prepare("INSERT INTO agents (sweep, id, host, pid, folder) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING");
      ps.setString(1, sweep);
      ps.setString(2, agent);
      ps.setString(3, host);
      ps.setLong(4, pid);
      ps.setString(5, folder());
      return ps.executeUpdate();
    });
    lastBeat = t0;
    Link beats = new Link(source, description, Duration.ZERO, settings.heartbeat().multipliedBy(2));
    this.heartbeat = new Heartbeat(beats, sweep, agent, settings.heartbeat(), this::beaten);
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
    held.forEach((id, claimedAt) -> {
      if (claimedAt - beat.sentNanos() < 0 && !beat.held().contains(id)) {
        if (lost.add(id)) {
          log.warn("agent {}: trial {} of sweep {} was taken over by another run", agent, id, sweep);
        }
      }
    });
  }

  // ---------------------------------------------------------------- claims

  @Override
  public Claim claim() {
    String token = randomId(12);
    Claim claim = link.call("claim a trial of sweep " + sweep, l -> {
      PreparedStatement ps = l.prepare(CLAIM);
      ps.setString(1, sweep);
      ps.setString(2, agent);
      ps.setString(3, token);
      ps.setLong(4, settings.staleAfter().toMillis());
      try (ResultSet r = ps.executeQuery()) {
        r.next();
        return switch (r.getString(1)) {
          case "fresh" -> new Claim.Fresh(r.getLong(2));
          case "again" -> again(r.getLong(2), Codec.tree(Codec.map(r.getString(3))), r.getInt(4),
              notes(r.getString(5)), Optional.ofNullable(r.getString(6)));
          case "wait" -> new Claim.Wait(pause);
          default -> new Claim.Done();
        };
      }
    });
    long id = claim instanceof Claim.Fresh f ? f.index() : claim instanceof Claim.Again a ? a.id() : -1;
    if (id >= 0) {
      lost.remove(id);
      held.put(id, System.nanoTime());
    }
    return claim;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> notes(String json) {
    Map<String, Object> all = Codec.map(json);
    Map<String, Map<String, Object>> notes = new java.util.LinkedHashMap<>();
    all.forEach((k, v) -> notes.put(k, v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of("value", v)));
    return notes;
  }

  // TODO(lead, after feat/store-fast): count the trial's LOST attempts in sweep_claim instead of reading the message
  private static Claim.Again again(long id, Map<String, Object> params, int attempts,
      Map<String, Map<String, Object>> notes, Optional<String> failure) {
    boolean lost = failure.filter(f -> f.startsWith("lost:")).isPresent();
    return new Claim.Again(id, params, attempts, notes, lost ? Optional.empty() : failure, lost ? 1 : 0,
        lost ? failure : Optional.empty());
  }

  @Override
  public List<Change> changes() {
    List<Change> read = link.call("read the changes of sweep " + sweep, changes::read);
    if (changes.cancelled()) {
      cancelled = true;
    }
    return read;
  }

  @Override
  public boolean holds(long id, int attempt) {
    return !closed && held.containsKey(id) && !lost.contains(id) && System.nanoTime() - lastBeat < holdNanos;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  // ---------------------------------------------------------------- events

  /** Kept until the trial's first attempt starts: both are written in one round trip. */
  @Override
  public void created(Sample sample) {
    created.put(sample.index(), sample);
  }

  @Override
  public void started(long id, int attempt) {
    Sample sample = created.get(id);
    String event = sample == null ? null
        : Codec.write(Map.of("name", sample.name(), "params", sample.params()));
    long eventSeq = seq.incrementAndGet();
    boolean ok = link.call("record that trial " + id + " started", l -> {
      PreparedStatement ps = l.prepare(START);
      ps.setString(1, sweep);
      ps.setLong(2, id);
      ps.setInt(3, attempt);
      ps.setString(4, agent);
      ps.setString(5, host);
      ps.setLong(6, pid);
      ps.setString(7, folder());
      ps.setString(8, sample == null ? null : sample.name());
      ps.setString(9, sample == null ? null : Codec.write(sample.params()));
      ps.setString(10, sample == null ? null : Codec.write(sample.config().toMap()));
      ps.setString(11, sample == null ? null : sample.config().hash());
      ps.setLong(12, eventSeq);
      ps.setString(13, event);
      try (ResultSet r = ps.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    });
    created.remove(id);
    if (!ok) {
      lost.add(id);
      log.warn("agent {}: trial {} attempt {} of sweep {} is not held by this run any more: not started", agent, id,
          attempt, sweep);
    }
  }

  /** Buffered: written with the next batch, the attempt's end, or when the oldest is a quarter second old. */
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
      reports.add(new Object[] {seq.incrementAndGet(), id, Json.write(Codec.point(point))});
      flush = reports.size() >= REPORT_BATCH || System.nanoTime() - oldestReport > REPORT_AGE_NS;
    }
    if (flush) {
      flushReports();
    }
  }

  private void flushReports() {
    List<Object[]> batch;
    synchronized (reports) {
      if (reports.isEmpty()) {
        return;
      }
      batch = new ArrayList<>(reports);
      reports.clear();
    }
    Long[] seqs = new Long[batch.size()];
    Long[] ids = new Long[batch.size()];
    String[] bodies = new String[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      seqs[i] = (Long) batch.get(i)[0];
      ids[i] = (Long) batch.get(i)[1];
      bodies[i] = (String) batch.get(i)[2];
    }
    link.call("record " + batch.size() + " reports", l -> {
      PreparedStatement ps = l.prepare(REPORTS);
      ps.setString(1, sweep);
      ps.setString(2, agent);
      ps.setArray(3, l.connection().createArrayOf("bigint", seqs));
      ps.setArray(4, l.connection().createArrayOf("bigint", ids));
      ps.setArray(5, l.connection().createArrayOf("text", bodies));
      return ps.executeUpdate();
    });
  }

  @Override
  public void note(long id, String key, Map<String, ?> value) {
    if (!holds(id, 0)) {
      log.warn("agent {}: a note on trial {} of sweep {}, which this run no longer holds, is not recorded", agent, id,
          sweep);
      return;
    }
    link.call("record a note on trial " + id, l -> {
      PreparedStatement ps = l.prepare(NOTE);
      ps.setString(1, key);
      ps.setString(2, Codec.write(value));
      ps.setString(3, sweep);
      ps.setLong(4, id);
      ps.setString(5, agent);
      return ps.executeUpdate();
    });
  }

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
    boolean ok = link.call("record how trial " + id + " ended", l -> {
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
      try (ResultSet r = ps.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    });
    if (!ok) {
      log.warn("agent {}: trial {} attempt {} of sweep {} ended {}, but another run holds it now: not recorded", agent,
          id, attempt, sweep, record.status());
      held.remove(id);
    } else if (!retrying) {
      held.remove(id);
    }
  }

  /**
   * The end of an attempt this run no longer holds (its heartbeat lapsed) is not recorded: the
   * attempt is ended as lost and the trial opened to other runs, unless another run took it over.
   */
  private void release(long id, int attempt) {
    log.warn("agent {}: trial {} attempt {} of sweep {} ended after this run's heartbeat lapsed: not recorded;"
        + " the trial is open to other runs", agent, id, attempt, sweep);
    held.remove(id);
    String message = "lost: agent " + agent + " on " + host + " (pid " + pid + ") could not beat";
    link.call("release trial " + id, l -> {
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
   * attempt it did not retry, a claim it did not start). Attempts still running are left to go
   * stale: another run takes them over after the timeout.
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
      link.call("release the trials of agent " + agent, l -> {
        PreparedStatement ps = l.prepare(RELEASE_IDLE);
        ps.setString(1, sweep);
        ps.setString(2, agent);
        ps.setString(3, sweep);
        ps.setString(4, agent);
        return ps.executeUpdate();
      });
    } catch (StoreWriteException e) {
      log.warn("agent {}: {}; its trials are taken over after the timeout", agent, e.getMessage());
      throw e;
    } finally {
      link.close();
      log.info("agent {} left sweep {}", agent, sweep);
    }
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
