package dev.sweep.cli;

import dev.sweep.SweepListener;
import dev.sweep.Trial;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A sweep's progress for people: done / running / failed / total, the best so far and an ETA. On a
 * terminal one line redrawn in place as trials start and end (at most ten times a second, and four
 * times a second by a ticker); otherwise a plain line every {@value #PLAIN_EVERY_SECONDS} seconds
 * or every tenth of the trials; nothing when quiet. A trial that fails is reported on stderr with
 * the first line of its cause, unless quiet.
 *
 * <p>Thread-safe: the sweep's workers call the listener methods, a ticker thread redraws.
 */
final class Progress implements SweepListener, AutoCloseable {
  static final int PLAIN_EVERY_SECONDS = 10;

  /** Lines of a failure's cause shown as it fails (its log's last lines follow the first). */
  static final int FAILURE_LINES = 6;

  /** Events redraw the live line at most this often; the ticker redraws it four times a second. */
  private static final long REDRAW_NANOS = 100_000_000L;

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  /** How progress shows. */
  enum Mode {
    /** One line redrawn in place (stdout is a terminal). */
    LIVE,
    /** A line now and then (stdout is a file or a pipe). */
    PLAIN,
    /** Nothing. */
    QUIET
  }

  private final PrintWriter out;
  private final PrintWriter err;
  private final Mode mode;
  private final Objective objective;
  private final String active;
  private final Set<Long> running = new HashSet<>();
  private long total;
  private long done;
  private long failed;
  private long finishedHere;
  private TrialRecord best;
  private long startNanos;
  private long lastPlainNanos;
  private long lastPlainTenth;
  private long lastDrawNanos;
  private Thread ticker;
  private boolean closed;

  /**
   * @param active what the trials that started and have not ended are doing: {@code running}, or
   *     {@code queued or running} on SLURM, where a started trial may still wait in the queue
   */
  Progress(PrintWriter out, PrintWriter err, Mode mode, Objective objective, String active) {
    this.out = out;
    this.err = err;
    this.mode = mode;
    this.objective = objective;
    this.active = active;
  }

  /**
   * Starts showing: {@code total} trials, of which {@code doneBefore} (and {@code failedBefore} of
   * those) stand from an earlier run, with {@code bestBefore} the best among them.
   */
  synchronized void start(
      long total, long doneBefore, long failedBefore, Optional<TrialRecord> bestBefore) {
    this.total = total;
    this.done = doneBefore;
    this.failed = failedBefore;
    this.best = bestBefore.orElse(null);
    this.startNanos = System.nanoTime();
    this.lastPlainNanos = startNanos;
    this.lastPlainTenth = tenth();
    if (mode == Mode.QUIET) {
      return;
    }
    if (mode == Mode.PLAIN) {
      plain();
    }
    ticker = new Thread(this::tick, "sweep-progress");
    ticker.setDaemon(true);
    ticker.start();
  }

  private void tick() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(250);
        synchronized (this) {
          if (mode == Mode.LIVE) {
            redraw();
          } else if (System.nanoTime() - lastPlainNanos >= PLAIN_EVERY_SECONDS * 1_000_000_000L) {
            plain();
          }
        }
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  @Override
  public synchronized void trialStarted(Trial trial) {
    running.add(trial.id());
    if (mode == Mode.LIVE && System.nanoTime() - lastDrawNanos >= REDRAW_NANOS) {
      redraw();
    }
  }

  @Override
  public synchronized void trialFinished(TrialRecord record) {
    running.remove(record.id());
    done++;
    finishedHere++;
    if (record.status() == TrialStatus.FAILED || record.status() == TrialStatus.CANCELLED) {
      failed += record.status() == TrialStatus.FAILED ? 1 : 0;
      if (mode != Mode.QUIET && record.status() == TrialStatus.FAILED) {
        clearLine();
        out.flush();
        String cause = Format.failure(record.failure().orElse("no cause recorded"), FAILURE_LINES);
        err.println(
            "trial "
                + record.id()
                + " ("
                + record.name()
                + ") failed: "
                + cause.replace("\n", "\n  "));
        err.flush();
      }
    } else if (value(record).isPresent()
        && (best == null
            || objective.compare(value(record).getAsDouble(), value(best).getAsDouble()) < 0)) {
      best = record;
    }
    if (mode == Mode.LIVE && System.nanoTime() - lastDrawNanos >= REDRAW_NANOS) {
      redraw();
    } else if (mode == Mode.PLAIN && tenth() > lastPlainTenth) {
      plain();
    }
  }

  private OptionalDouble value(TrialRecord r) {
    OptionalDouble v = r.metric(objective.metric());
    return r.status() == TrialStatus.COMPLETED && v.isPresent() && Double.isFinite(v.getAsDouble())
        ? v
        : OptionalDouble.empty();
  }

  private long tenth() {
    return total == 0 ? 0 : done * 10 / total;
  }

  /** {@code 12/40 done, 2 running, 1 failed; best error=0.0251 (trial 21); 1m05s, ETA 2m10s}. */
  synchronized String line() {
    StringBuilder s = new StringBuilder();
    s.append(done)
        .append('/')
        .append(total)
        .append(" done, ")
        .append(running.size())
        .append(' ')
        .append(active)
        .append(", ")
        .append(failed)
        .append(" failed");
    if (best != null) {
      s.append("; best ")
          .append(objective.metric())
          .append('=')
          .append(Format.number(value(best).getAsDouble()))
          .append(" (trial ")
          .append(best.id())
          .append(')');
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    s.append("; ").append(Format.duration(elapsed));
    if (finishedHere > 0 && done < total) {
      double perTrial = (double) elapsed.toNanos() / finishedHere;
      s.append(", ETA ")
          .append(Format.duration(Duration.ofNanos((long) (perTrial * (total - done)))));
    }
    return s.toString();
  }

  private void redraw() {
    out.print("\r" + line() + "\u001b[K");
    out.flush();
    lastDrawNanos = System.nanoTime();
  }

  private void clearLine() {
    if (mode == Mode.LIVE) {
      out.print("\r\u001b[K");
    }
  }

  private void plain() {
    out.println("[" + LocalTime.now(ZoneId.systemDefault()).format(CLOCK) + "] " + line());
    out.flush();
    lastPlainNanos = System.nanoTime();
    lastPlainTenth = tenth();
  }

  /** Stops the ticker and leaves the cursor on a fresh line. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      t = ticker;
      ticker = null;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (mode == Mode.LIVE && !closed) {
        redraw();
        out.println();
        out.flush();
      }
      closed = true;
    }
  }
}
