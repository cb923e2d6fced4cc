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

  /**
   * The problems MOTPE's defaults are chosen on, none of them among {@link #all()}'s (the report
   * problems, never used for choosing); each with its reference point, fixed with the problems
   * before any tuning run, covering every value the problem can give (so every feasible trial
   * counts): ZDT4 (10 variables, x0 in [0, 1], the rest in [-5, 5]; multimodal), ZDT6 (10 in [0,
   * 1]; a non-uniform front), DTLZ1 (3 objectives, 7 variables; multimodal), DTLZ7 (3 objectives,
   * 12 variables; a disconnected front) and a second mixed space (a log-uniform float, a log int, a
   * uniform float, a categorical of four) with an outcome constraint. Tuning runs use seeds 100-119
   * at 200 trials ({@link MultiObjectiveTuning}).
   */
  static Map<String, Problem> tuning() {
    Map<String, Problem> p = new LinkedHashMap<>();
    Space.Builder zdt4 = Space.builder().add("x0", Floats.uniform(0, 1));
    for (int i = 1; i < 10; i++) {
      zdt4.add("x" + i, Floats.uniform(-5, 5));
    }
    p.put("zdt4", new Problem("zdt4", 2, zdt4.build(), c -> zdt4(vector(c, 10))));
    p.put("zdt6", new Problem("zdt6", 2, cube(10), c -> zdt6(vector(c, 10))));
    p.put("dtlz1", new Problem("dtlz1", 3, cube(7), c -> dtlz1(vector(c, 7))));
    p.put("dtlz7", new Problem("dtlz7", 3, cube(12), c -> dtlz7(vector(c, 12))));
    p.put(
        "mixed2",
        new Problem(
            "mixed2",
            2,
            Space.builder()
                .add("wd", Floats.logUniform(1e-6, 1e-2))
                .add("width", Ints.log(16, 1024))
                .add("dropout", Floats.uniform(0, 0.6))
                .add("opt", Choices.of("sgd", "adam", "lamb", "rmsprop"))
                .build(),
            MultiObjectiveProblems::mixed2));
    return p;
  }

  /** The reference points of {@link #tuning()}'s problems, fixed before tuning. */
  static final Map<String, double[]> TUNING_REFERENCE =
      Map.of(
          "zdt4", new double[] {1.1, 420}, // g <= 1 + 90 + 9 * (25 + 10) = 406
          "zdt6", new double[] {1.1, 11}, // f1 <= 1, g <= 10
          "dtlz1", new double[] {600, 600, 600}, // 0.5 (1 + g), g <= 100 (5 + 5 / 4 + 5)
          "dtlz7", new double[] {1.1, 1.1, 34}, // f3 = (1 + g) h <= 11 * 3
          "mixed2", new double[] {4.0, 3.0}); // loss <= 0.4 + 1.125 + 1.44 + 1, cost <= 2.76

  /** A problem of {@link #all()} or {@link #tuning()} by name. */
  static Problem named(String name) {
    Problem p = all().get(name);
    return p != null ? p : tuning().get(name);
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

  /** ZDT4: g = 1 + 10 (n - 1) + sum of (x_i^2 - 10 cos(4 pi x_i)), f2 = g (1 - sqrt(x0 / g)). */
  static Outcome zdt4(double[] x) {
    double g = 1 + 10 * (x.length - 1);
    for (int i = 1; i < x.length; i++) {
      g += x[i] * x[i] - 10 * Math.cos(4 * Math.PI * x[i]);
    }
    return new Outcome(new double[] {x[0], g * (1 - Math.sqrt(x[0] / g))}, new double[0]);
  }

  /**
   * ZDT6: f1 = 1 - exp(-4 x0) sin^6(6 pi x0), g = 1 + 9 (sum of x_i / (n - 1))^0.25, f2 = g (1 -
   * (f1 / g)^2).
   */
  static Outcome zdt6(double[] x) {
    double f1 = 1 - Math.exp(-4 * x[0]) * Math.pow(Math.sin(6 * Math.PI * x[0]), 6);
    double sum = 0;
    for (int i = 1; i < x.length; i++) {
      sum += x[i];
    }
    double g = 1 + 9 * Math.pow(sum / (x.length - 1), 0.25);
    return new Outcome(new double[] {f1, g * (1 - (f1 / g) * (f1 / g))}, new double[0]);
  }

  /**
   * DTLZ1 with three objectives: g = 100 (k + sum of ((x_i - 0.5)^2 - cos(20 pi (x_i - 0.5)))) over
   * the last k = n - 2 variables; f = 0.5 (1 + g) (x0 x1, x0 (1 - x1), 1 - x0).
   */
  static Outcome dtlz1(double[] x) {
    int k = x.length - 2;
    double s = k;
    for (int i = 2; i < x.length; i++) {
      double d = x[i] - 0.5;
      s += d * d - Math.cos(20 * Math.PI * d);
    }
    double h = 0.5 * (1 + 100 * s);
    return new Outcome(
        new double[] {h * x[0] * x[1], h * x[0] * (1 - x[1]), h * (1 - x[0])}, new double[0]);
  }

  /**
   * DTLZ7 with three objectives: f1 = x0, f2 = x1, g = 1 + 9 / k * sum of the last k = n - 2, h = 3
   * - sum over f1, f2 of f / (1 + g) (1 + sin(3 pi f)), f3 = (1 + g) h.
   */
  static Outcome dtlz7(double[] x) {
    int k = x.length - 2;
    double sum = 0;
    for (int i = 2; i < x.length; i++) {
      sum += x[i];
    }
    double g = 1 + 9.0 / k * sum;
    double h = 3;
    for (int i = 0; i < 2; i++) {
      h -= x[i] / (1 + g) * (1 + Math.sin(3 * Math.PI * x[i]));
    }
    return new Outcome(new double[] {x[0], x[1], (1 + g) * h}, new double[0]);
  }

  private static final Map<String, double[]> OPTIMIZER =
      Map.of( // best log10 weight decay, loss offset, cost factor, memory factor
          "sgd", new double[] {-4.0, 0.25, 0.8, 1.0},
          "adam", new double[] {-5.0, 0.1, 1.0, 2.0},
          "lamb", new double[] {-3.0, 0.0, 1.2, 2.0},
          "rmsprop", new double[] {-4.5, 0.4, 0.9, 1.5});

  /**
   * The second mixed space: a loss that wants a wide network, some dropout and the optimiser's
   * weight decay, against a cost that grows with the width; memory (width times the optimiser's
   * factor, plus dropout's masks) at most 1,200.
   */
  static Outcome mixed2(Config c) {
    double wd = Math.log10(c.getDouble("wd"));
    long width = c.getLong("width");
    double dropout = c.getDouble("dropout");
    double[] o = OPTIMIZER.get(c.getString("opt"));
    double w = (wd - o[0]) / 2;
    double d = dropout - 0.2 * Math.log(width / 16.0) / Math.log(64);
    double loss = o[1] + w * w / 2 + 4 * d * d + 16.0 / width;
    double cost = o[2] * width / 512.0 * (1 + 0.25 * dropout);
    double memory = width * o[3] * (1 + dropout / 2);
    return new Outcome(new double[] {loss, cost}, new double[] {memory - 1200});
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
