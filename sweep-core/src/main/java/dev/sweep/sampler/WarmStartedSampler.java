package dev.sweep.sampler;

import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import java.util.List;

/**
 * A sampler that learns earlier trials ({@link Sampler.Sampling#learn}) as each sweep starts it,
 * before its first ask: a warm start.
 */
final class WarmStartedSampler implements Sampler {
  private final Sampler inner;
  private final List<TrialRecord> earlier;

  WarmStartedSampler(Sampler inner, List<TrialRecord> earlier) {
    this.inner = inner;
    this.earlier = List.copyOf(earlier);
  }

  @Override
  public Sampling start(Space space) {
    return learned(inner.start(space));
  }

  @Override
  public Sampling start(Space space, Objective objective) {
    return learned(inner.start(space, objective));
  }

  // Forwarded whole, so that a warm-started multi-objective sampler sees every objective.
  @Override
  public Sampling start(Space space, Objectives objectives) {
    return learned(inner.start(space, objectives));
  }

  private Sampling learned(Sampling sampling) {
    earlier.forEach(sampling::learn);
    return sampling;
  }

  @Override
  public String toString() {
    return inner + " warm-started from " + earlier.size() + " trials";
  }
}
