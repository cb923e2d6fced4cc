package dev.sweep.postgres;

import dev.sweep.store.SharedStore.Change;
import dev.sweep.trial.CurvePoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what other agents recorded, never missing nor repeating an event.
 *
 * <p>A sequence cannot be the cursor: its values are taken before commit, and transactions commit
 * out of order, so a reader past value 12 would never see a 11 that commits later. Each event
 * records instead the id of the transaction that wrote it ({@code pg_current_xact_id()}, an {@code
 * xid8}, which never wraps). A read takes the rows with {@code from <= tx < xmin}, where {@code
 * xmin} is its snapshot's: every transaction below it has ended, so that set of rows is final, and
 * the snapshot sees all of it. The next read starts at that {@code xmin}. An event waits for the
 * oldest transaction still running on the server to end: transactions here are short. A read in a
 * transaction that wrote is right too: its snapshot leaves its own xid out, so its xmin may pass
 * it, but a read leaves this agent's own events out anyway.
 *
 * <p>The cursor moves with every read, whichever statement makes it: {@link #read} (a call of
 * {@code changes()} that its store could not serve from what came back before), or {@code
 * sweep_finish}, which reads the events in the same round trip as it ends an attempt and claims the
 * next trial ({@link #advance}). Both run on the run's link, one at a time.
 */
final class Changes {
  private static final String READ =
      """
      WITH s AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS x,
                        (SELECT cancelled FROM sweep_sweeps WHERE id = ?) AS c)
      SELECT s.x::text, s.c, e.index, e.kind, e.body::text
      FROM s LEFT JOIN sweep_events e ON e.sweep = ? AND e.tx >= CAST(CAST(? AS text) AS xid8) AND e.tx < s.x AND e.agent <> ?
      ORDER BY e.tx, e.seq""";

  private final String sweep;
  private final String agent;
  private String from = "0"; // guarded by the link: the xmin of the last read
  private boolean cancelled; // guarded by the link: as the last read found the sweep

  Changes(String sweep, String agent) {
    this.sweep = sweep;
    this.agent = agent;
  }

  /**
   * The events other agents committed since the last read; also reads whether the sweep was
   * cancelled.
   */
  List<Change> read(Link link) throws SQLException {
    PreparedStatement ps = link.prepare(READ);
    ps.setString(1, sweep);
    ps.setString(2, sweep);
    ps.setString(3, from);
    ps.setString(4, agent);
    List<Change> changes = new ArrayList<>();
    String xmin = from;
    boolean c = false;
    try (ResultSet r = ps.executeQuery()) {
      while (r.next()) {
        xmin = r.getString(1);
        c = r.getBoolean(2);
        Change change = change(r, 3);
        if (change != null) {
          changes.add(change);
        }
      }
    }
    from = xmin; // only once every row was read: a read that failed midway is read again whole
    cancelled = c;
    return changes;
  }

  boolean cancelled() {
    return cancelled;
  }

  /**
   * Where the next read starts: for a read another statement makes (sweep_finish's {@code p_from}).
   */
  String from() {
    return from;
  }

  /** Takes up a read another statement made from {@link #from()}, once all its rows were read. */
  void advance(String xmin, boolean cancelled) {
    this.from = xmin;
    this.cancelled = cancelled;
  }

  /**
   * The event in columns {@code col} (index), {@code col + 1} (kind), {@code col + 2} (body); null
   * where there is none.
   */
  static Change change(ResultSet r, int col) throws SQLException {
    String kind = r.getString(col + 1);
    return kind == null ? null : change(r.getLong(col), kind, Codec.map(r.getString(col + 2)));
  }

  private static Change change(long index, String kind, Map<String, Object> body) {
    return switch (kind) {
      case "created" -> new Change.Created(index, Codec.tree(body.get("params")));
      case "reported" -> new Change.Reported(index, CurvePoint.fromMap(body));
      case "finished" ->
          new Change.Finished(Codec.record(index, body), ((Number) body.get("attempt")).intValue());
      default ->
          throw new IllegalStateException("unknown event kind '" + kind + "' of trial " + index);
    };
  }
}
