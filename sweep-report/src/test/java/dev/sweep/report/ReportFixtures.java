package dev.sweep.report;

import dev.sweep.config.Config;
import dev.sweep.population.Population;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A population such as a learning-rate sweep makes: log lr, a choice, a width, curves; some
 * failures.
 */
final class ReportFixtures {
  private ReportFixtures() {}

  static Population sweep(int trials, long seed, double shift) {
    return sweep(trials, seed, shift, 10);
  }

  /** The sweep with {@code steps} steps of two metrics in each trial's curve. */
  static Population sweep(int trials, long seed, double shift, int steps) {
    SplittableRandom random = new SplittableRandom(seed);
    List<TrialRecord> out = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      Map<String, Object> params = new LinkedHashMap<>();
      double lr = Math.pow(10, -5 + 4 * random.nextDouble());
      String optim = random.nextBoolean() ? "sgd" : "adam <b>";
      long width = 16L << random.nextInt(4);
      params.put("optim.lr", lr);
      params.put("optim.name", optim);
      params.put("model.width", width);
      double error =
          shift
              + 0.1
              + 0.05 * Math.pow(Math.log10(lr) + 3, 2)
              + (optim.equals("sgd") ? 0.03 : 0)
              + 0.02 * random.nextDouble();
      List<CurvePoint> curve = new ArrayList<>();
      for (int step = 1; step <= steps; step++) {
        curve.add(
            new CurvePoint(
                step, Map.of("error", error + 0.5 / step, "loss", 2 * error + 1.0 / step)));
      }
      boolean failed = i % 17 == 5;
      out.add(
          new TrialRecord(
              i,
              "lr=" + lr,
              params,
              Config.ofFlat(params),
              failed ? TrialStatus.FAILED : TrialStatus.COMPLETED,
              failed ? Map.of() : Map.of("error", error, "loss", 2 * error),
              curve,
              failed ? Optional.of("step train exited with 1") : Optional.empty(),
              Instant.parse("2026-12-01T09:00:00Z").plusSeconds(i),
              Duration.ofSeconds(30 + i % 7)));
    }
    return Population.of(Objective.minimize("error"), out);
  }

  /** What a two-objective sweep seeks: low error, high throughput, memory at most 12 GB. */
  static final Objectives PARETO =
      Objective.minimize("error")
          .andMaximize("throughput")
          .subjectTo(MetricBound.atMost("memory_gb", 12));

  /**
   * A sweep of {@link #PARETO}: a wider model errs less but runs slower, and at width 128 needs 16
   * GB (breaks the constraint); every ninth trial fails.
   */
  static Population paretoSweep(int trials, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<TrialRecord> out = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      Map<String, Object> params = new LinkedHashMap<>();
      double lr = Math.pow(10, -4 + 3 * random.nextDouble());
      long width = 16L << random.nextInt(4);
      params.put("optim.lr", lr);
      params.put("model.width", width);
      double error =
          0.05
              + 0.04 * Math.pow(Math.log10(lr) + 2.5, 2)
              + 2.0 / width
              + 0.01 * random.nextDouble();
      double throughput = 50_000.0 / width * (0.8 + 0.4 * random.nextDouble());
      boolean failed = i % 9 == 4;
      out.add(
          new TrialRecord(
              i,
              "trial " + i,
              params,
              Config.ofFlat(params),
              failed ? TrialStatus.FAILED : TrialStatus.COMPLETED,
              failed
                  ? Map.of()
                  : Map.of("error", error, "throughput", throughput, "memory_gb", width / 8.0),
              List.of(),
              failed ? Optional.of("out of memory") : Optional.empty(),
              Instant.parse("2026-12-01T09:00:00Z").plusSeconds(i),
              Duration.ofSeconds(30 + i % 7)));
    }
    return Population.of(PARETO, out);
  }
}
