package dev.sweep.postgres;

import dev.sweep.store.StoreException;
import dev.sweep.store.StoreWriteException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the database, its prepared statements, and the retries that carry a call over a
 * restarted server or a dropped connection: a call that fails for want of the connection is tried
 * again on a new one, with exponential backoff, until {@code retryFor} is spent; then it throws
 * {@link StoreWriteException}. Calls are serialised (one connection); what they write must be
 * idempotent, as a retried call may repeat one whose commit was not acknowledged.
 */
final class Link implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Link.class);
  private static final long FIRST_PAUSE_MS = 50;
  private static final long MAX_PAUSE_MS = 2_000;
  private static final Executor DIRECT = Runnable::run;

  /** Work on the connection, which may fail with an SQLException. */
  @FunctionalInterface
  interface Work<T> {
    T run(Link link) throws SQLException;
  }

  private final DataSource source;
  private final String description;
  private final Duration retryFor;
  private final int networkTimeoutMs;
  private Connection connection; // guarded by this
  private final Map<String, PreparedStatement> statements = new HashMap<>(); // guarded by this
  private boolean closed; // guarded by this
  private long calls; // guarded by this: calls made (not tries), for tests that count round trips

  /** {@code description} names the database in messages: never a password. */
  Link(DataSource source, String description, Duration retryFor, Duration networkTimeout) {
    this.source = source;
    this.description = description;
    this.retryFor = retryFor;
    this.networkTimeoutMs = (int) Math.min(Integer.MAX_VALUE, networkTimeout.toMillis());
  }

  /**
   * Runs {@code work}, again on a new connection while the failure is one of the connection's and
   * time is left.
   *
   * @throws StoreWriteException if the database cannot be reached for {@code retryFor}
   * @throws StoreException if the database refuses the work itself (not a connection's failure)
   */
  synchronized <T> T call(String what, Work<T> work) {
    calls++;
    long start = System.nanoTime();
    long pause = FIRST_PAUSE_MS;
    int tries = 0;
    while (true) {
      if (closed) {
        throw new StoreWriteException(
            "cannot " + what + ": the connection to " + description + " is closed", "closed", null);
      }
      tries++;
      try {
        return work.run(this);
      } catch (SQLException e) {
        if (!isTransient(e)) {
          throw new StoreException(
              "cannot " + what + " in " + description + ": " + e.getMessage(), e);
        }
        drop();
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        if (elapsed + pause > retryFor.toMillis()) {
          throw new StoreWriteException(
              "cannot "
                  + what
                  + ": "
                  + description
                  + " did not answer for "
                  + elapsed
                  + " ms ("
                  + tries
                  + " tries): "
                  + e.getMessage(),
              String.valueOf(e.getMessage()),
              e);
        }
        if (tries == 1) {
          log.warn(
              "cannot {} ({}); retrying for up to {} s",
              what,
              e.getMessage(),
              retryFor.toSeconds());
        }
        try {
          wait(pause); // releases the monitor, so that close() may go on meanwhile
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new StoreWriteException(
              "cannot " + what + ": interrupted while " + description + " did not answer",
              "interrupted",
              e);
        }
        pause = Math.min(MAX_PAUSE_MS, pause * 2);
      }
    }
  }

  /** How many calls were made on this link. */
  synchronized long calls() {
    return calls;
  }

  /** The statement for {@code sql} on the current connection, prepared once per connection. */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection().prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** The current connection, opened (in autocommit) where there is none. */
  Connection connection() throws SQLException {
    if (connection == null) {
      Connection c = source.getConnection();
      try {
        c.setAutoCommit(true);
        c.setNetworkTimeout(DIRECT, networkTimeoutMs);
      } catch (SQLException e) {
        closeQuietly(c);
        throw e;
      }
      connection = c;
    }
    return connection;
  }

  /**
   * Whether a failure is the connection's (or the server's, going down or starting) rather than the
   * statement's: SQLSTATE class 08, admin or crash shutdown, cannot connect now, too many
   * connections, serialization failure or deadlock (worth a retry too).
   */
  static boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03")
            || state.equals("53300")
            || state.equals("40001")
            || state.equals("40P01")) {
          return true;
        }
      }
      if (t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  /** Forgets the connection and its statements: the next call opens a new one. */
  private void drop() {
    statements.clear();
    if (connection != null) {
      closeQuietly(connection);
      connection = null;
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException | RuntimeException e) {
      // a broken connection: nothing to save
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    drop();
    notifyAll();
  }
}
