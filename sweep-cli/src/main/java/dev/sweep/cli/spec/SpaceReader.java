package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import dev.sweep.config.Paths;
import dev.sweep.space.Branches;
import dev.sweep.space.Choices;
import dev.sweep.space.Coupled;
import dev.sweep.space.Domain;
import dev.sweep.space.FloatDomain;
import dev.sweep.space.Floats;
import dev.sweep.space.IntDomain;
import dev.sweep.space.Ints;
import dev.sweep.space.Lists;
import dev.sweep.space.Space;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code parameters} mapping of a sweep file into {@link Space.Builder} calls, one YAML
 * form per builder call (see the module README). Every domain is checked where it stands, so an
 * error from the core is reported at the parameter's line and column.
 */
final class SpaceReader {
  /** The distributions, in the order the docs list them. */
  static final List<String> DISTRIBUTIONS =
      List.of(
          "uniform",
          "log_uniform",
          "normal",
          "log_normal",
          "beta",
          "int",
          "int_log",
          "power_of_two",
          "multiple_of",
          "choice",
          "bool",
          "constant",
          "list");

  /** Keys that make a mapping a node of the space rather than a level of nesting. */
  static final List<String> KINDS = concat(DISTRIBUTIONS, List.of("branches", "coupled"));

  private static final List<String> INT_KINDS =
      List.of("int", "int_log", "power_of_two", "multiple_of");

  /** A parameter the reader added: where it stands, for checks that need the whole picture. */
  record Declared(String path, Domain domain, Node.Location at) {}

  private final Fields fields;
  private final List<Declared> declared = new ArrayList<>();

  SpaceReader(Fields fields) {
    this.fields = fields;
  }

  /** Every domain added, over all branches, with full paths. */
  List<Declared> declared() {
    return declared;
  }

  /** Adds the parameters of {@code map} (a nesting level) under {@code prefix}. */
  void addAll(Space.Builder builder, Mapping map, String outer, String prefix) {
    String here = Paths.join(outer, prefix);
    for (Entry e : map.entries().values()) {
      misspelledKind(e, here.isEmpty() ? "parameters" : here);
    }
    for (Entry e : map.entries().values()) {
      String rel = Paths.join(prefix, e.key());
      String full = Paths.join(outer, rel);
      checkPath(e, full);
      add(builder, e, outer, rel, full);
    }
  }

  private void checkPath(Entry e, String full) {
    try {
      Paths.check(full);
    } catch (IllegalArgumentException ex) {
      throw fields.error(e.keyAt(), full.isEmpty() ? "parameters" : full, ex.getMessage());
    }
  }

  /**
   * A key one or two letters off a kind that holds what that kind would hold (a list, or the
   * arguments of normal, log_normal or multiple_of): a misspelt distribution, not a nesting level.
   */
  private void misspelledKind(Entry e, String where) {
    if (KINDS.contains(e.key())) {
      return;
    }
    boolean kindShaped =
        e.value() instanceof Sequence
            || (e.value() instanceof Mapping m
                && (m.entries().keySet().containsAll(List.of("mean", "sd"))
                    || m.entries().keySet().containsAll(List.of("mu", "sigma"))
                    || m.entries().containsKey("of")));
    if (kindShaped) {
      Hints.closest(e.key(), KINDS)
          .ifPresent(
              kind -> {
                throw fields.error(
                    e.keyAt(),
                    where,
                    "unknown distribution '"
                        + e.key()
                        + "'; did you mean '"
                        + kind
                        + "'? (distributions: "
                        + String.join(", ", DISTRIBUTIONS)
                        + "; also branches, coupled)");
              });
    }
  }

  private void add(Space.Builder builder, Entry e, String outer, String rel, String full) {
    Node value = e.value();
    if (value instanceof Sequence) {
      throw fields.error(
          value,
          full,
          "a bare list is not a parameter; write {choice: [...]} to pick one of the "
              + "values, or {constant: [...]} for a constant list");
    }
    if (value instanceof Scalar s) {
      Domain constant = Choices.constant(s.value());
      checked(value, full, rel, () -> builder.add(rel, constant));
      declared.add(new Declared(full, constant, value.at()));
      return;
    }
    Mapping map = (Mapping) value;
    List<String> kinds = map.entries().keySet().stream().filter(KINDS::contains).toList();
    if (kinds.isEmpty()) {
      addAll(builder, map, outer, rel); // a level of nesting
      return;
    }
    if (kinds.size() > 1) {
      throw fields.error(
          map,
          full,
          "has both '"
              + kinds.get(0)
              + "' and '"
              + kinds.get(1)
              + "'; a parameter has one distribution");
    }
    String kind = kinds.get(0);
    switch (kind) {
      case "branches" -> branches(builder, map, rel, full);
      case "coupled" -> coupled(builder, map, rel, full);
      default -> {
        Domain domain = domain(map, kind, full);
        checked(map, full, full, () -> domain.check(full));
        checked(e.keyAt(), full, rel, () -> builder.add(rel, domain));
        declared.add(new Declared(full, domain, map.at()));
      }
    }
  }

