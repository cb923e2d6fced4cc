package dev.sweep.postgres;

import dev.sweep.config.Config;
import dev.sweep.internal.Json;
import dev.sweep.store.StoreException;
import dev.sweep.store.SweepStore;
import dev.sweep.store.TrialState;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A PostgreSQL database that holds shared sweeps: creates them, opens them to runs (agents, each
 * its own {@link dev.sweep.store.SharedStore}), cancels, reruns, and reads them back for status.
 * Get one from {@link Stores}. Thread-safe; the schema is created or migrated at first use.
 *
 * <pre>{@code
 * try (SweepDatabase db = Stores.postgres("postgresql://sweep@db.lab:5432/sweeps")) {
 *   Population p = Sweep.builder(space, runner).maxTrials(500).threads(4)
 *       .store(db.sweep("lr-search"))        // created by the first run, joined by the others
 *       .build().run();
 * }
 * }</pre>
 */
public final class SweepDatabase implements AutoCloseable {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final List<String> SAME = List.of("space", "sampler", "objective");

  private final DataSource source;
  private final String description;
  private final AutoCloseable owned;
  private final Link link;
  private volatile boolean migrated;

  SweepDatabase(DataSource source, String description, AutoCloseable owned) {
    this.source = Objects.requireNonNull(source, "source");
    this.description = description;
    this.owned = owned;
    this.link = new Link(source, description, Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  /** The database, for messages: its URL without a password, or the data source's name. */
  public String description() {
    return description;
  }

  /**
   * Stores a new sweep and returns its id: 8 random characters of lowercase base32. Its total of
   * trials is the definition's {@code trials}; {@code spec} is the sweep file's text (for {@code
   * sweep agent} to rebuild the sweep), or null.
   */
  public String create(Map<String, Object> definition, String spec) {
    total(definition);
    for (int tries = 0; ; tries++) {
      String id = PostgresStore.randomId(8);
      if (insert(id, definition, spec)) {
        return id;
      }
      if (tries > 10) {
        throw new StoreException("cannot find a free sweep id in " + description);
      }
    }
  }

  /**
   * What a run's {@code Sweep.Builder.store} takes to join stored sweep {@code id} as an agent. The
   * opener refuses (StoreException) an unknown id, and a run whose space, sampler or objective
   * differ from the stored sweep's.
   */
  public SweepStore.Opener join(String id, Agent agent) {
    checkId(id);
    Objects.requireNonNull(agent, "agent");
    return definition -> {
      Map<String, Object> stored =
          definition(id)
              .orElseThrow(() -> new StoreException("no sweep '" + id + "' in " + description));
      for (String key : SAME) {
        String mine = Json.write(Json.canonicalWriter(), definition.get(key));
        String theirs = Json.write(Json.canonicalWriter(), stored.get(key));
        if (!mine.equals(theirs)) {
          throw new StoreException(
              "this run's "
                  + key
                  + " "
                  + mine
                  + " differs from sweep '"
                  + id
                  + "''s "
                  + theirs
                  + " in "
                  + description
                  + ": a run joins a sweep of the same space, sampler and objective");
        }
      }
      return new PostgresStore(source, id, agent, description);
    };
  }

  /** {@link #sweep(String, Agent)} with {@link Agent#defaults()}. */
  public SweepStore.Opener sweep(String id) {
    return sweep(id, Agent.defaults());
  }

  /**
   * For Java programs: joins sweep {@code id}, created from the run's definition first if absent
   * (race-safe: runs that start at once create it once).
   */
  public SweepStore.Opener sweep(String id, Agent agent) {
    SweepStore.Opener join = join(id, agent);
    return definition -> {
      insert(id, definition, null);
      return join.open(definition);
    };
  }

  /** The sweep file text stored with sweep {@code id}; empty when it has none or is unknown. */
  public Optional<String> spec(String id) {
    return query(
        "read sweep " + id,
        "SELECT spec FROM sweep_sweeps WHERE id = ?",
        ps -> {
          ps.setString(1, id);
          try (ResultSet r = ps.executeQuery()) {
            return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.<String>empty();
          }
        });
  }

  /** The definition of sweep {@code id} (as {@code sweep.json} would hold it); empty if unknown. */
  public Optional<Map<String, Object>> definition(String id) {
    return query(
        "read sweep " + id,
        "SELECT definition::text FROM sweep_sweeps WHERE id = ?",
        ps -> {
          ps.setString(1, id);
          try (ResultSet r = ps.executeQuery()) {
            return r.next()
                ? Optional.of(Codec.map(r.getString(1)))
                : Optional.<Map<String, Object>>empty();
          }
        });
  }

  /** Whether sweep {@code id} was cancelled. */
  public boolean isCancelled(String id) {
    return query(
        "read sweep " + id,
        "SELECT cancelled FROM sweep_sweeps WHERE id = ?",
        ps -> {
          ps.setString(1, id);
          try (ResultSet r = ps.executeQuery()) {
            return r.next() && r.getBoolean(1);
          }
        });
  }

  /**
   * Cancels sweep {@code id}: no trial is handed out any more, and runs stop their running trials
   * (they see it at their next claim or heartbeat).
   *
   * @throws StoreException if the sweep is unknown
   */
  public void cancel(String id) {
    int n =
        query(
            "cancel sweep " + id,
            "UPDATE sweep_sweeps SET cancelled = true WHERE id = ?",
            ps -> {
              ps.setString(1, id);
              return ps.executeUpdate();
            });
    if (n == 0) {
      throw new StoreException("no sweep '" + id + "' in " + description);
    }
  }

  /**
   * Makes trials of sweep {@code id} claimable again (their attempt count is kept): a run of the
   * sweep runs each once more. Running trials are left as they are.
   *
   * @throws StoreException if the sweep is unknown or has no such trials (naming them)
   */
  public void rerun(String id, Collection<Long> trialIds) {
    Long[] ids = new TreeSet<>(trialIds).toArray(Long[]::new);
    List<Long> known =
        query(
            "rerun trials of sweep " + id,
            """
        WITH r AS (UPDATE sweep_trials SET state = 'open', rerun = true, failure = NULL
                   WHERE sweep = ? AND index = ANY(?) AND params IS NOT NULL AND state <> 'running')
        SELECT index FROM sweep_trials WHERE sweep = ? AND index = ANY(?) AND params IS NOT NULL""",
            ps -> {
              ps.setString(1, id);
              ps.setArray(2, ps.getConnection().createArrayOf("bigint", ids));
              ps.setString(3, id);
              ps.setArray(4, ps.getConnection().createArrayOf("bigint", ids));
              List<Long> found = new ArrayList<>();
              try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                  found.add(r.getLong(1));
                }
              }
              return found;
            });
    List<Long> unknown = new ArrayList<>(List.of(ids));
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new StoreException(
          (definition(id).isEmpty()
                  ? "no sweep '" + id + "'"
                  : "sweep '" + id + "' has no trials " + unknown)
              + " in "
              + description);
    }
  }

  /**
   * Every trial of sweep {@code id} that was sampled, by id: as a folder's replay has them, each
   * with its attempts and its last outcome if one ended.
   */
  public Map<Long, TrialState> trials(String id) {
    return query(
        "read the trials of sweep " + id,
        """
        SELECT index, name, params::text, config::text, hash, attempts, last::text, notes::text
        FROM sweep_trials WHERE sweep = ? AND params IS NOT NULL ORDER BY index""",
        ps -> {
          ps.setString(1, id);
          Map<Long, TrialState> states = new LinkedHashMap<>();
          try (ResultSet r = ps.executeQuery()) {
            while (r.next()) {
              long index = r.getLong(1);
              String name = r.getString(2);
              Map<String, Object> params = Codec.tree(Codec.map(r.getString(3)));
              Config config = Config.of(Codec.tree(Codec.map(r.getString(4))));
              String last = r.getString(7);
              Optional<TrialRecord> record =
                  last == null
                      ? Optional.empty()
                      : Optional.of(
                          TrialRecord.fromOutcome(index, name, params, config, Codec.map(last)));
              Map<String, Map<String, Object>> notes = new LinkedHashMap<>();
              Codec.map(r.getString(8)).forEach((k, v) -> notes.put(k, Codec.tree(v)));
              states.put(
                  index,
                  new TrialState(
                      index, name, params, config, r.getString(5), r.getInt(6), record, notes));
            }
          }
          return states;
        });
  }

  /**
   * Every attempt of sweep {@code id}'s trials, by trial then attempt: where and when each ran, and
   * how it ended.
   */
  public List<Attempt> attempts(String id) {
    return query(
        "read the attempts of sweep " + id,
        """
        SELECT index, attempt, agent, host, pid, folder, started_at, ended_at, status, message
        FROM sweep_attempts WHERE sweep = ? ORDER BY index, attempt""",
        ps -> {
          ps.setString(1, id);
          List<Attempt> all = new ArrayList<>();
          try (ResultSet r = ps.executeQuery()) {
            while (r.next()) {
              Timestamp ended = r.getTimestamp(8);
              all.add(
                  new Attempt(
                      r.getLong(1),
                      r.getInt(2),
                      r.getString(3),
                      r.getString(4),
                      r.getLong(5),
                      Optional.ofNullable(r.getString(6)),
                      r.getTimestamp(7).toInstant(),
                      Optional.ofNullable(ended).map(Timestamp::toInstant),
                      r.getString(9),
                      Optional.ofNullable(r.getString(10))));
            }
          }
          return all;
        });
  }

  /**
   * A mark of sweep {@code id}'s activity, for a poller such as {@code sweep serve --store}: it
   * differs whenever a run records an event (a trial sampled, a point reported, an attempt ended),
   * an attempt starts or is lost, a run comes or goes, or the sweep is cancelled. Cheap: a count
   * over the index of the sweep's events and a look at its running attempts and runs, in one round
   * trip. Opaque: compare marks with {@code equals}.
   */
  public String activity(String id) {
    return query(
        "read the activity of sweep " + id,
        """
        SELECT (SELECT count(*) FROM sweep_events WHERE sweep = ?),
               (SELECT count(*) || '/' || coalesce(max(started_at)::text, '-') FROM sweep_attempts
                WHERE sweep = ? AND ended_at IS NULL),
               (SELECT count(*) FROM sweep_agents WHERE sweep = ? AND closed_at IS NULL
                AND heartbeat_at > now() - interval '60 seconds'),
               (SELECT cancelled FROM sweep_sweeps WHERE id = ?)""",
        ps -> {
          for (int i = 1; i <= 4; i++) {
            ps.setString(i, id);
          }
          try (ResultSet r = ps.executeQuery()) {
            r.next();
            return r.getLong(1) + " " + r.getString(2) + " " + r.getLong(3) + " " + r.getString(4);
          }
        });
  }

  /**
   * Whether a run of sweep {@code id} is alive: one not closed whose last heartbeat is at most a
   * minute old (an agent's default {@link Agent#staleAfter()}).
   */
  public boolean hasLiveRun(String id) {
    return query(
        "read the runs of sweep " + id,
        """
        SELECT EXISTS (SELECT 1 FROM sweep_agents WHERE sweep = ? AND closed_at IS NULL
                       AND heartbeat_at > now() - interval '60 seconds')""",
        ps -> {
          ps.setString(1, id);
          try (ResultSet r = ps.executeQuery()) {
            return r.next() && r.getBoolean(1);
          }
        });
  }

  /**
   * The points that sweep {@code id}'s running attempts reported so far, by trial, in the order
   * reported: what its runs recorded for each other (a run sends its reports in batches, within a
   * second or so). A trial that reported nothing is left out.
   */
  public Map<Long, List<CurvePoint>> reported(String id) {
    return query(
        "read the reports of sweep " + id,
        """
        SELECT e.index, e.body::text FROM sweep_attempts a
        JOIN sweep_events e ON e.agent = a.agent AND e.sweep = a.sweep AND e.index = a.index
        WHERE a.sweep = ? AND a.ended_at IS NULL AND e.kind = 'reported'
        ORDER BY e.index, e.seq""",
        ps -> {
          ps.setString(1, id);
          Map<Long, List<CurvePoint>> points = new LinkedHashMap<>();
          try (ResultSet r = ps.executeQuery()) {
            while (r.next()) {
              points
                  .computeIfAbsent(r.getLong(1), k -> new ArrayList<>())
                  .add(CurvePoint.fromMap(Codec.map(r.getString(2))));
            }
          }
          return points;
        });
  }

  /** Inserts sweep {@code id} unless it exists; whether it inserted it. */
  private boolean insert(String id, Map<String, Object> definition, String spec) {
    checkId(id);
    long total = total(definition);
    Object name = definition.getOrDefault("name", id);
    return query(
        "create sweep " + id,
        """
        INSERT INTO sweep_sweeps (id, name, definition, spec, total) VALUES (?, ?, ?::json, ?, ?)
        ON CONFLICT (id) DO NOTHING""",
        ps -> {
          ps.setString(1, id);
          ps.setString(2, String.valueOf(name));
          ps.setString(3, Codec.write(definition));
          ps.setString(4, spec);
          ps.setLong(5, total);
          return ps.executeUpdate() == 1;
        });
  }

  private static long total(Map<String, Object> definition) {
    if (!(definition.get("trials") instanceof Number n) || n.longValue() < 0) {
      throw new IllegalArgumentException(
          "a sweep's definition gives its number of trials, 'trials' >= 0; this one has "
              + definition.get("trials"));
    }
    return n.longValue();
  }

  private static void checkId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "sweep id '"
              + id
              + "': 1 to 64 of a-z, 0-9, '.', '_', '-', starting with"
              + " a letter or digit");
    }
  }

  @FunctionalInterface
  private interface Statement<T> {
    T run(PreparedStatement ps) throws SQLException;
  }

  private <T> T query(String what, String sql, Statement<T> work) {
    migrate();
    return link.call(what, l -> work.run(l.prepare(sql)));
  }

  /** Creates or migrates the schema, once per instance. */
  void migrate() {
    if (!migrated) {
      synchronized (this) {
        if (!migrated) {
          link.call(
              "migrate the schema",
              l -> {
                Schema.migrate(l.connection());
                return null;
              });
          migrated = true;
        }
      }
    }
  }

  /**
   * Closes this instance's connection, and the data source it made from a URL (not one it was
   * given).
   */
  @Override
  public void close() {
    link.close();
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new StoreException("cannot close " + description + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "SweepDatabase[" + description + "]";
  }
}
