package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * pycls's {@code SETUP.CONSTRAINTS}: {@code CX} bounds as constraints on the probed model
 * complexity ({@link PyclsComplexity}, or the sweep's own probe); {@code REGNET.NUM_STAGES} keeps
 * the RegNet configs whose widths fill that many stages, checked once when the RegNet is fixed and
 * as the sweep's constraint when it is sampled.
 */
final class PyclsConstraints {
  private final Fields fields;

  PyclsConstraints(Fields fields) {
    this.fields = fields;
  }

  /**
   * CX as constraints on the probed {@code flops}, {@code params} and {@code acts}: pycls keeps a
   * config when {@code lo <= value <= hi} for each bound, a 0 at either end leaving that end open
   * ({@code check_complexity_constraints}); an all-zero bound constrains nothing.
   */
  List<Node> complexity(Mapping setup) {
    List<Node> out = new ArrayList<>();
    Node n = fields.optional(setup, "CONSTRAINTS").orElse(null);
    if (n == null) {
      return out;
    }
    Mapping c =
        fields.mapping(
            n, "SETUP.CONSTRAINTS", "{CX: {FLOPS: [lo, hi], …}, REGNET: {NUM_STAGES: [lo, hi]}}");
    fields.onlyKeys(c, "SETUP.CONSTRAINTS", List.of("CX", "REGNET"));
    Node cx = fields.optional(c, "CX").orElse(null);
    if (cx != null) {
      Mapping m =
          fields.mapping(
              cx, "SETUP.CONSTRAINTS.CX", "{FLOPS: [lo, hi], PARAMS: [lo, hi], ACTS: [lo, hi]}");
      fields.onlyKeys(m, "SETUP.CONSTRAINTS.CX", List.of("FLOPS", "PARAMS", "ACTS"));
      for (Entry e : m.entries().values()) {
        double[] r = fields.numbers(e.value(), "SETUP.CONSTRAINTS.CX." + e.key(), 2, "[lo, hi]");
        String name = e.key().toLowerCase(Locale.ROOT);
        List<String> tests = new ArrayList<>();
        if (r[0] != 0) {
          tests.add(name + " >= " + number(r[0]));
        }
        if (r[1] != 0) {
          tests.add(name + " <= " + number(r[1]));
        }
        if (!tests.isEmpty()) {
          out.add(new Scalar(String.join(" && ", tests), e.value().at()));
        }
      }
    }
    return out;
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /**
   * pycls keeps a RegNet config only if its widths fill every stage and the stage count is in
   * {@code CONSTRAINTS.REGNET.NUM_STAGES} ([4, 4] unless set). With the RegNet parameters fixed in
   * BASE_CFG that holds for every config or for none, so it is checked here, once; with some of
   * them sampled it is the sweep's constraint, {@code REGNET_STAGES(…)} (see ConstraintReader).
   */
  Optional<Node> regnetStages(Mapping setup) {
    Mapping base =
        fields
            .optional(setup, "BASE_CFG")
            .filter(Mapping.class::isInstance)
            .map(Mapping.class::cast)
            .orElse(new Mapping(Map.of(), setup.at()));
    Object type = at(base, "MODEL", "TYPE");
    if (!"regnet".equals(type)) {
      return Optional.empty();
    }
    Node rangeNode = null;
    long[] range = {4, 4};
    if (fields.optional(setup, "CONSTRAINTS").orElse(null) instanceof Mapping c
        && c.entries().get("REGNET") != null) {
      Mapping r =
          fields.mapping(
              c.entries().get("REGNET").value(),
              "SETUP.CONSTRAINTS.REGNET",
              "{NUM_STAGES: [lo, hi]}");
      fields.onlyKeys(r, "SETUP.CONSTRAINTS.REGNET", List.of("NUM_STAGES"));
      rangeNode = fields.optional(r, "NUM_STAGES").orElse(null);
      if (rangeNode != null) {
        range = fields.integers(rangeNode, "SETUP.CONSTRAINTS.REGNET.NUM_STAGES", 2, "[lo, hi]");
      }
    }
    Node where = rangeNode != null ? rangeNode : base;
    String[] names = {"DEPTH", "W0", "WA", "WM"};
    Set<String> sampled = sampledRegnet(setup);
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) {
      Object x = at(base, "REGNET", names[i]);
      if (sampled.contains(names[i])) {
        continue;
      }
      if (!(x instanceof Number n)) {
        throw fields.error(
            base,
            "SETUP.BASE_CFG.REGNET." + names[i],
            "a RegNet model's "
                + names[i]
                + " is needed to check its stages; give it in BASE_CFG or sample it");
      }
      v[i] = n.doubleValue();
    }
    if (!sampled.isEmpty()) {
      String stages = "REGNET_STAGES(REGNET.DEPTH, REGNET.W0, REGNET.WA, REGNET.WM)";
      String test =
          range[0] == range[1]
              ? stages + " == " + range[0]
              : stages + " >= " + range[0] + " && " + stages + " <= " + range[1];
      return Optional.of(new Scalar(test, where.at()));
    }
    int[] stages = regnetStages(v[2], v[1], v[3], (int) v[0]);
    if (stages[0] != stages[1] || stages[0] < range[0] || stages[0] > range[1]) {
      throw fields.error(
          where,
          "SETUP.CONSTRAINTS.REGNET.NUM_STAGES",
          "no config can pass: BASE_CFG's RegNet (DEPTH "
              + (long) v[0]
              + ", W0 "
              + v[1]
              + ", WA "
              + v[2]
              + ", WM "
              + v[3]
              + ") has "
              + stages[0]
              + " stages of "
              + stages[1]
              + ", not "
              + range[0]
              + " to "
              + range[1]
              + " (pycls would silently make no config)");
    }
    return Optional.empty();
  }

  /**
   * Which of DEPTH, W0, WA and WM the samplers draw: all with a regnet_sampler, else those named
   * REGNET.X.
   */
  private static Set<String> sampledRegnet(Mapping setup) {
    Set<String> out = new HashSet<>();
    if (setup.entries().get("SAMPLERS") != null
        && setup.entries().get("SAMPLERS").value() instanceof Mapping samplers) {
      for (String key : samplers.entries().keySet()) {
        if (key.equals("REGNET")) {
          out.addAll(PyclsSamplers.REGNET_SAMPLER.keySet());
        } else if (key.startsWith("REGNET.")) {
          out.add(key.substring("REGNET.".length()));
        }
      }
    }
    out.retainAll(List.of("DEPTH", "W0", "WA", "WM"));
    return out;
  }

  /** pycls's generate_regnet: {number of distinct widths, stages the width exponents span}. */
  static int[] regnetStages(double wa, double w0, double wm, int depth) {
    Set<Long> widths = new TreeSet<>();
    double maxK = 0;
    for (int i = 0; i < depth; i++) {
      double k = Math.rint(Math.log((i * wa + w0) / w0) / Math.log(wm));
      maxK = Math.max(maxK, k);
      widths.add(Math.round(Math.rint(w0 * Math.pow(wm, k) / 8)) * 8);
    }
    return new int[] {widths.size(), (int) maxK + 1};
  }

  private static Object at(Mapping m, String... path) {
    Node node = m;
    for (String key : path) {
      if (!(node instanceof Mapping map) || map.entries().get(key) == null) {
        return null;
      }
      node = map.entries().get(key).value();
    }
    return node.plain();
  }
}
