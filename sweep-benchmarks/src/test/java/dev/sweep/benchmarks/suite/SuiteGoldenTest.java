package dev.sweep.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.config.Config;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Java suite agrees with bench/suite_problems.py: golden.json holds, for every problem,
 * Python's values at five points (the optimum, one near it, three spread by COCO's generator),
 * written with repr() so that they parse back to the same doubles. Regenerate it with {@code
 * /usr/bin/python3 bench/suite_problems.py golden
 * sweep-benchmarks/src/test/resources/dev/sweep/benchmarks/suite/golden.json}.
 *
 * <p>Where the arithmetic is + - * / and comparisons only (the int, tabular and most categorical
 * problems) the values must be equal to the last bit. Elsewhere they must agree to 1e-12 relative
 * (of max(1, |value|)): the Java side uses StrictMath (fdlibm), Python glibc's libm, and the two
 * may round sin, cos, exp, log and pow 1 ulp apart (also inside the rotations COCO's generator
 * makes). The test prints how many values agree exactly anyway.
 */
class SuiteGoldenTest {
  private static final Set<String> EXACT =
      Set.of(
          "cat-additive",
          "cat-pairwise",
          "cat-flags",
          "int-ellipsoid",
          "int-rugged",
          "int-mixed",
          "int-sum");
  private static final double RELATIVE = 1e-12;

  /**
   * Functions that amplify a 1-ulp difference a thousandfold or more, so 1e-9 relative: f17/f18
   * take sin(50 t^0.1), f19 takes cos(t) of t up to about 1e6 (100 (z_i^2 - z_{i+1})^2), f23 rounds
   * 2^j z for j up to 32. A 1-ulp difference in a rotation's entry (the generator's log and cos)
   * becomes about 1e-11 of the value there; the generator itself is checked bit for bit below.
   */
  private static final double AMPLIFYING = 1e-9;

  private static double tolerance(String name) {
    return name.matches(".*-f(17|18|19|23)-.*") ? AMPLIFYING : RELATIVE;
  }

  static JsonNode golden() throws Exception {
    try (InputStream in = SuiteGoldenTest.class.getResourceAsStream("golden.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  static Map<String, Object> params(JsonNode node) {
    Map<String, Object> p = new LinkedHashMap<>();
    node.properties()
        .forEach(
            e -> {
              JsonNode v = e.getValue();
              Object value =
                  v.isBoolean()
                      ? (Object) v.asBoolean()
                      : v.isTextual()
                          ? v.asText()
                          : v.isIntegralNumber() ? (Object) v.asLong() : (Object) v.asDouble();
              p.put(e.getKey(), value);
            });
    return p;
  }

  @Test
  void javaAndPythonAgree() throws Exception {
    JsonNode doc = golden();
    List<SuiteProblem> all = Suite.all();
    List<String> javaNames = all.stream().map(SuiteProblem::name).toList();
    List<String> pythonNames = new ArrayList<>();
    doc.get("problems").forEach(p -> pythonNames.add(p.get("name").asText()));
    assertEquals(pythonNames, javaNames, "the same problems in the same order");
    int values = 0;
    int exact = 0;
    double worst = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      SuiteProblem p = all.get(i);
      JsonNode g = doc.get("problems").get(i);
      assertEquals(g.get("family").asText(), p.family(), p.name());
      assertEquals(g.get("half").asText(), p.tuning() ? "tuning" : "report", p.name());
      assertEquals(g.get("continuous").asBoolean(), p.continuous(), p.name());
      values++;
      exact += check(p.name() + " optimum", g.get("optimum").asDouble(), p.optimum(), p, failures);
      int k = 0;
      for (JsonNode point : g.get("points")) {
        Config c = p.config(params(point.get("params")));
        double java = p.value().applyAsDouble(c);
        double python = point.get("value").asDouble();
        values++;
        exact += check(p.name() + " point " + k, python, java, p, failures);
        worst = Math.max(worst, Math.abs(java - python) / Math.max(1, Math.abs(python)));
        if (point.has("observed")) {
          long[] seeds = {0, 1000};
          for (int s = 0; s < 2; s++) {
            values++;
            exact +=
                check(
                    p.name() + " point " + k + " observed, seed " + seeds[s],
                    point.get("observed").get(s).asDouble(),
                    p.observe(c, seeds[s], k),
                    p,
                    failures);
          }
        }
        if (point.has("inRegion")) {
          assertEquals(point.get("inRegion").asBoolean(), p.inOptimumRegion(c), p.name() + " " + k);
        }
        k++;
      }
    }
    System.out.printf(
        "golden: %d values, %d equal to the last bit, worst relative difference %.3g%n",
        values, exact, worst);
    if (!failures.isEmpty()) {
      fail(failures.size() + " disagree:\n" + String.join("\n", failures));
    }
  }

  private static int check(
      String what, double python, double java, SuiteProblem p, List<String> failures) {
    if (Double.doubleToLongBits(python) == Double.doubleToLongBits(java)) {
      return 1;
    }
    boolean ok =
        !EXACT.contains(p.name())
            && Math.abs(java - python) <= tolerance(p.name()) * Math.max(1, Math.abs(python));
    if (!ok) {
      failures.add(what + ": python " + python + ", java " + java);
    }
    return 0;
  }

  /** COCO's generator: uniforms, xopt and fopt bit for bit; normals and rotations within 2 ulps. */
  @Test
  void theInstanceGeneratorAgrees() throws Exception {
    JsonNode doc = golden();
    JsonNode rng = doc.get("random");
    double[] u = CocoRandom.unif(10, 12345);
    double[] g = CocoRandom.gauss(10, 12345);
    for (int i = 0; i < 10; i++) {
      assertEquals(rng.get("unif").get(i).asDouble(), u[i], 0.0);
      assertEquals(rng.get("gauss").get(i).asDouble(), g[i], 2 * Math.ulp(g[i]));
    }
    double[][] r = CocoRandom.rotation(1000015, 5);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        assertEquals(rng.get("rotation").get(i).get(j).asDouble(), r[i][j], 2 * Math.ulp(1.0));
      }
    }
    for (JsonNode in : doc.get("instances")) {
      Bbob b = new Bbob(in.get("function").asInt(), in.get("dim").asInt(), Suite.INSTANCE);
      assertEquals(in.get("fopt").asDouble(), b.fopt, 0.0, "fopt of f" + b.function);
      for (int i = 0; i < b.dim; i++) {
        double x = in.get("xopt").get(i).asDouble();
        if (b.function == 9 || b.function == 19 || b.function == 21 || b.function == 22) {
          assertEquals(x, b.xopt[i], 1e-13, "xopt of f" + b.function); // from a rotation
        } else {
          assertEquals(x, b.xopt[i], 0.0, "xopt of f" + b.function + " d" + b.dim);
        }
      }
    }
  }

  @Test
  void goldenHasTheOptimumFirst() throws Exception {
    for (JsonNode g : golden().get("problems")) {
      double v = g.get("points").get(0).get("value").asDouble();
      assertTrue(Math.abs(v - g.get("optimum").asDouble()) <= 1e-9, g.get("name").asText());
    }
  }
}
