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
 * records instead the id of the transaction that wrote it ({@code pg_current_xact_id()}, an
 * {@code xid8}, which never wraps). A read takes the rows with {@code from <= tx < xmin}, where
 * {@code xmin} is its snapshot's: every transaction below it has ended, so that set of rows is
 * final, and the snapshot sees all of it. The next read starts at that {@code xmin}. An event waits
 * for the oldest transaction still running on the server to end: transactions here are short.
 */
final class Changes {
  private static final String READ = """
      WITH s AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS x,
                        (SELECT cancelled FROM sweeps WHERE id = ?) AS c)
      SELECT s.x::text, s.c, e.index, e.kind, e.body::text
      FROM s LEFT JOIN events e ON e.sweep = ? AND e.tx >= CAST(CAST(? AS text) AS xid8) AND e.tx < s.x AND e.agent <> ?
      ORDER BY e.tx, e.seq""";

  private final String sweep;
  private final String agent;
  private String from = "0"; // guarded by the link: the xmin of the last read
  private boolean cancelled; // guarded by the link: as the last read found the sweep

  Changes(String sweep, String agent) {
    this.sweep = sweep;
    this.agent = agent;
  }

  /** The events other agents committed since the last read; also reads whether the sweep was cancelled. */
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
        String kind = r.getString(4);
        if (kind != null) {
          changes.add(change(r.getLong(3), kind, Codec.map(r.getString(5))));
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

  private static Change change(long index, String kind, Map<String, Object> body) {
    return switch (kind) {
      case "created" -> new Change.Created(index, Codec.tree(body.get("params")));
      case "reported" -> new Change.Reported(index, CurvePoint.fromMap(body));
      case "finished" -> new Change.Finished(Codec.record(index, body), ((Number) body.get("attempt")).intValue());
      default -> throw new IllegalStateException("unknown event kind '" + kind + "' of trial " + index);
    };
  }
}
