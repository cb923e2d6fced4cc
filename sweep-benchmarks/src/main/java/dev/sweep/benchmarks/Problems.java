package dev.sweep.benchmarks;

import dev.sweep.config.Config;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The minimisation problems of the search-quality comparison with Optuna; bench/samplers_optuna.py
 * defines the same ones, parameter for parameter.
 */
final class Problems {
  private Problems() {}

  /** A space, the function to minimise and its known minimum. */
  record Problem(String name, Space space, ToDoubleFunction<Config> f, double optimum) {}

  static Map<String, Problem> all() {
    Map<String, Problem> p = new LinkedHashMap<>();
    p.put(
        "branin",
        new Problem(
            "branin",
            Space.builder()
                .add("x1", Floats.uniform(-5, 10))
                .add("x2", Floats.uniform(0, 15))
                .build(),
            c -> branin(c.getDouble("x1"), c.getDouble("x2")),
            0.397887357729738));
    p.put(
        "hartmann6",
        new Problem(
            "hartmann6", cube("x", 6, 0, 1), c -> hartmann6(vector(c, "x", 6)), -3.32236801141551));
    p.put(
        "rosenbrock5",
        new Problem("rosenbrock5", cube("x", 5, -5, 10), c -> rosenbrock(vector(c, "x", 5)), 0));
    p.put(
        "ackley5",
        new Problem("ackley5", cube("x", 5, -32.768, 32.768), c -> ackley(vector(c, "x", 5)), 0));
    p.put(
        "mixed",
        new Problem(
            "mixed",
            Space.builder()
                .add("x", Floats.uniform(-5, 5))
                .add("lr", Floats.logUniform(1e-5, 1))
                .add("n", Ints.range(1, 20))
                .add("c", Choices.of("a", "b", "c"))
                .build(),
            Problems::mixed,
            0));
    return p;
  }

  private static Space cube(String prefix, int d, double lo, double hi) {
    Space.Builder b = Space.builder();
    for (int i = 0; i < d; i++) {
      b.add(prefix + i, Floats.uniform(lo, hi));
    }
    return b.build();
  }

  private static double[] vector(Config c, String prefix, int d) {
    double[] x = new double[d];
    for (int i = 0; i < d; i++) {
      x[i] = c.getDouble(prefix + i);
    }
    return x;
  }

  static double branin(double x1, double x2) {
    double a = x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6;
    return a * a + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
  }

  private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
  private static final double[][] A = {
    {10, 3, 17, 3.5, 1.7, 8},
    {0.05, 10, 17, 0.1, 8, 14},
    {3, 3.5, 1.7, 10, 17, 8},
    {17, 8, 0.05, 10, 0.1, 14}
  };
  private static final double[][] P = {
    {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
    {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
    {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
    {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}
  };

  static double hartmann6(double[] x) {
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      double inner = 0;
      for (int j = 0; j < 6; j++) {
        inner += A[i][j] * (x[j] - P[i][j]) * (x[j] - P[i][j]);
      }
      sum += ALPHA[i] * Math.exp(-inner);
    }
    return -sum;
  }

  static double rosenbrock(double[] x) {
    double sum = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      sum += 100 * Math.pow(x[i + 1] - x[i] * x[i], 2) + Math.pow(1 - x[i], 2);
    }
    return sum;
  }

  static double ackley(double[] x) {
    double squares = 0;
    double cosines = 0;
    for (double v : x) {
      squares += v * v;
      cosines += Math.cos(2 * Math.PI * v);
    }
    int d = x.length;
    return -20 * Math.exp(-0.2 * Math.sqrt(squares / d)) - Math.exp(cosines / d) + 20 + Math.E;
  }

  static double mixed(Config c) {
    double x = c.getDouble("x") - 1.5;
    double lr = Math.log10(c.getDouble("lr")) + 3;
    double n = (c.getLong("n") - 12) / 4.0;
    double penalty =
        switch (c.getString("c")) {
          case "a" -> 0.5;
          case "b" -> 0;
          default -> 1;
        };
    return x * x + lr * lr + n * n + penalty;
  }
}
