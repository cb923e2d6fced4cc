package dev.sweep.benchmarks.suite;

import dev.sweep.config.Config;
import dev.sweep.space.Branches;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The suite's conditional, integer-heavy and categorical-heavy problems (bench/suite_problems.py
 * has the same). The branch problems are traps for a sampler that settles on the branch most of the
 * space favours: one or more branches are good nearly everywhere but bottom out at a mediocre
 * minimum; the best branch is worse than them on almost all of its domain and holds a narrow,
 * deeper optimum. {@link SuiteProblem#inOptimumRegion} says whether a config is in that narrow
 * optimum's region, so a report can count the seeds that never sampled it ("branch capture").
 *
 * <p>Medians of each branch's value under random sampling, and the chance that a random trial lands
 * in the optimum region (that random search has by trial 100): branches-two wide 1.13, narrow 2.0
 * (0.52%, 41%); branches-three smooth 0.76, rough 1.21, spike 1.5 (0.80%, 55%); branches-four
 * decoys 0.48-0.70, needle 1.2 (0.19%, 17%). Every optimum is 0; the decoys bottom out at 1, 0.5
 * and 0.3.
 */
final class SuiteDiscrete {
  private SuiteDiscrete() {}

  // ------------------------------------------------------------------ branches

  private static final String[] DECOYS = {"bowl-a", "bowl-b", "bowl-c"};
  private static final double[] DECOY_BASE = {0.3, 0.4, 0.5};
  private static final double[][] DECOY_CENTRE = {
    {0.5, -0.5, 0.0}, {-1.0, 1.0, 0.5}, {0.0, 0.0, -1.5}
  };
  private static final double[] NEEDLE = {0.61, -0.37, 0.12};

  static List<SuiteProblem> branches() {
    Space two =
        Space.builder()
            .add(
                "model",
                Branches.of(
                    "wide",
                    Space.builder().add("x", Floats.uniform(-5.0, 5.0)).build(),
                    "narrow",
                    Space.builder()
                        .add("u", Floats.uniform(0.0, 1.0))
                        .add("v", Floats.uniform(0.0, 1.0))
                        .build()))
            .build();
    Space three =
        Space.builder()
            .add(
                "model",
                Branches.of(
                    "smooth",
                    Space.builder()
                        .add("a", Floats.uniform(0.0, 10.0))
                        .add("n", Ints.range(1, 10))
                        .build(),
                    "rough",
                    Space.builder()
                        .add("a", Floats.uniform(0.0, 10.0))
                        .add("n", Ints.range(1, 10))
                        .build(),
                    "spike",
                    Space.builder()
                        .add("lr", Floats.logUniform(1e-5, 1.0))
                        .add("m", Floats.uniform(0.0, 1.0))
                        .build()))
            .build();
    Space zs = zs(-3.0, 3.0);
    Space four =
        Space.builder()
            .add(
                "model",
                Branches.of(DECOYS[0], zs, DECOYS[1], zs, DECOYS[2], zs, "needle", zs(-1.0, 1.0)))
            .build();
    return List.of(
        branch(
            "branches-two",
            two,
            SuiteDiscrete::branchTwo,
            Map.of("model.type", "narrow", "model.u", 0.73, "model.v", 0.21),
            c -> {
              if (!c.getString("model.type").equals("narrow")) {
                return false;
              }
              double dx = c.getDouble("model.u") - 0.73;
              double dy = c.getDouble("model.v") - 0.21;
              return dx * dx + dy * dy <= 0.06 * 0.06;
            }),
        branch(
            "branches-three",
            three,
            SuiteDiscrete::branchThree,
            Map.of("model.type", "spike", "model.lr", StrictMath.pow(10.0, -3.3), "model.m", 0.9),
            c ->
                c.getString("model.type").equals("spike")
                    && Math.abs(StrictMath.log10(c.getDouble("model.lr")) + 3.3) <= 0.3
                    && Math.abs(c.getDouble("model.m") - 0.9) <= 0.1),
        branch(
            "branches-four",
            four,
            SuiteDiscrete::branchFour,
            Map.of(
                "model.type", "needle",
                "model.z0", NEEDLE[0],
                "model.z1", NEEDLE[1],
                "model.z2", NEEDLE[2]),
            c -> {
              if (!c.getString("model.type").equals("needle")) {
                return false;
              }
              double r2 = 0;
              for (int i = 0; i < 3; i++) {
                double t = c.getDouble("model.z" + i) - NEEDLE[i];
                r2 += t * t;
              }
              return r2 <= 0.24 * 0.24;
            }));
  }

  private static Space zs(double lo, double hi) {
    return Space.builder()
        .add("z0", Floats.uniform(lo, hi))
        .add("z1", Floats.uniform(lo, hi))
        .add("z2", Floats.uniform(lo, hi))
        .build();
  }

  private static SuiteProblem branch(
      String name,
      Space space,
      ToDoubleFunction<Config> f,
      Map<String, Object> optimum,
      Predicate<Config> region) {
    return new SuiteProblem(
        name,
        "branches",
        space,
        f,
        0.0,
        optimum,
        false,
        false,
        Optional.empty(),
        Optional.of(region));
  }

  private static double bump(double r2, double width2) {
    return StrictMath.exp(-r2 / (2.0 * width2));
  }

  static double branchTwo(Config c) {
    if (c.getString("model.type").equals("wide")) {
      double x = c.getDouble("model.x") - 1.0;
      return 1.0 + 0.02 * x * x;
    }
    double dx = c.getDouble("model.u") - 0.73;
    double dy = c.getDouble("model.v") - 0.21;
    return 2.0 - 2.0 * bump(dx * dx + dy * dy, 0.03 * 0.03);
  }

  static double branchThree(Config c) {
    String t = c.getString("model.type");
    if (t.equals("smooth")) {
      double a = c.getDouble("model.a") - 3.0;
      long n = c.getLong("model.n") - 4;
      return 0.5 + 0.02 * a * a + 0.01 * n * n;
    }
    if (t.equals("rough")) {
      double a = c.getDouble("model.a") - 7.0;
      return 0.8 + 0.05 * a * a + 0.1 * (c.getLong("model.n") % 3);
    }
    double e = StrictMath.log10(c.getDouble("model.lr")) + 3.3;
    double m = c.getDouble("model.m") - 0.9;
    return 1.5 - 1.5 * StrictMath.exp(-(e * e / (2.0 * 0.15 * 0.15) + m * m / (2.0 * 0.05 * 0.05)));
  }

  static double branchFour(Config c) {
    String t = c.getString("model.type");
    double[] z = {c.getDouble("model.z0"), c.getDouble("model.z1"), c.getDouble("model.z2")};
    for (int k = 0; k < DECOYS.length; k++) {
      if (t.equals(DECOYS[k])) {
        double r2 = 0;
        for (int i = 0; i < 3; i++) {
          r2 += (z[i] - DECOY_CENTRE[k][i]) * (z[i] - DECOY_CENTRE[k][i]);
        }
        return DECOY_BASE[k] + 0.02 * r2;
      }
    }
    double r2 = 0;
    for (int i = 0; i < 3; i++) {
      r2 += (z[i] - NEEDLE[i]) * (z[i] - NEEDLE[i]);
    }
    return 1.2 - 1.2 * bump(r2, 0.12 * 0.12);
  }

  // ------------------------------------------------------------------ integer-heavy

  private static final long[] INT_CENTRE = {3, -7, 1, 8, -2, 5, -9, 0};
  private static final double[] INT_WEIGHTS = {1, 2, 4, 8, 16, 32, 64, 128};
  private static final long[] RUGGED_CENTRE = {7, -12, 3, 15, -4, 0};
  private static final long[] SUM_CENTRE = {2, 9, 5, 0, 13, 7, 11, 4};

  static List<SuiteProblem> ints() {
    Space.Builder mixed =
        Space.builder()
            .add("n0", Ints.range(1, 100))
            .add("n1", Ints.range(1, 100))
            .add("n2", Ints.range(0, 30))
            .add("n3", Ints.range(0, 30))
            .add("x0", Floats.uniform(-1.0, 1.0))
            .add("x1", Floats.uniform(-1.0, 1.0));
    Map<String, Object> mixedOpt = new LinkedHashMap<>();
    mixedOpt.put("n0", 37L);
    mixedOpt.put("n1", 81L);
    mixedOpt.put("n2", 12L);
    mixedOpt.put("n3", 5L);
    mixedOpt.put("x0", 0.3);
    mixedOpt.put("x1", -0.6);
    return List.of(
        plain(
            "int-ellipsoid",
            "int",
            ints(8, -10, 10),
            SuiteDiscrete::intEllipsoid,
            0.0,
            named("n", INT_CENTRE)),
        plain(
            "int-rugged",
            "int",
            ints(6, -20, 20),
            SuiteDiscrete::intRugged,
            0.0,
            named("n", RUGGED_CENTRE)),
        plain("int-mixed", "int", mixed.build(), SuiteDiscrete::intMixed, 0.0, mixedOpt),
        plain(
            "int-sum", "int", ints(8, 0, 15), SuiteDiscrete::intSum, 0.0, named("n", SUM_CENTRE)));
  }

  private static Space ints(int n, long lo, long hi) {
    Space.Builder b = Space.builder();
    for (int i = 0; i < n; i++) {
      b.add("n" + i, Ints.range(lo, hi));
    }
    return b.build();
  }

  private static Map<String, Object> named(String prefix, long[] values) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(prefix + i, values[i]);
    }
    return m;
  }

  private static SuiteProblem plain(
      String name,
      String family,
      Space space,
      ToDoubleFunction<Config> f,
      double optimum,
      Map<String, Object> at) {
    return new SuiteProblem(
        name, family, space, f, optimum, at, false, false, Optional.empty(), Optional.empty());
  }

  static double intEllipsoid(Config c) {
    double r = 0;
    for (int i = 0; i < 8; i++) {
      long d = c.getLong("n" + i) - INT_CENTRE[i];
      r += INT_WEIGHTS[i] * d * d;
    }
    return r;
  }

  static double intRugged(Config c) {
    double r = 0;
    for (int i = 0; i < 6; i++) {
      long d = c.getLong("n" + i) - RUGGED_CENTRE[i];
      r += (double) (d * d) / 10.0 + (d % 5 != 0 ? 8.0 : 0.0);
    }
    return r;
  }

  static double intMixed(Config c) {
    double a = (c.getLong("n0") - 37) / 20.0;
    double b = (c.getLong("n1") - 81) / 20.0;
    long k = c.getLong("n2") - c.getLong("n3") - 7;
    long e = c.getLong("n2") - 12;
    double x = c.getDouble("x0") - 0.3;
    double y = c.getDouble("x1") + 0.6;
    return a * a + b * b + 0.1 * Math.abs(k) + 0.05 * e * e + x * x + y * y;
  }

  static double intSum(Config c) {
    double r = 0;
    long total = 0;
    long centre = 0;
    for (int i = 0; i < 8; i++) {
      long n = c.getLong("n" + i);
      r += Math.abs(n - SUM_CENTRE[i]);
      total += n;
      centre += SUM_CENTRE[i];
    }
    long s = total - centre;
    return r + (double) (s * s) / 10.0;
  }

  // ------------------------------------------------------------------ categorical-heavy

  private static final List<String> LETTERS = List.of("a", "b", "c", "d");
  private static final List<String> LEVELS5 = List.of("l0", "l1", "l2", "l3", "l4");
  private static final Map<String, double[]> OPTIMIZERS =
      ordered(
          "sgd",
          new double[] {0.3, -1.0},
          "adam",
          new double[] {0.0, -3.0},
          "rmsprop",
          new double[] {0.1, -3.5},
          "adagrad",
          new double[] {0.4, -1.5});
  private static final Map<String, Double> ACTIVATIONS =
      ordered("relu", 0.0, "tanh", 0.2, "gelu", 0.05, "sigmoid", 0.5, "elu", 0.1);
  private static final Map<String, Double> NORMS =
      ordered("none", 0.2, "batch", 0.0, "layer", 0.05);
  private static final Map<String, Double> INITS = ordered("he", 0.0, "xavier", 0.1, "normal", 0.3);
  private static final boolean[] FLAGS_TARGET = {
    true, false, true, true, false, false, true, false, true, true, false, true
  };

  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> ordered(Object... kv) {
    Map<String, V> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (V) kv[i + 1]);
    }
    return m;
  }

  static List<SuiteProblem> categorical() {
    Space.Builder additive = Space.builder();
    Map<String, Object> additiveOpt = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      additive.add("c" + i, Choices.of(LETTERS));
      int best = 0;
      for (int k = 1; k < 4; k++) {
        if (additiveCost(i, k) < additiveCost(i, best)) {
          best = k;
        }
      }
      additiveOpt.put("c" + i, LETTERS.get(best));
    }
    Space.Builder pairwise = Space.builder();
    for (int i = 0; i < 6; i++) {
      pairwise.add("c" + i, Choices.of(LEVELS5));
    }
    double best = Double.POSITIVE_INFINITY;
    int[] arg = null;
    for (int code = 0; code < 15625; code++) {
      int[] levels = new int[6];
      int rest = code;
      for (int i = 0; i < 6; i++) {
        levels[i] = rest % 5;
        rest /= 5;
      }
      double v = pairwiseLevels(levels);
      if (v < best) {
        best = v;
        arg = levels;
      }
    }
    Map<String, Object> pairwiseOpt = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      pairwiseOpt.put("c" + i, LEVELS5.get(arg[i]));
    }
    Space mixed =
        Space.builder()
            .add("optimizer", Choices.of(List.copyOf(OPTIMIZERS.keySet())))
            .add("activation", Choices.of(List.copyOf(ACTIVATIONS.keySet())))
            .add("norm", Choices.of(List.copyOf(NORMS.keySet())))
            .add("init", Choices.of(List.copyOf(INITS.keySet())))
            .add("lr", Floats.logUniform(1e-5, 1.0))
            .add("wd", Floats.uniform(0.0, 0.1))
            .build();
    Map<String, Object> mixedOpt = new LinkedHashMap<>();
    mixedOpt.put("optimizer", "adam");
    mixedOpt.put("activation", "relu");
    mixedOpt.put("norm", "batch");
    mixedOpt.put("init", "he");
    mixedOpt.put("lr", 1e-3);
    mixedOpt.put("wd", 0.01);
    Space.Builder flags = Space.builder();
    Map<String, Object> flagsOpt = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      flags.add("f" + i, Choices.of(false, true));
      flagsOpt.put("f" + i, FLAGS_TARGET[i]);
    }
    SuiteProblem add =
        plain(
            "cat-additive",
            "categorical",
            additive.build(),
            SuiteDiscrete::catAdditive,
            0.0,
            additiveOpt);
    double additiveBest = catAdditive(add.config(additiveOpt));
    return List.of(
        plain(
            "cat-additive",
            "categorical",
            additive.build(),
            SuiteDiscrete::catAdditive,
            additiveBest,
            additiveOpt),
        plain(
            "cat-pairwise",
            "categorical",
            pairwise.build(),
            SuiteDiscrete::catPairwise,
            best,
            pairwiseOpt),
        plain("cat-mixed", "categorical", mixed, SuiteDiscrete::catMixed, 0.0, mixedOpt),
        plain("cat-flags", "categorical", flags.build(), SuiteDiscrete::catFlags, 0.0, flagsOpt));
  }

  private static double additiveCost(int i, int k) {
    return ((7 * i + 3 * k * k + 5) % 11) / 10.0;
  }

  static double catAdditive(Config c) {
    double r = 0;
    for (int i = 0; i < 10; i++) {
      r += additiveCost(i, LETTERS.indexOf(c.getString("c" + i)));
    }
    return r;
  }

  private static double pairCost(int i, int k, int l) {
    return ((i * 31 + k * 17 + l * 13 + i * k * l * 7) % 19) / 19.0;
  }

  private static double unaryCost(int i, int k) {
    return ((i * 11 + k * 5 + 3) % 7) / 14.0;
  }

  private static double pairwiseLevels(int[] levels) {
    double r = 0;
    for (int i = 0; i < 6; i++) {
      r += unaryCost(i, levels[i]);
    }
    for (int i = 0; i < 5; i++) {
      r += pairCost(i, levels[i], levels[i + 1]);
    }
    return r;
  }

  static double catPairwise(Config c) {
    int[] levels = new int[6];
    for (int i = 0; i < 6; i++) {
      levels[i] = LEVELS5.indexOf(c.getString("c" + i));
    }
    return pairwiseLevels(levels);
  }

  static double catMixed(Config c) {
    String opt = c.getString("optimizer");
    double[] o = OPTIMIZERS.get(opt);
    double e = StrictMath.log10(c.getDouble("lr")) - o[1];
    double w = c.getDouble("wd") - 0.01;
    String act = c.getString("activation");
    String norm = c.getString("norm");
    String init = c.getString("init");
    double r = o[0] + ACTIVATIONS.get(act) + NORMS.get(norm) + INITS.get(init);
    if (opt.equals("sgd") && norm.equals("none")) {
      r += 0.3;
    }
    if (act.equals("sigmoid") && init.equals("he")) {
      r += 0.2;
    }
    return r + e * e / 4.0 + 10.0 * w * w;
  }

  static double catFlags(Config c) {
    boolean[] f = new boolean[12];
    for (int i = 0; i < 12; i++) {
      f[i] = c.getBoolean("f" + i);
    }
    double r = 0;
    for (int i = 0; i < 12; i++) {
      if (f[i] != FLAGS_TARGET[i]) {
        r += 1.0 + i / 12.0;
      }
    }
    for (int i = 0; i < 12; i += 3) {
      if ((f[i] != f[i + 1]) != (FLAGS_TARGET[i] != FLAGS_TARGET[i + 1])) {
        r += 0.5;
      }
    }
    return r;
  }
}