  /** A distribution mapping: {@code {log_uniform: [1e-4, 1e-1], grid: [...]}}. */
  Domain domain(Mapping map, String kind, String full) {
    Node arg = map.entries().get(kind).value();
    return switch (kind) {
      case "uniform", "log_uniform" -> {
        fields.onlyKeys(map, full, List.of(kind, "step", "grid", "ints"));
        double[] r = fields.numbers(arg, full, 2, "[lo, hi]");
        yield floatModifiers(
            map,
            full,
            kind.equals("uniform") ? Floats.uniform(r[0], r[1]) : Floats.logUniform(r[0], r[1]));
      }
      case "normal", "log_normal" -> {
        fields.onlyKeys(map, full, List.of(kind, "step", "grid", "ints"));
        yield floatModifiers(map, full, normal(arg, kind, full));
      }
      case "beta" -> {
        fields.onlyKeys(map, full, List.of(kind, "step", "grid", "ints"));
        yield floatModifiers(map, full, beta(arg, full));
      }
      case "int", "int_log", "power_of_two", "multiple_of" -> {
        fields.onlyKeys(map, full, List.of(kind));
        yield intDomain(arg, kind, full);
      }
      case "choice" -> choice(map, arg, full);
      case "bool" -> {
        fields.onlyKeys(map, full, List.of(kind));
        if (!(arg instanceof Scalar s && Boolean.TRUE.equals(s.value()))) {
          throw fields.error(
              arg,
              full,
              "write {bool: true} for a sampled true or false, or a bare true or false for "
                  + "a constant; found "
                  + arg.describe());
        }
        yield Choices.bool();
      }
      case "constant" -> {
        fields.onlyKeys(map, full, List.of(kind));
        yield Choices.constant(arg.plain());
      }
      case "list" -> list(map, arg, full);
      default -> throw new IllegalStateException("unhandled kind " + kind);
    };
  }

