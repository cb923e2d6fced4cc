package dev.sweep.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables and functions, versioned by the store itself: {@code sweep_migrations} lists
 * the versions applied; {@link #migrate} applies the missing ones in order, in one transaction
 * under a transaction-scoped advisory lock, so that agents starting at once neither race nor
 * apply a version twice. A migration is never edited once released: a change is a new version.
 *
 * <p>Columns whose key order people read back (definitions, params, configs, outcomes, events) are
 * {@code json}, which keeps the text as written; {@code jsonb} would sort the keys. Notes are
 * {@code jsonb}, merged key by key. Times come from the server's clock ({@code now()}), never the
 * agents'.
 */
final class Schema {
  private Schema() {}

  /** Migration {@code i + 1}. */
  static final List<String> MIGRATIONS = List.of("""
      CREATE TABLE sweeps (
        id text PRIMARY KEY,
        name text NOT NULL,
        definition json NOT NULL,
        spec text,
        total bigint NOT NULL CHECK (total >= 0),
        next bigint NOT NULL DEFAULT 0,
        cancelled boolean NOT NULL DEFAULT false,
        created timestamptz NOT NULL DEFAULT now()
      );
      -- a run of a sweep (an agent): where it runs, and its heartbeat, which keeps its trials its own
      CREATE TABLE agents (
        sweep text NOT NULL REFERENCES sweeps ON DELETE CASCADE,
        id text NOT NULL,
        host text NOT NULL,
        pid bigint NOT NULL,
        folder text,
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        PRIMARY KEY (sweep, id)
      );
      -- state: running (held by holder, between its attempts too), open (claimable), done.
      -- holder stays the last holder once the trial is open or done; claim is the token of the
      -- claim that handed it out, so that a retried claim whose first try committed gets it again.
      CREATE TABLE trials (
        sweep text NOT NULL REFERENCES sweeps ON DELETE CASCADE,
        index bigint NOT NULL,
        name text,
        params json,
        config json,
        hash text,
        state text NOT NULL CHECK (state IN ('running', 'open', 'done')),
        attempts int NOT NULL DEFAULT 0,
        holder text,
        claim text,
        notes jsonb NOT NULL DEFAULT '{}',
        last json,
        failure text,
        rerun boolean NOT NULL DEFAULT false,
        PRIMARY KEY (sweep, index)
      );
      CREATE INDEX trials_unfinished ON trials (sweep, index) WHERE state <> 'done';
      CREATE TABLE attempts (
        sweep text NOT NULL,
        index bigint NOT NULL,
        attempt int NOT NULL,
        agent text NOT NULL,
        host text NOT NULL,
        pid bigint NOT NULL,
        folder text,
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        status text NOT NULL DEFAULT 'RUNNING',
        message text,
        PRIMARY KEY (sweep, index, attempt),
        FOREIGN KEY (sweep, index) REFERENCES trials ON DELETE CASCADE
      );
      CREATE INDEX attempts_running ON attempts (sweep, agent) WHERE ended_at IS NULL;
      -- what runs recorded, for the other runs (SharedStore.changes): tx is the writing transaction's
      -- id; (agent, seq) is the writer's own numbering, so that a retried write is not recorded twice
      CREATE TABLE events (
        sweep text NOT NULL,
        tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
        agent text NOT NULL,
        seq bigint NOT NULL,
        index bigint NOT NULL,
        kind text NOT NULL,
        body json NOT NULL,
        PRIMARY KEY (agent, seq)
      );
      CREATE INDEX events_by_tx ON events (sweep, tx);

      -- Hands agent p_agent a trial of p_sweep: first one open or held by an agent whose heartbeat is
      -- older than p_stale_ms by this server's clock (its running attempt is then LOST), else the next
      -- index; else wait (trials still run) or done. One call, one transaction, one round trip.
      CREATE FUNCTION sweep_claim(p_sweep text, p_agent text, p_token text, p_stale_ms bigint)
      RETURNS TABLE (kind text, idx bigint, params json, attempts int, notes jsonb, failure text)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_idx bigint;
        v_lost int;
        v_failure text;
        t trials%ROWTYPE;
        a agents%ROWTYPE;
        s sweeps%ROWTYPE;
      BEGIN
        -- a retried call whose first try committed: the same trial again
        SELECT * INTO t FROM trials tr
          WHERE tr.sweep = p_sweep AND tr.state = 'running' AND tr.holder = p_agent AND tr.claim = p_token;
        IF FOUND THEN
          RETURN QUERY SELECT CASE WHEN t.params IS NULL THEN 'fresh' ELSE 'again' END, t.index, t.params,
            t.attempts, t.notes, t.failure;
          RETURN;
        END IF;
        SELECT * INTO s FROM sweeps sw WHERE sw.id = p_sweep;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'no sweep %', p_sweep USING ERRCODE = 'no_data_found';
        END IF;
        IF s.cancelled THEN
          RETURN QUERY SELECT 'done'::text, NULL::bigint, NULL::json, NULL::int, NULL::jsonb, NULL::text;
          RETURN;
        END IF;
        SELECT tr.index INTO v_idx FROM trials tr LEFT JOIN agents ag ON ag.sweep = tr.sweep AND ag.id = tr.holder
          WHERE tr.sweep = p_sweep AND tr.state <> 'done'
            AND (tr.state = 'open' OR ag.heartbeat_at IS NULL
                 OR ag.heartbeat_at < now() - p_stale_ms * interval '1 millisecond')
          ORDER BY tr.index LIMIT 1 FOR UPDATE OF tr SKIP LOCKED;
        IF FOUND THEN
          -- locked: read it and its holder again, as they are now
          SELECT * INTO t FROM trials tr WHERE tr.sweep = p_sweep AND tr.index = v_idx;
          SELECT * INTO a FROM agents ag WHERE ag.sweep = p_sweep AND ag.id = t.holder;
          IF t.state = 'open' OR (t.state = 'running'
              AND (a.id IS NULL OR a.heartbeat_at < now() - p_stale_ms * interval '1 millisecond')) THEN
            v_failure := t.failure;
            IF t.state = 'running' THEN
              UPDATE attempts at SET ended_at = now(), status = 'LOST',
                  message = format('lost: agent %s on %s (pid %s) stopped beating; its last heartbeat was at %s',
                    t.holder, coalesce(a.host, '?'), coalesce(a.pid::text, '?'), coalesce(a.heartbeat_at::text, '?'))
                WHERE at.sweep = p_sweep AND at.index = v_idx AND at.ended_at IS NULL
                RETURNING at.message INTO v_failure;
              GET DIAGNOSTICS v_lost = ROW_COUNT;
              IF v_lost = 0 THEN
                v_failure := t.failure;
              END IF;
            END IF;
            UPDATE trials tr SET state = 'running', holder = p_agent, claim = p_token, rerun = false, failure = v_failure
              WHERE tr.sweep = p_sweep AND tr.index = v_idx;
            RETURN QUERY SELECT CASE WHEN t.params IS NULL THEN 'fresh' ELSE 'again' END, v_idx, t.params,
              t.attempts, t.notes, v_failure;
            RETURN;
          END IF;
        END IF;
        UPDATE sweeps sw SET next = sw.next + 1 WHERE sw.id = p_sweep AND sw.next < sw.total RETURNING sw.next - 1 INTO v_idx;
        IF FOUND THEN
          INSERT INTO trials (sweep, index, state, holder, claim) VALUES (p_sweep, v_idx, 'running', p_agent, p_token);
          RETURN QUERY SELECT 'fresh'::text, v_idx, NULL::json, 0, '{}'::jsonb, NULL::text;
          RETURN;
        END IF;
        IF EXISTS (SELECT 1 FROM trials tr WHERE tr.sweep = p_sweep AND tr.state <> 'done') THEN
          RETURN QUERY SELECT 'wait'::text, NULL::bigint, NULL::json, NULL::int, NULL::jsonb, NULL::text;
        ELSE
          RETURN QUERY SELECT 'done'::text, NULL::bigint, NULL::json, NULL::int, NULL::jsonb, NULL::text;
        END IF;
      END
      $fn$;

      -- Records that attempt p_attempt of a trial this agent holds started (and, for a fresh trial,
      -- what it is: p_name etc., and its created event). False if the agent does not hold it. A
      -- repeated call (a retry whose first try committed) changes nothing.
      CREATE FUNCTION sweep_start(p_sweep text, p_index bigint, p_attempt int, p_agent text, p_host text,
          p_pid bigint, p_folder text, p_name text, p_params json, p_config json, p_hash text, p_seq bigint,
          p_event json)
      RETURNS boolean LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE trials tr SET name = coalesce(p_name, tr.name), params = coalesce(p_params, tr.params),
            config = coalesce(p_config, tr.config), hash = coalesce(p_hash, tr.hash), attempts = p_attempt
          WHERE tr.sweep = p_sweep AND tr.index = p_index AND tr.holder = p_agent AND tr.state = 'running'
            AND tr.attempts IN (p_attempt - 1, p_attempt);
        IF NOT FOUND THEN
          RETURN false;
        END IF;
        INSERT INTO attempts (sweep, index, attempt, agent, host, pid, folder)
          VALUES (p_sweep, p_index, p_attempt, p_agent, p_host, p_pid, p_folder) ON CONFLICT DO NOTHING;
        IF p_event IS NOT NULL THEN
          INSERT INTO events (sweep, agent, seq, index, kind, body)
            VALUES (p_sweep, p_agent, p_seq, p_index, 'created', p_event) ON CONFLICT DO NOTHING;
        END IF;
        RETURN true;
      END
      $fn$;

      -- Records how attempt p_attempt of a trial this agent holds ended; false if it does not hold it.
      -- Its own running attempt: cancelled, the trial is open; failed and p_retrying, still held (the
      -- agent starts the next attempt at once); else done. An attempt that ended elsewhere (lost, or
      -- failed in an agent that stopped): the trial is given up, done. Other runs hear of it (a
      -- finished event) only when it is done: its result stands.
      CREATE FUNCTION sweep_finish(p_sweep text, p_index bigint, p_attempt int, p_agent text, p_status text,
          p_outcome json, p_failure text, p_seq bigint, p_event json, p_retrying boolean)
      RETURNS boolean LANGUAGE plpgsql AS $fn$
      DECLARE
        v_agent text;
        v_status text;
        v_own boolean;
        v_state text;
      BEGIN
        PERFORM 1 FROM trials tr WHERE tr.sweep = p_sweep AND tr.index = p_index AND tr.holder = p_agent
          AND tr.attempts = p_attempt FOR UPDATE;
        IF NOT FOUND THEN
          RETURN false;
        END IF;
        SELECT at.agent, at.status INTO v_agent, v_status FROM attempts at
          WHERE at.sweep = p_sweep AND at.index = p_index AND at.attempt = p_attempt;
        v_own := v_agent = p_agent AND v_status IN ('RUNNING', p_status);
        IF v_own THEN
          UPDATE attempts at SET ended_at = now(), status = p_status, message = p_failure
            WHERE at.sweep = p_sweep AND at.index = p_index AND at.attempt = p_attempt AND at.ended_at IS NULL;
        END IF;
        v_state := CASE WHEN NOT coalesce(v_own, false) THEN 'done'
                        WHEN p_status = 'CANCELLED' THEN 'open'
                        WHEN p_status = 'FAILED' AND p_retrying THEN 'running'
                        ELSE 'done' END;
        UPDATE trials tr SET last = p_outcome, failure = CASE WHEN p_status = 'FAILED' THEN p_failure END,
            state = v_state
          WHERE tr.sweep = p_sweep AND tr.index = p_index;
        IF v_state = 'done' AND (coalesce(v_own, false) OR v_status IS NULL OR v_status = 'LOST') THEN
          INSERT INTO events (sweep, agent, seq, index, kind, body)
            VALUES (p_sweep, p_agent, p_seq, p_index, 'finished', p_event) ON CONFLICT DO NOTHING;
        END IF;
        RETURN true;
      END
      $fn$;
      """);

  /**
   * Applies the migrations this database lacks. Cheap when none is missing: one query, no lock.
   *
   * @throws SQLException if one cannot be applied (all of this call's are then rolled back)
   */
  static void migrate(Connection c) throws SQLException {
    if (applied(c) >= MIGRATIONS.size()) {
      return;
    }
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      // held to the end of this transaction: a second agent waits here, then finds them applied
      s.execute("SELECT pg_advisory_xact_lock(hashtext('sweep_migrations:' || coalesce(current_schema(), '')))");
      s.execute("CREATE TABLE IF NOT EXISTS sweep_migrations (version int PRIMARY KEY,"
          + " applied_at timestamptz NOT NULL DEFAULT now())");
      int version;
      try (ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM sweep_migrations")) {
        r.next();
        version = r.getInt(1);
      }
      for (int v = version + 1; v <= MIGRATIONS.size(); v++) {
        s.execute(MIGRATIONS.get(v - 1));
        s.execute("INSERT INTO sweep_migrations (version) VALUES (" + v + ")");
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** The highest version applied; 0 where none is (no table yet). */
  static int applied(Connection c) throws SQLException {
    boolean exists;
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT to_regclass('sweep_migrations') IS NOT NULL")) {
      r.next();
      exists = r.getBoolean(1);
    }
    if (!exists) {
      return 0;
    }
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM sweep_migrations")) {
      r.next();
      return r.getInt(1);
    }
  }
}
