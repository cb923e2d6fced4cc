package dev.sweep;

import dev.sweep.population.Population;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a listener's events to the host's executor one at a time, in the order they happened: the
 * listener never sees two events at once, and each trial's come started, reported, finished, with
 * {@code sweepFinished} last, whatever threads the executor has.
 */
final class ExecutorListener implements SweepListener {
  private static final Logger log = LoggerFactory.getLogger(Sweep.class);

  private final SweepListener listener;
  private final Executor executor;
  private final Queue<Runnable> pending = new ArrayDeque<>(); // guarded by itself
  private boolean draining; // guarded by pending

  ExecutorListener(SweepListener listener, Executor executor) {
    this.listener = listener;
    this.executor = executor;
  }

  private void enqueue(Runnable event) {
    synchronized (pending) {
      pending.add(event);
      if (draining) {
        return;
      }
      draining = true;
    }
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      synchronized (pending) {
        log.warn(
            "listener {}: its executor refused events; {} dropped", listener, pending.size(), e);
        pending.clear();
        draining = false;
      }
    }
  }

  private void drain() {
    while (true) {
      Runnable event;
      synchronized (pending) {
        event = pending.poll();
        if (event == null) {
          draining = false;
          return;
        }
      }
      try {
        event.run();
      } catch (RuntimeException | LinkageError | AssertionError e) {
        log.error("listener {} threw; the sweep goes on", listener, e);
      }
    }
  }

  @Override
  public void trialStarted(Trial trial) {
    enqueue(() -> listener.trialStarted(trial));
  }

  @Override
  public void trialReported(Trial trial, CurvePoint point) {
    enqueue(() -> listener.trialReported(trial, point));
  }

  @Override
  public void trialThrew(long id, Throwable thrown) {
    enqueue(() -> listener.trialThrew(id, thrown));
  }

  @Override
  public void trialFinished(TrialRecord record) {
    enqueue(() -> listener.trialFinished(record));
  }

  @Override
  public void sweepFinished(Population population) {
    enqueue(() -> listener.sweepFinished(population));
  }

  @Override
  public String toString() {
    return listener + " on " + executor;
  }
}