  /** {@code normal: {mean, sd, min, max}} or {@code log_normal: {mu, sigma, min, max}}. */
  private FloatDomain normal(Node arg, String kind, String full) {
    boolean normal = kind.equals("normal");
    List<String> names =
        normal ? List.of("mean", "sd", "min", "max") : List.of("mu", "sigma", "min", "max");
    Mapping a =
        fields.mapping(
            arg, full, "{" + String.join(", ", names.stream().map(n -> n + ": …").toList()) + "}");
    fields.onlyKeys(a, full, names);
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) {
      v[i] =
          fields.number(
              fields.required(a, names.get(i), full, kind + " needs " + String.join(", ", names)),
              full + "." + names.get(i));
    }
    return normal
        ? Floats.normal(v[0], v[1], v[2], v[3])
        : Floats.logNormal(v[0], v[1], v[2], v[3]);
  }

  private FloatDomain beta(Node arg, String full) {
    Mapping a = fields.mapping(arg, full, "{a: …, b: …}");
    fields.onlyKeys(a, full, List.of("a", "b"));
    double shapeA = fields.number(fields.required(a, "a", full, "beta needs a, b"), full + ".a");
    double shapeB = fields.number(fields.required(a, "b", full, "beta needs a, b"), full + ".b");
    return Floats.beta(shapeA, shapeB);
  }

  private IntDomain intDomain(Node arg, String kind, String full) {
    if (kind.equals("multiple_of")) {
      Mapping a = fields.mapping(arg, full, "{of: …, min: …, max: …}");
      fields.onlyKeys(a, full, List.of("of", "min", "max"));
      long of =
          fields.integer(
              fields.required(a, "of", full, "multiple_of needs of, min, max"), full + ".of");
      long min =
          fields.integer(
              fields.required(a, "min", full, "multiple_of needs of, min, max"), full + ".min");
      long max =
          fields.integer(
              fields.required(a, "max", full, "multiple_of needs of, min, max"), full + ".max");
      return Ints.multipleOf(of, min, max);
    }
    long[] r = fields.integers(arg, full, 2, "[lo, hi]");
    return switch (kind) {
      case "int" -> Ints.range(r[0], r[1]);
      case "int_log" -> Ints.log(r[0], r[1]);
      default -> Ints.powerOfTwo(r[0], r[1]);
    };
  }

  private FloatDomain floatModifiers(Mapping map, String full, FloatDomain d) {
    FloatDomain out = d;
    Entry step = map.entries().get("step");
    if (step != null) {
      out = out.quantized(fields.number(step.value(), full + ".step"));
    }
    Entry ints = map.entries().get("ints");
    if (ints != null && fields.bool(ints.value(), full + ".ints")) {
      double q = step == null ? 0 : fields.number(step.value(), full + ".step");
      if (!(q >= 1 && q == Math.rint(q))) {
        throw fields.error(
            ints.value(),
            full + ".ints",
            "ints: true wants a whole-number step (step: 8), found "
                + (step == null ? "none" : step.value().describe()));
      }
      out = out.wholeNumbers();
    }
    Entry grid = map.entries().get("grid");
    if (grid != null) {
      Sequence points = fields.list(grid.value(), full + ".grid", "a list of numbers");
      double[] p = new double[points.items().size()];
      for (int i = 0; i < p.length; i++) {
        p[i] = fields.number(points.items().get(i), full + ".grid");
      }
      out = out.grid(p);
    }
    return out;
  }

  private Domain choice(Mapping map, Node arg, String full) {
    fields.onlyKeys(map, full, List.of("choice", "weights"));
    Entry weights = map.entries().get("weights");
    if (arg instanceof Mapping m) {
      if (weights != null) {
        throw fields.error(
            weights.keyAt(),
            full,
            "a weighted choice is {choice: {value: weight, …}} or "
                + "{choice: [values], weights: [weights]}, not both");
      }
      Map<String, Double> w = new LinkedHashMap<>();
      m.entries().forEach((k, e) -> w.put(k, fields.number(e.value(), full + "." + k)));
      return Choices.weighted(w);
    }
    Sequence values = fields.list(arg, full, "a list of values, or a mapping of value: weight");
    List<Object> plain = new ArrayList<>();
    values.items().forEach(i -> plain.add(i.plain()));
    if (weights == null) {
      return Choices.of(plain);
    }
    Sequence ws =
        fields.list(weights.value(), full + ".weights", "a list of weights, one per value");
    double[] w = new double[ws.items().size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = fields.number(ws.items().get(i), full + ".weights");
    }
    return Choices.weighted(plain, w);
  }

  private Domain list(Mapping map, Node arg, String full) {
    fields.onlyKeys(map, full, List.of("list", "length"));
    Node lengthNode =
        fields.required(
            map,
            "length",
            full,
            "a list needs a length: a number, or an int domain such as {int: [1, 3]}");
    Domain item = item(arg, full + "[]");
    if (lengthNode instanceof Mapping lm) {
      List<String> kinds = lm.entries().keySet().stream().filter(INT_KINDS::contains).toList();
      if (kinds.size() != 1) {
        throw fields.error(
            lengthNode,
            full + ".length",
            "wanted an integer or one int domain ("
                + String.join(", ", INT_KINDS)
                + "), found "
                + lm.entries().keySet());
      }
      fields.onlyKeys(lm, full + ".length", List.of(kinds.get(0)));
      return Lists.of(
          item, intDomain(lm.entries().get(kinds.get(0)).value(), kinds.get(0), full + ".length"));
    }
    long length = fields.integerAtLeast(lengthNode, full + ".length", 0);
    if (length > Integer.MAX_VALUE) {
      throw fields.error(
          lengthNode, full + ".length", "wanted a list length below 2^31, found " + length);
    }
    return Lists.of(item, (int) length);
  }

  /** The item domain of a list: a distribution mapping, or a bare constant. */
  private Domain item(Node node, String field) {
    if (node instanceof Scalar s) {
      return Choices.constant(s.value());
    }
    Mapping m = fields.mapping(node, field, "a distribution such as {int: [16, 64]}");
    List<String> kinds = m.entries().keySet().stream().filter(DISTRIBUTIONS::contains).toList();
    if (kinds.size() != 1) {
      String first = m.entries().isEmpty() ? "" : m.entries().keySet().iterator().next();
      throw fields.error(
          node,
          field,
          "wanted one distribution for the list's items, found keys "
              + m.entries().keySet()
              + Hints.didYouMean(first, DISTRIBUTIONS)
              + " (distributions: "
              + String.join(", ", DISTRIBUTIONS)
              + ")");
    }
    return domain(m, kinds.get(0), field);
  }

  private void branches(Space.Builder builder, Mapping map, String rel, String full) {
    fields.onlyKeys(map, full, List.of("branches", "key", "weights"));
    Mapping options =
        fields.mapping(
            map.entries().get("branches").value(),
            full,
            "a mapping of branch name to its parameters: {resnet: {depth: {int: [18, 50]}}, vit: {…}}");
    if (options.entries().isEmpty()) {
      throw fields.error(options, full, "branches needs at least one branch");
    }
    List<Object> namesAndSpaces = new ArrayList<>();
    for (Entry b : options.entries().values()) {
      Space.Builder sub = Space.builder();
      if (!(b.value() instanceof Scalar s
          && s.value() == null)) { // a branch without parameters: "name:" or "name: {}"
        Mapping params =
            fields.mapping(
                b.value(), Paths.join(full, b.key()), "the branch's parameters as a mapping");
        addAll(sub, params, full, "");
      }
      namesAndSpaces.add(b.key());
      namesAndSpaces.add(sub.build());
    }
    Branches branches = Branches.of(namesAndSpaces.toArray());
    Entry key = map.entries().get("key");
    if (key != null) {
      branches = branches.key(fields.string(key.value(), full + ".key"));
    }
    Entry weights = map.entries().get("weights");
    if (weights != null) {
      Mapping w =
          fields.mapping(weights.value(), full + ".weights", "a mapping of branch name to weight");
      List<String> names = List.copyOf(options.entries().keySet());
      fields.onlyKeys(w, full + ".weights", names);
      double[] ws = new double[names.size()];
      for (int i = 0; i < ws.length; i++) {
        ws[i] =
            fields.number(
                fields.required(w, names.get(i), full + ".weights", "give every branch a weight"),
                full + ".weights");
      }
      branches = branches.weighted(ws);
    }
    Branches finalBranches = branches;
    checked(map, full, rel, () -> builder.add(rel, finalBranches));
  }

  private void coupled(Space.Builder builder, Mapping map, String rel, String full) {
    fields.onlyKeys(map, full, List.of("coupled", "labels", "root"));
    Sequence options =
        fields.list(
            map.entries().get("coupled").value(),
            full,
            "a list of assignments: [{name: cifar10, classes: 10}, {name: imagenet, classes: 1000}]");
    List<Map<String, Object>> assignments = new ArrayList<>();
    for (Node option : options.items()) {
      Mapping m = fields.mapping(option, full, "each coupled assignment as a mapping of values");
      @SuppressWarnings("unchecked")
      Map<String, Object> plain = (Map<String, Object>) m.plain();
      assignments.add(plain);
    }
    Coupled coupled;
    try {
      coupled = Coupled.of(assignments);
    } catch (IllegalArgumentException e) {
      throw coreError(options, full, rel, e);
    }
    Entry labels = map.entries().get("labels");
    if (labels != null) {
      Sequence ls =
          fields.list(labels.value(), full + ".labels", "a list of labels, one per assignment");
      String[] names = new String[ls.items().size()];
      for (int i = 0; i < names.length; i++) {
        names[i] = fields.text(ls.items().get(i), full + ".labels");
      }
      coupled = coupled.labels(names);
    }
    Coupled finalCoupled = coupled;
    // root: true: the assignments' keys are paths from the root, the key above only names them
    // (dysweep's merges)
    boolean root =
        fields.optional(map, "root").map(r -> fields.bool(r, full + ".root")).orElse(false);
    checked(
        map,
        full,
        rel,
        () -> {
          if (root) {
            builder.add(finalCoupled);
          } else {
            builder.add(rel, finalCoupled);
          }
        });
  }

  private void checked(Node at, String full, String rel, Runnable call) {
    checked(at.at(), full, rel, call);
  }

  /** Runs a builder call, reporting its argument errors at {@code at} under the full path. */
  private void checked(Node.Location at, String full, String rel, Runnable call) {
    try {
      call.run();
    } catch (IllegalArgumentException e) {
      throw coreError(at, full, rel, e);
    }
  }

  private SpecException coreError(Node at, String full, String rel, IllegalArgumentException e) {
    return coreError(at.at(), full, rel, e);
  }

  /** The core names the path it was given; the message names the full path instead, once. */
  private SpecException coreError(
      Node.Location at, String full, String rel, IllegalArgumentException e) {
    String message = e.getMessage();
    for (String prefix : List.of(full + ": ", rel + ": ")) {
      if (message.startsWith(prefix)) {
        message = message.substring(prefix.length());
        break;
      }
    }
    return new SpecException(fields.file(), at, full + ": " + message, e);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }
}
