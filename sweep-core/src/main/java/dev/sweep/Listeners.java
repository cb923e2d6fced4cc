package dev.sweep;

import dev.sweep.population.Population;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every listener, logging (never propagating) what they throw. */
final class Listeners implements SweepListener {
  private static final Logger log = LoggerFactory.getLogger(Sweep.class);

  private final List<SweepListener> listeners;

  Listeners(List<SweepListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  boolean isEmpty() {
    return listeners.isEmpty();
  }

  private void each(String event, Consumer<SweepListener> call) {
    for (SweepListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException | LinkageError | AssertionError e) {
        log.error("listener {} threw in {}; the sweep goes on", l, event, e);
      }
    }
  }

  @Override
  public void trialStarted(Trial trial) {
    each("trialStarted", l -> l.trialStarted(trial));
  }

  @Override
  public void trialReported(Trial trial, CurvePoint point) {
    each("trialReported", l -> l.trialReported(trial, point));
  }

  @Override
  public void trialThrew(long id, Throwable thrown) {
    each("trialThrew", l -> l.trialThrew(id, thrown));
  }

  @Override
  public void trialFinished(TrialRecord record) {
    each("trialFinished", l -> l.trialFinished(record));
  }

  @Override
  public void sweepFinished(Population population) {
    each("sweepFinished", l -> l.sweepFinished(population));
  }
}
