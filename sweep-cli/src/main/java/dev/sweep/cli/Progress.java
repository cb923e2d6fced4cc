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
 * A sweep's progress for people: done / running / pruned / failed / total, the best so far and an
 * ETA. On a terminal one line redrawn in place as trials start and end (at most ten times a second,
 * and four times a second by a ticker), with a bar, coloured, and cut to the terminal's width (see
 * {@link ProgressLine#live}); otherwise a plain line every {@value #PLAIN_EVERY_SECONDS} seconds or
 * every tenth of the trials; nothing when quiet. A trial that fails is reported on stderr with the
 * first line of its cause, unless quiet.
 *
 * <p>Thread-safe: the sweep's workers call the listener methods, a ticker thread redraws.
 */
final class Progress implements SweepListener, AutoCloseable {
  static final int PLAIN_EVERY_SECONDS = 10;

  /** Lines of a failure's cause shown as it fails (its log's last lines follow the first). */
  static final int FAILURE_LINES = 6;

  /** Events redraw the live line at most this often; the ticker redraws it four times a second. */
  private static final long REDRAW_NANOS = 100_000_000L;

  /** The ticker asks the terminal for its width every this many ticks (2 s): it may be resized. */
  private static final int WIDTH_EVERY_TICKS = 8;

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
  private final Terminal terminal;
  private final Set<Long> running = new HashSet<>();
  private long total;
  private long done;
  private long failed;
  private long pruned;
  private long finishedHere;
  private TrialRecord best;
  private long startNanos;
  private long lastPlainNanos;
  private long lastPlainTenth;
  private long lastDrawNanos;
  private Thread ticker;
  private boolean closed;
  private volatile int width = Terminal.DEFAULT_COLUMNS;

  /**
   * @param active what the trials that started and have not ended are doing: {@code running}, or
   *     {@code queued or running} on SLURM, where a started trial may still wait in the queue
   */
  Progress(PrintWriter out, PrintWriter err, Mode mode, Objective objective, String active) {
    this(out, err, mode, objective, active, Terminal.detect());
  }

  /** With the terminal that the live line fits and colours for. */
  Progress(
      PrintWriter out,
      PrintWriter err,
      Mode mode,
      Objective objective,
      String active,
      Terminal terminal) {
    this.out = out;
    this.err = err;
    this.mode = mode;
    this.objective = objective;
    this.active = active;
    this.terminal = terminal;
  }

  /**
   * Starts showing: {@code total} trials, of which {@code doneBefore} (and {@code failedBefore} and
   * {@code prunedBefore} of those) stand from an earlier run, with {@code bestBefore} the best
   * among them.
   */
  synchronized void start(
      long total,
      long doneBefore,
      long failedBefore,
      long prunedBefore,
      Optional<TrialRecord> bestBefore) {
    this.total = total;
    this.done = doneBefore;
    this.failed = failedBefore;
    this.pruned = prunedBefore;
    this.best = bestBefore.orElse(null);
    this.startNanos = System.nanoTime();
    this.lastPlainNanos = startNanos;
    this.lastPlainTenth = tenth();
    if (mode == Mode.QUIET) {
      return;
    }
    if (mode == Mode.PLAIN) {
      plain();
    } else {
      width = terminal.columns();
    }
    ticker = new Thread(this::tick, "sweep-progress");
    ticker.setDaemon(true);
    ticker.start();
  }

  private void tick() {
    try {
      for (long ticks = 1; !Thread.currentThread().isInterrupted(); ticks++) {
        Thread.sleep(250);
        if (mode == Mode.LIVE && ticks % WIDTH_EVERY_TICKS == 0) {
          width = terminal.columns(); // outside the lock: it may run stty
        }
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
    } else if (record.status() == TrialStatus.PRUNED) {
      pruned++;
    }
    if (value(record).isPresent()
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

  /** Where the sweep stands now. */
  synchronized ProgressCounts counts() {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    Optional<Duration> eta =
        finishedHere > 0 && done < total
            ? Optional.of(
                Duration.ofNanos(
                    (long) ((double) elapsed.toNanos() / finishedHere * (total - done))))
            : Optional.empty();
    return new ProgressCounts(
        total,
        done,
        running.size(),
        pruned,
        failed,
        active,
        Optional.ofNullable(best)
            .map(b -> new ProgressCounts.Best(objective.metric(), value(b).getAsDouble(), b.id())),
        elapsed,
        eta);
  }

  /** {@code 12/40 done, 2 running, 1 failed; best error=0.0251 (trial 21); 1m05s, ETA 2m10s}. */
  synchronized String line() {
    return ProgressLine.plain(counts());
  }

  private void redraw() {
    out.print("\r" + ProgressLine.live(counts(), width, terminal.colour()) + "\u001b[K");
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
