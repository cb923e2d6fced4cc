package dev.sweep;

import dev.sweep.stopping.StoppingRule;
import dev.sweep.trial.Objective;

/** The stopping rule of a sweep without one: every trial runs to its end. Holds no state. */
enum NoStopping implements StoppingRule, StoppingRule.Stopper {
  RULE;

  @Override
  public Stopper start(Objective objective) {
    return this;
  }

  @Override
  public boolean report(long trial, long step, double value) {
    return false;
  }

  @Override
  public String toString() {
    return "none";
  }
}
