package dev.sweep.benchmarks.suite;

import dev.sweep.benchmarks.suite.SuiteProblem.Noise;
import dev.sweep.benchmarks.suite.SuiteProblem.Noisy;
import dev.sweep.config.Config;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The benchmark suite of issue 28: problems the defaults were not chosen on.
 * bench/suite_problems.py defines the same problems parameter for parameter; SuiteGoldenTest checks
 * the two agree.
 *
 * <ul>
 *   <li>{@code bbob-*}: COCO's 24 noiseless BBOB functions ({@link Bbob}), instance 1, in 2, 5 and
 *       10 dimensions, each x_i uniform on [-5, 5]; the families are COCO's five groups (separable
 *       f1-f5, moderate f6-f9, ill-conditioned f10-f14, multimodal f15-f19, weak structure
 *       f20-f24).
 *   <li>{@code noisy}: COCO's bbob-noisy models on f1, f8 and f17 in 5-D (Gaussian β=1, uniform
 *       α=0.49+1/D β=1, Cauchy α=1 p=0.2): the sampler is told the noisy value, the regret is the
 *       noise-free one.
 *   <li>{@code branches}, {@code int}, {@code categorical}: {@link SuiteDiscrete}.
 *   <li>{@code tabular}: {@link SuiteTabular}.
 * </ul>
 *
 * <p>THE SPLIT, fixed before any tuning and depending on no sampler's result: a BBOB problem fN in
 * dimension index k (2-D: 0, 5-D: 1, 10-D: 2) is a tuning problem iff N + k is even; in each other
 * family the problems in declaration order alternate tuning, report, tuning, ... Tuning seeds are
 * 1000-1019 and report seeds 0-19. Defaults may be chosen only on {@link #tuning()}.
 */
public final class Suite {
  public static final int INSTANCE = 1;
  public static final List<Integer> DIMENSIONS = List.of(2, 5, 10);
  public static final List<Long> TUNING_SEEDS = seeds(1000);
  public static final List<Long> REPORT_SEEDS = seeds(0);
  private static final String[][] GROUPS = {
    {"bbob-separable", "1", "5"},
    {"bbob-moderate", "6", "9"},
    {"bbob-ill-conditioned", "10", "14"},
    {"bbob-multimodal", "15", "19"},
    {"bbob-weak-structure", "20", "24"}
  };

  private Suite() {}

  private static List<Long> seeds(long first) {
    return IntStream.range(0, 20).mapToObj(i -> first + i).toList();
  }

  /** Every problem, in the order of bench/suite_problems.py. */
  public static List<SuiteProblem> all() {
    List<SuiteProblem> out = new ArrayList<>(bbob());
    for (List<SuiteProblem> family :
        List.of(
            noisy(),
            SuiteDiscrete.branches(),
            SuiteDiscrete.ints(),
            SuiteDiscrete.categorical(),
            SuiteTabular.problems())) {
      for (int i = 0; i < family.size(); i++) {
        out.add(family.get(i).inHalf(i % 2 == 0));
      }
    }
    return out;
  }

  public static List<SuiteProblem> tuning() {
    return all().stream().filter(SuiteProblem::tuning).toList();
  }

  public static List<SuiteProblem> report() {
    return all().stream().filter(p -> !p.tuning()).toList();
  }

  static List<SuiteProblem> bbob() {
    List<SuiteProblem> out = new ArrayList<>();
    for (String[] g : GROUPS) {
      for (int f = Integer.parseInt(g[1]); f <= Integer.parseInt(g[2]); f++) {
        for (int k = 0; k < DIMENSIONS.size(); k++) {
          int d = DIMENSIONS.get(k);
          Bbob b = new Bbob(f, d, INSTANCE);
          String name = String.format("bbob-f%02d-d%02d-i%d", f, d, INSTANCE);
          out.add(bbobProblem(name, g[0], b, (f + k) % 2 == 0, Optional.empty()));
        }
      }
    }
    return out;
  }

  private static SuiteProblem bbobProblem(
      String name, String family, Bbob b, boolean tuning, Optional<Noise> noise) {
    int d = b.dim;
    return new SuiteProblem(
        name,
        family,
        cube(d),
        c -> b.value(vector(c, d)),
        b.fopt,
        point(b.optimumPoint()),
        true,
        tuning,
        noise,
        Optional.empty());
  }

  static List<SuiteProblem> noisy() {
    int d = 5;
    double alpha = 0.49 + 1.0 / d;
    Object[][] specs = {
      {"noisy-f01-gauss-d05", 1, gauss(1.0)},
      {"noisy-f01-uniform-d05", 1, uniform(alpha, 1.0)},
      {"noisy-f08-gauss-d05", 8, gauss(1.0)},
      {"noisy-f08-cauchy-d05", 8, cauchy(1.0, 0.2)},
      {"noisy-f17-gauss-d05", 17, gauss(1.0)},
      {"noisy-f17-uniform-d05", 17, uniform(alpha, 1.0)}
    };
    List<SuiteProblem> out = new ArrayList<>();
    for (int i = 0; i < specs.length; i++) {
      Bbob b = new Bbob((Integer) specs[i][1], d, INSTANCE);
      Noise model = (Noise) specs[i][2];
      out.add(
          bbobProblem(
              (String) specs[i][0], "noisy", b, false, Optional.of(new Noisy(i + 1, model))));
    }
    return out;
  }

  private static double normal(double u1, double u2) {
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  /** COCO's f_GN: the regret times exp(β N(0,1)). */
  static Noise gauss(double beta) {
    return (v, fopt, u) -> fopt + (v - fopt) * StrictMath.exp(beta * normal(u[0], u[1]));
  }

  /** COCO's f_UN: the regret times U^β max(1, (1e9 / regret)^(α U')). */
  static Noise uniform(double alpha, double beta) {
    return (v, fopt, u) -> {
      double g = v - fopt;
      return fopt
          + g
              * StrictMath.pow(u[0], beta)
              * Math.max(1.0, StrictMath.pow(1e9 / (g + 1e-99), alpha * u[1]));
    };
  }

  /** COCO's f_CN: the regret plus α max(0, 1000 + [U < p] N/|N'|). */
  static Noise cauchy(double alpha, double p) {
    return (v, fopt, u) -> {
      double g = v - fopt;
      double jump = u[3] < p ? normal(u[0], u[1]) / (Math.abs(normal(u[2], u[1])) + 1e-199) : 0.0;
      return fopt + g + alpha * Math.max(0.0, 1000.0 + jump);
    };
  }

  static Space cube(int d) {
    Space.Builder b = Space.builder();
    for (int i = 0; i < d; i++) {
      b.add("x" + i, Floats.uniform(-5.0, 5.0));
    }
    return b.build();
  }

  static double[] vector(Config c, int d) {
    double[] x = new double[d];
    for (int i = 0; i < d; i++) {
      x[i] = c.getDouble("x" + i);
    }
    return x;
  }

  private static Map<String, Object> point(double[] x) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (int i = 0; i < x.length; i++) {
      p.put("x" + i, x[i]);
    }
    return p;
  }
}
