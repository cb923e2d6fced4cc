package dev.sweep.sampler.search;

import dev.sweep.internal.Dominance;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Multi-objective ask-and-tell loops for sampler tests: ZDT1 and the hypervolume reached. */
final class Fronts {
  /** ZDT1's space: 30 floats in [0, 1]. */
  static final Space ZDT1 = zdt1Space();

  /** Minimise f1 and f2. */
  static final Objectives F1_F2 =
      Objectives.of(List.of(Objective.minimize("f1"), Objective.minimize("f2")));

  /**
   * The reference point of the hypervolume on ZDT1: Optuna's usual (11, 11), since with 300 trials
   * g stays well above 1 and (1.1, 1.1) would leave random search at 0.
   */
  static final double[] REFERENCE = {11, 11};

  private Fronts() {}

  private static Space zdt1Space() {
    Space.Builder b = Space.builder();
    for (int i = 1; i <= 30; i++) {
      b.add("x" + i, Floats.uniform(0, 1));
    }
    return b.build();
  }

  /** ZDT1 (Zitzler, Deb and Thiele, 2000) at a sample: f1, f2. */
  static Map<String, Double> zdt1(Sample s) {
    double f1 = s.config().getDouble("x1");
    double sum = 0;
    for (int i = 2; i <= 30; i++) {
      sum += s.config().getDouble("x" + i);
    }
    double g = 1 + 9 * sum / 29;
    return Map.of("f1", f1, "f2", g * (1 - Math.sqrt(f1 / g)));
  }

  static TrialRecord told(Sample s, Map<String, Double> metrics) {
    return Trials.record(s, TrialStatus.COMPLETED, metrics);
  }

  /** Runs {@code trials} sequential asks and tells; returns every record. */
  static List<TrialRecord> run(
      Sampler sampler,
      Space space,
      Objectives objectives,
      Function<Sample, Map<String, Double>> f,
      int trials) {
    Sampler.Sampling sampling = sampler.start(space, objectives);
    List<TrialRecord> records = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      Sample s = sampling.ask(i);
      TrialRecord r = told(s, f.apply(s));
      records.add(r);
      sampling.tell(r);
    }
    return records;
  }

  /** The hypervolume the feasible records dominate up to {@code reference}. */
  static double hypervolume(List<TrialRecord> records, Objectives objectives, double[] reference) {
    List<double[]> points = new ArrayList<>();
    for (TrialRecord r : records) {
      if (objectives.feasible(r)) {
        points.add(objectives.minimized(r));
      }
    }
    return Dominance.hypervolume(points.toArray(new double[0][]), reference);
  }
}
