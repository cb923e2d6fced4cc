package dev.sweep.sampler.search;

import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;

/** Ask-and-tell loops for sampler tests, without a sweep around them. */
final class Trials {
  /** A quadratic bowl on [-5, 5]^2, {@link #BOWL_F}, with its minimum 0 at (1, -2). */
  static final Space BOWL =
      Space.builder().add("x", Floats.uniform(-5, 5)).add("y", Floats.uniform(-5, 5)).build();

  static final ToDoubleFunction<Sample> BOWL_F =
      s -> {
        double x = s.config().getDouble("x") - 1;
        double y = s.config().getDouble("y") + 2;
        return x * x + y * y;
      };

  private Trials() {}

  static TrialRecord completed(Sample s, double value) {
    return record(s, TrialStatus.COMPLETED, Map.of("value", value));
  }

  static TrialRecord record(Sample s, TrialStatus status, Map<String, Double> metrics) {
    return new TrialRecord(
        s.index(),
        s.name(),
        s.params(),
        s.config(),
        status,
        metrics,
        List.of(),
        status == TrialStatus.FAILED ? Optional.of("failed") : Optional.empty(),
        Instant.EPOCH,
        Duration.ZERO);
  }

  /** The best value found by {@code trials} sequential asks and tells of {@code f}. */
  static double best(Sampler sampler, Space space, ToDoubleFunction<Sample> f, int trials) {
    Sampler.Sampling sampling = sampler.start(space);
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < trials; i++) {
      Sample s = sampling.ask(i);
      double y = f.applyAsDouble(s);
      best = Math.min(best, y);
      sampling.tell(completed(s, y));
    }
    return best;
  }

  /** The median over seeds 0 to {@code seeds - 1} of {@link #best}. */
  static double medianBest(
      int seeds,
      LongFunction<Sampler> sampler,
      Space space,
      ToDoubleFunction<Sample> f,
      int trials) {
    double[] best = new double[seeds];
    for (int seed = 0; seed < seeds; seed++) {
      best[seed] = best(sampler.apply(seed), space, f, trials);
    }
    return median(best);
  }

  static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
