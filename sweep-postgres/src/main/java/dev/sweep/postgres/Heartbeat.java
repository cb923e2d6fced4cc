package dev.sweep.postgres;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's heartbeat: a daemon thread that, on its own connection (so that a slow call of the run
 * never delays a beat), stamps the agent and its running attempts with the server's {@code now()}
 * and reads back which trials the agent still holds and whether the sweep was cancelled. A beat
 * that fails is simply tried at the next tick; the store's fencing counts from the last one that
 * succeeded.
 */
final class Heartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
  private static final String BEAT =
      """
      WITH hb AS (UPDATE sweep_agents SET heartbeat_at = now() WHERE sweep = ? AND id = ? RETURNING 1),
           ab AS (UPDATE sweep_attempts SET heartbeat_at = now() WHERE sweep = ? AND agent = ? AND ended_at IS NULL RETURNING 1)
      SELECT (SELECT cancelled FROM sweep_sweeps WHERE id = ?), (SELECT count(*) FROM hb),
             array(SELECT index FROM sweep_trials WHERE sweep = ? AND holder = ? AND state = 'running')""";

  /**
   * A beat that succeeded: sent at {@code sentNanos} (local monotonic clock), what it read back.
   */
  record Beat(long sentNanos, Set<Long> held, boolean cancelled) {}

  private final Link link;
  private final String sweep;
  private final String agent;
  private final Consumer<Beat> onBeat;
  private final ScheduledExecutorService timer;
  private volatile boolean failing;

  Heartbeat(Link link, String sweep, String agent, Duration every, Consumer<Beat> onBeat) {
    this.link = link;
    this.sweep = sweep;
    this.agent = agent;
    this.onBeat = onBeat;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sweep-heartbeat-" + agent);
              t.setDaemon(true);
              return t;
            });
    long ms = Math.max(1, every.toMillis());
    // The beat handles its own failures, and close() cancels it with the timer.
    var unused = timer.scheduleWithFixedDelay(this::beatQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Also runs {@code chore} every {@code period} on this thread and connection (the store's writes
   * that can wait a little and must not hold up the run's own calls); it handles its own failures.
   * A chore delays a beat by its round trip at most.
   */
  void every(Duration period, Runnable chore) {
    long ms = Math.max(1, period.toMillis());
    // The chore handles its own failures, and close() cancels it with the timer.
    var unused =
        timer.scheduleWithFixedDelay(
            () -> {
              try {
                chore.run();
              } catch (RuntimeException e) {
                log.debug("agent {}: {}", agent, e.getMessage()); // tried again at the next tick
              }
            },
            ms,
            ms,
            TimeUnit.MILLISECONDS);
  }

  private void beatQuietly() {
    try {
      onBeat.accept(beat());
      if (failing) {
        log.info("agent {}: heartbeat recorded again", agent);
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        log.warn("agent {}: cannot record the heartbeat: {}", agent, e.getMessage());
        failing = true;
      }
    }
  }

  /** Beats once, now. */
  Beat beat() {
    long sent = System.nanoTime();
    return link.call(
        "record the heartbeat",
        l -> {
          PreparedStatement ps = l.prepare(BEAT);
          ps.setString(1, sweep);
          ps.setString(2, agent);
          ps.setString(3, sweep);
          ps.setString(4, agent);
          ps.setString(5, sweep);
          ps.setString(6, sweep);
          ps.setString(7, agent);
          try (ResultSet r = ps.executeQuery()) {
            r.next();
            boolean cancelled = r.getBoolean(1);
            Set<Long> held = new HashSet<>();
            Array array = r.getArray(3);
            for (Object o : (Object[]) array.getArray()) {
              held.add(((Number) o).longValue());
            }
            return new Beat(sent, held, cancelled);
          }
        });
  }

  /** Stops beating: the agent's trials go stale after the timeout, unless released. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    link.close();
  }
}
