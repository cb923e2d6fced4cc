package dev.sweep.benchmarks;

import dev.sweep.config.Config;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The multi-objective problems of bench/multiobjective-vs-optuna.sh, every objective minimised;
 * bench/multiobjective_optuna.py defines the same ones, parameter for parameter: ZDT1, ZDT2 and
 * ZDT3 (30 variables in [0, 1]), DTLZ2 (3 objectives, 12 variables) and a mixed space (a float, a
 * log-uniform float, an int, a categorical) with a constraint on the outcome.
 */
final class MultiObjectiveProblems {
  private MultiObjectiveProblems() {}

  /**
   * A space, its objectives' values for a config, and the constraint values (each at most 0 when
   * the outcome is feasible; none for an unconstrained problem).
   */
  record Problem(String name, int objectives, Space space, Function<Config, Outcome> f) {}

  /** The objectives' values and the constraint values of one config. */
  @SuppressWarnings("ArrayRecordComponent") // a benchmark's scratch value, never compared
  record Outcome(double[] values, double[] constraints) {}

  static Map<String, Problem> all() {
    Map<String, Problem> p = new LinkedHashMap<>();
    p.put("zdt1", new Problem("zdt1", 2, cube(30), c -> zdt(vector(c, 30), 1)));
    p.put("zdt2", new Problem("zdt2", 2, cube(30), c -> zdt(vector(c, 30), 2)));
    p.put("zdt3", new Problem("zdt3", 2, cube(30), c -> zdt(vector(c, 30), 3)));
    p.put("dtlz2", new Problem("dtlz2", 3, cube(12), c -> dtlz2(vector(c, 12))));
    p.put(
        "mixed",
        new Problem(
            "mixed",
            2,
            Space.builder()
                .add("x", Floats.uniform(0, 1))
                .add("lr", Floats.logUniform(1e-4, 1e-1))
                .add("n", Ints.range(1, 8))
                .add("kind", Choices.of("a", "b", "c"))
                .build(),
            MultiObjectiveProblems::mixed));
    return p;
  }

  private static Space cube(int d) {
    Space.Builder b = Space.builder();
    for (int i = 0; i < d; i++) {
      b.add("x" + i, Floats.uniform(0, 1));
    }
    return b.build();
  }

  private static double[] vector(Config c, int d) {
    double[] x = new double[d];
    for (int i = 0; i < d; i++) {
      x[i] = c.getDouble("x" + i);
    }
    return x;
  }

  static Outcome zdt(double[] x, int which) {
    double sum = 0;
    for (int i = 1; i < x.length; i++) {
      sum += x[i];
    }
    double g = 1 + 9 * sum / (x.length - 1);
    double r = x[0] / g;
    double h =
        switch (which) {
          case 1 -> 1 - Math.sqrt(r);
          case 2 -> 1 - r * r;
          default -> 1 - Math.sqrt(r) - r * Math.sin(10 * Math.PI * x[0]);
        };
    return new Outcome(new double[] {x[0], g * h}, new double[0]);
  }

  static Outcome dtlz2(double[] x) {
    double g = 0;
    for (int i = 2; i < x.length; i++) {
      g += (x[i] - 0.5) * (x[i] - 0.5);
    }
    double a = x[0] * Math.PI / 2;
    double b = x[1] * Math.PI / 2;
    return new Outcome(
        new double[] {
          (1 + g) * Math.cos(a) * Math.cos(b),
          (1 + g) * Math.cos(a) * Math.sin(b),
          (1 + g) * Math.sin(a)
        },
        new double[0]);
  }

  private static final Map<String, double[]> KIND =
      Map.of( // offset of the error, cost factor, memory per unit of n
          "a", new double[] {0.3, 1.0, 1},
          "b", new double[] {0.0, 2.5, 2},
          "c", new double[] {0.15, 1.5, 3});

  static Outcome mixed(Config c) {
    double x = c.getDouble("x");
    double lr = c.getDouble("lr");
    long n = c.getLong("n");
    double[] k = KIND.get(c.getString("kind"));
    double e = (Math.log10(lr) + 2.5) / 1.5;
    double error = k[0] + (x - 0.3) * (x - 0.3) + e * e + 1.0 / n;
    double cost = k[1] * n * (1 + x) / 8;
    double memory = n * k[2];
    return new Outcome(new double[] {error, cost}, new double[] {memory - 12.0});
  }
}
