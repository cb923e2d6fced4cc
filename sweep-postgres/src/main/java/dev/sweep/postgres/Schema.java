package dev.sweep.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables and functions, versioned by the store itself: {@code sweep_migrations} lists
 * the versions applied; {@link #migrate} applies the missing ones in order, in one transaction
 * under a transaction-scoped advisory lock, so that agents starting at once neither race nor apply
 * a version twice. A migration is never edited once released: a change is a new version.
 *
 * <p>Columns whose key order people read back (definitions, params, configs, outcomes, events) are
 * {@code json}, which keeps the text as written; {@code jsonb} would sort the keys. Notes are
 * {@code jsonb}, merged key by key. Times come from the server's clock ({@code now()}), never the
 * agents'.
 */
final class Schema {
  private Schema() {}

  /** Migration {@code i + 1}. */
  static final List<String> MIGRATIONS =
      List.of(
          """
      -- Every name starts with sweep_: the tables share the user's schema with other tools' (Optuna's
      -- trials, studies, ...), whose generic names ours must not take.
      CREATE TABLE sweep_sweeps (
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
      CREATE TABLE sweep_agents (
        sweep text NOT NULL REFERENCES sweep_sweeps ON DELETE CASCADE,
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
      -- params is null until the holder records what it sampled (name, params, config, hash): a
      -- claim starts a fresh trial's attempt at once, and the sample follows with the holder's next
      -- write; a trial handed out again before that is fresh again (its lost attempts are kept).
      CREATE TABLE sweep_trials (
        sweep text NOT NULL REFERENCES sweep_sweeps ON DELETE CASCADE,
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
      CREATE INDEX sweep_trials_unfinished ON sweep_trials (sweep, index) WHERE state <> 'done';
      CREATE TABLE sweep_attempts (
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
        FOREIGN KEY (sweep, index) REFERENCES sweep_trials ON DELETE CASCADE
      );
      CREATE INDEX sweep_attempts_running ON sweep_attempts (sweep, agent) WHERE ended_at IS NULL;
      -- what runs recorded, for the other runs (SharedStore.changes): tx is the writing transaction's
      -- id; (agent, seq) is the writer's own numbering, so that a retried write is not recorded twice
      CREATE TABLE sweep_events (
        sweep text NOT NULL,
        tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
        agent text NOT NULL,
        seq bigint NOT NULL,
        index bigint NOT NULL,
        kind text NOT NULL,
        body json NOT NULL,
        PRIMARY KEY (agent, seq)
      );
      CREATE INDEX sweep_events_by_tx ON sweep_events (sweep, tx);

      -- Hands agent p_agent a trial of p_sweep: first one open or held by an agent whose heartbeat is
      -- older than p_stale_ms by this server's clock (its running attempt is then LOST), else the next
      -- index (with the 15 after it, open); else wait (trials still run) or done. A fresh trial's (one not sampled yet) next
      -- attempt starts here, on p_host, p_pid, p_folder: the agent starts it at once, and so needs no
      -- round trip of its own to record the start; attempts is then the count before this one. A
      -- trial to run again (sampled before) starts when the agent says so (sweep_start): it may give
      -- the trial up instead. One call, one transaction, one round trip.
      CREATE FUNCTION sweep_claim(p_sweep text, p_agent text, p_token text, p_stale_ms bigint, p_host text,
          p_pid bigint, p_folder text)
      RETURNS TABLE (kind text, idx bigint, params json, attempts int, notes jsonb, failure text)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_idx bigint;
        v_end bigint;
        v_lost int;
        v_failure text;
        t sweep_trials%ROWTYPE;
        a sweep_agents%ROWTYPE;
        s sweep_sweeps%ROWTYPE;
      BEGIN
        -- a retried call whose first try committed: the same trial again (a fresh one's attempt started)
        SELECT * INTO t FROM sweep_trials tr
          WHERE tr.sweep = p_sweep AND tr.state = 'running' AND tr.holder = p_agent AND tr.claim = p_token;
        IF FOUND THEN
          RETURN QUERY SELECT CASE WHEN t.params IS NULL THEN 'fresh' ELSE 'again' END, t.index, t.params,
            CASE WHEN t.params IS NULL THEN t.attempts - 1 ELSE t.attempts END, t.notes, t.failure;
          RETURN;
        END IF;
        SELECT * INTO s FROM sweep_sweeps sw WHERE sw.id = p_sweep;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'no sweep %', p_sweep USING ERRCODE = 'no_data_found';
        END IF;
        IF s.cancelled THEN
          RETURN QUERY SELECT 'done'::text, NULL::bigint, NULL::json, NULL::int, NULL::jsonb, NULL::text;
          RETURN;
        END IF;
        SELECT tr.index INTO v_idx FROM sweep_trials tr
          LEFT JOIN sweep_agents ag ON ag.sweep = tr.sweep AND ag.id = tr.holder
          WHERE tr.sweep = p_sweep AND tr.state <> 'done'
            AND (tr.state = 'open' OR ag.heartbeat_at IS NULL
                 OR ag.heartbeat_at < now() - p_stale_ms * interval '1 millisecond')
          ORDER BY tr.index LIMIT 1 FOR UPDATE OF tr SKIP LOCKED;
        IF FOUND THEN
          -- locked: read it and its holder again, as they are now
          SELECT * INTO t FROM sweep_trials tr WHERE tr.sweep = p_sweep AND tr.index = v_idx;
          SELECT * INTO a FROM sweep_agents ag WHERE ag.sweep = p_sweep AND ag.id = t.holder;
          IF t.state = 'open' OR (t.state = 'running'
              AND (a.id IS NULL OR a.heartbeat_at < now() - p_stale_ms * interval '1 millisecond')) THEN
            v_failure := t.failure;
            IF t.state = 'running' THEN
              UPDATE sweep_attempts at SET ended_at = now(), status = 'LOST',
                  message = format('lost: agent %s on %s (pid %s) stopped beating; its last heartbeat was at %s',
                    t.holder, coalesce(a.host, '?'), coalesce(a.pid::text, '?'), coalesce(a.heartbeat_at::text, '?'))
                WHERE at.sweep = p_sweep AND at.index = v_idx AND at.ended_at IS NULL
                RETURNING at.message INTO v_failure;
              GET DIAGNOSTICS v_lost = ROW_COUNT;
              IF v_lost = 0 THEN
                v_failure := t.failure;
              END IF;
            END IF;
            UPDATE sweep_trials tr SET state = 'running', holder = p_agent, claim = p_token, rerun = false,
                failure = v_failure, attempts = tr.attempts + CASE WHEN t.params IS NULL THEN 1 ELSE 0 END
              WHERE tr.sweep = p_sweep AND tr.index = v_idx;
            IF t.params IS NULL THEN
              -- after the lost attempt's end, in the same transaction: now() is the same, never earlier
              INSERT INTO sweep_attempts (sweep, index, attempt, agent, host, pid, folder)
                VALUES (p_sweep, v_idx, t.attempts + 1, p_agent, p_host, p_pid, p_folder);
            END IF;
            RETURN QUERY SELECT CASE WHEN t.params IS NULL THEN 'fresh' ELSE 'again' END, v_idx, t.params,
              t.attempts, t.notes, v_failure;
            RETURN;
          END IF;
        END IF;
        -- The sweep's row is every claim's lock, held to its commit: it hands out 16 indices at once,
        -- the rest open to any claim (above), so that claims seldom wait on each other for it.
        SELECT sw.next INTO v_idx FROM sweep_sweeps sw WHERE sw.id = p_sweep AND sw.next < sw.total
          FOR NO KEY UPDATE;
        IF FOUND THEN
          UPDATE sweep_sweeps sw SET next = least(sw.total, v_idx + 16) WHERE sw.id = p_sweep
            RETURNING sw.next INTO v_end;
          INSERT INTO sweep_trials (sweep, index, state, holder, claim, attempts)
            VALUES (p_sweep, v_idx, 'running', p_agent, p_token, 1);
          INSERT INTO sweep_trials (sweep, index, state)
            SELECT p_sweep, g, 'open' FROM generate_series(v_idx + 1, v_end - 1) AS g;
          INSERT INTO sweep_attempts (sweep, index, attempt, agent, host, pid, folder)
            VALUES (p_sweep, v_idx, 1, p_agent, p_host, p_pid, p_folder);
          RETURN QUERY SELECT 'fresh'::text, v_idx, NULL::json, 0, '{}'::jsonb, NULL::text;
          RETURN;
        END IF;
        IF EXISTS (SELECT 1 FROM sweep_trials tr WHERE tr.sweep = p_sweep AND tr.state <> 'done') THEN
          RETURN QUERY SELECT 'wait'::text, NULL::bigint, NULL::json, NULL::int, NULL::jsonb, NULL::text;
        ELSE
          RETURN QUERY SELECT 'done'::text, NULL::bigint, NULL::json, NULL::int, NULL::jsonb, NULL::text;
        END IF;
      END
      $fn$;

      -- Records what a fresh trial this agent holds or held last is (its sample: p_name etc.) and its
      -- created event, unless it was recorded before; false if another agent took it over or it was.
      -- Its state is not asked: a write that a retry across a restart delayed past the trial's end
      -- still records the sample (its event then comes after the end's). A repeated call (a retry
      -- whose first try committed) changes nothing.
      CREATE FUNCTION sweep_created(p_sweep text, p_index bigint, p_agent text, p_name text, p_params json,
          p_config json, p_hash text, p_seq bigint, p_event json)
      RETURNS boolean LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE sweep_trials tr SET name = p_name, params = p_params, config = p_config, hash = p_hash
          WHERE tr.sweep = p_sweep AND tr.index = p_index AND tr.holder = p_agent AND tr.params IS NULL;
        IF NOT FOUND THEN
          RETURN false;
        END IF;
        INSERT INTO sweep_events (sweep, agent, seq, index, kind, body)
          VALUES (p_sweep, p_agent, p_seq, p_index, 'created', p_event) ON CONFLICT DO NOTHING;
        RETURN true;
      END
      $fn$;

      -- Records that attempt p_attempt of a trial this agent holds started: one the claim did not
      -- start (a retry, a trial run again). False if the agent does not hold it. A repeated call (a
      -- retry whose first try committed) changes nothing.
      CREATE FUNCTION sweep_start(p_sweep text, p_index bigint, p_attempt int, p_agent text, p_host text,
          p_pid bigint, p_folder text)
      RETURNS boolean LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE sweep_trials tr SET attempts = p_attempt
          WHERE tr.sweep = p_sweep AND tr.index = p_index AND tr.holder = p_agent AND tr.state = 'running'
            AND tr.attempts IN (p_attempt - 1, p_attempt);
        IF NOT FOUND THEN
          RETURN false;
        END IF;
        INSERT INTO sweep_attempts (sweep, index, attempt, agent, host, pid, folder)
          VALUES (p_sweep, p_index, p_attempt, p_agent, p_host, p_pid, p_folder) ON CONFLICT DO NOTHING;
        RETURN true;
      END
      $fn$;

      -- Records how attempt p_attempt of a trial this agent holds ended; false if it does not hold it.
      -- Its own running attempt: cancelled, the trial is open; failed and p_retrying, still held (the
      -- agent starts the next attempt at once); else done. An attempt that ended elsewhere (lost, or
      -- failed in an agent that stopped): the trial is given up, done. Other runs hear of it (a
      -- finished event) only when it is done: its result stands. A fresh trial's sample (p_name etc.,
      -- and its created event, p_created_seq) is recorded first, where the agent had not yet.
      CREATE FUNCTION sweep_end(p_sweep text, p_index bigint, p_attempt int, p_agent text, p_status text,
          p_outcome json, p_failure text, p_seq bigint, p_event json, p_retrying boolean,
          p_name text, p_params json, p_config json, p_hash text, p_created_seq bigint, p_created json)
      RETURNS boolean LANGUAGE plpgsql AS $fn$
      DECLARE
        v_agent text;
        v_status text;
        v_own boolean;
        v_state text;
      BEGIN
        PERFORM 1 FROM sweep_trials tr WHERE tr.sweep = p_sweep AND tr.index = p_index AND tr.holder = p_agent
          AND tr.attempts = p_attempt FOR UPDATE;
        IF NOT FOUND THEN
          RETURN false;
        END IF;
        IF p_params IS NOT NULL THEN
          PERFORM sweep_created(p_sweep, p_index, p_agent, p_name, p_params, p_config, p_hash, p_created_seq,
            p_created);
        END IF;
        SELECT at.agent, at.status INTO v_agent, v_status FROM sweep_attempts at
          WHERE at.sweep = p_sweep AND at.index = p_index AND at.attempt = p_attempt;
        v_own := v_agent = p_agent AND v_status IN ('RUNNING', p_status);
        IF v_own THEN
          UPDATE sweep_attempts at SET ended_at = now(), status = p_status, message = p_failure
            WHERE at.sweep = p_sweep AND at.index = p_index AND at.attempt = p_attempt AND at.ended_at IS NULL;
        END IF;
        v_state := CASE WHEN NOT coalesce(v_own, false) THEN 'done'
                        WHEN p_status = 'CANCELLED' THEN 'open'
                        WHEN p_status = 'FAILED' AND p_retrying THEN 'running'
                        ELSE 'done' END;
        UPDATE sweep_trials tr SET last = p_outcome, failure = CASE WHEN p_status = 'FAILED' THEN p_failure END,
            state = v_state
          WHERE tr.sweep = p_sweep AND tr.index = p_index;
        IF v_state = 'done' AND (coalesce(v_own, false) OR v_status IS NULL OR v_status = 'LOST') THEN
          INSERT INTO sweep_events (sweep, agent, seq, index, kind, body)
            VALUES (p_sweep, p_agent, p_seq, p_index, 'finished', p_event) ON CONFLICT DO NOTHING;
        END IF;
        RETURN true;
      END
      $fn$;

      -- The steady state of an agent's thread in one transaction, one round trip: the end of an
      -- attempt (sweep_end; ok), then, where p_token is given, the thread's next claim (sweep_claim:
      -- kind .. failure), then, where p_from is given, the events other agents committed since
      -- (SharedStore.changes; see Changes.java for the cursor): one row per event (e_*), at least one
      -- row. Every row also says whether the sweep is cancelled, and the cursor for the next read.
      -- The events are read in a statement of their own, with its own snapshot: pg_current_snapshot()
      -- is that statement's, and this transaction's own xid is never in it; this agent's events are
      -- left out, so a cursor past its own transaction skips nothing another agent wrote.
      CREATE FUNCTION sweep_finish(p_sweep text, p_index bigint, p_attempt int, p_agent text, p_status text,
          p_outcome json, p_failure text, p_seq bigint, p_event json, p_retrying boolean,
          p_name text, p_params json, p_config json, p_hash text, p_created_seq bigint, p_created json,
          p_token text, p_stale_ms bigint, p_host text, p_pid bigint, p_folder text, p_from text)
      RETURNS TABLE (ok boolean, kind text, idx bigint, params json, attempts int, notes jsonb, failure text,
          cancelled boolean, next_from text, e_index bigint, e_kind text, e_body json)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_ok boolean;
        c record;
      BEGIN
        v_ok := sweep_end(p_sweep, p_index, p_attempt, p_agent, p_status, p_outcome, p_failure, p_seq, p_event,
          p_retrying, p_name, p_params, p_config, p_hash, p_created_seq, p_created);
        IF p_token IS NOT NULL THEN
          SELECT * INTO c FROM sweep_claim(p_sweep, p_agent, p_token, p_stale_ms, p_host, p_pid, p_folder) cl;
        ELSE
          SELECT NULL::text AS kind, NULL::bigint AS idx, NULL::json AS params, NULL::int AS attempts,
            NULL::jsonb AS notes, NULL::text AS failure INTO c;
        END IF;
        IF p_from IS NULL THEN -- a statement of its own: one plan for both would scan the events for none
          RETURN QUERY SELECT v_ok, c.kind, c.idx, c.params, c.attempts, c.notes, c.failure,
            (SELECT sw.cancelled FROM sweep_sweeps sw WHERE sw.id = p_sweep), NULL::text, NULL::bigint, NULL::text,
            NULL::json;
          RETURN;
        END IF;
        RETURN QUERY
          WITH s AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS x,
                            (SELECT sw.cancelled FROM sweep_sweeps sw WHERE sw.id = p_sweep) AS cancelled)
          SELECT v_ok, c.kind, c.idx, c.params, c.attempts, c.notes, c.failure, s.cancelled, s.x::text,
                 e.index, e.kind, e.body
          FROM s LEFT JOIN sweep_events e ON e.sweep = p_sweep
            AND e.tx >= CAST(p_from AS xid8) AND e.tx < s.x AND e.agent <> p_agent
          ORDER BY e.tx, e.seq;
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
      s.execute(
          "SELECT pg_advisory_xact_lock(hashtext('sweep_migrations:' || coalesce(current_schema(), '')))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS sweep_migrations (version int PRIMARY KEY,"
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
