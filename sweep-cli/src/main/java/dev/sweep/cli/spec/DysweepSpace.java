package dev.sweep.cli.spec;

import dev.sweep.cli.spec.DysweepMerge.Failure;
import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Location;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * dysweep's hierarchical {@code parameters} as a native space over a native base. A node with a
 * {@code sweep} key is one W&amp;B parameter; everything else is a fixed part of the merge. The
 * fixed parts merged into {@code base_config} ({@link DysweepMerge}) make the native base; each
 * parameter is then merged alone. One whose every value lands unchanged at one path is a native
 * parameter there, its W&amp;B distribution kept ({@link WandbParameters}); any other (mappings as
 * values, aliases, upserts, list operations) becomes coupled values, one assignment of the paths it
 * changes per value. That equals dysweep's merge of all values at once only when no two parameters
 * change the same path, which is checked: dysweep's order then would matter.
 */
final class DysweepSpace {
  private static final List<String> SWEEP_KEYS =
      List.of("sweep", "sweep_alias", "sweep_identifier");

  /**
   * One parameter: its dysweep name (the path in the sweep tree), its W&amp;B spec, aliases,
   * identifier.
   */
  private record Param(
      String name, Mapping node, Mapping spec, List<String> aliases, String identifier) {}

  private final Fields fields;
  private final List<Param> params = new ArrayList<>();
  private final Map<String, Node> aliasValues =
      new HashMap<>(); // dysweep's value_compression_mapping
  private final IdentityHashMap<Object, Param> refs = new IdentityHashMap<>();
  private boolean categorical;

  DysweepSpace(Fields fields) {
    this.fields = fields;
  }

  /**
   * Whether a native parameter takes its values from a list (W&amp;B's bayes is then no Gaussian
   * process).
   */
  boolean anyCategorical() {
    return categorical;
  }

  /**
   * Puts {@code base} and {@code parameters} into {@code out}: the native equivalent of {@code
   * base_config} with the sweep tree {@code tree} merged in for each run.
   */
  void translate(Mapping baseConfig, Mapping tree, boolean grid, MappingBuilder out) {
    Map<String, Object> template = mapping(tree, "");
    if (params.isEmpty()) {
      throw fields.error(
          tree,
          "sweep_configuration.parameters",
          "has no parameter: mark each node to sweep with "
              + "sweep: true, as in lr: {sweep: true, values: [0.1, 0.01]}");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> base = (Map<String, Object>) baseConfig.plain();
    Object fixed = merged(base, template, null, null, tree, "sweep_configuration.parameters");
    if (!(fixed instanceof Map<?, ?> fixedMap)) {
      throw fields.error(
          tree, "sweep_configuration.parameters", "dysweep's merge turns base_config into a list");
    }
    out.put("base", node(fixedMap, baseConfig.at()));
    MappingBuilder natives = new MappingBuilder(tree.at());
    Map<String, Param> owners = new LinkedHashMap<>();
    for (Param p : params) {
      Set<String> touched = new LinkedHashSet<>();
      Optional<String> path = simple(p, base, template, fixed);
      if (path.isPresent()) {
        natives.put(path.get(), p.node().at(), domainOf(p, path.get(), grid));
        touched.add(path.get());
      } else {
        natives.put(groupName(p), p.node().at(), coupled(p, base, template, fixed, touched));
      }
      for (String changed : touched) {
        for (Map.Entry<String, Param> o : owners.entrySet()) {
          if (overlaps(changed, o.getKey())) {
            throw fields.error(
                p.node(),
                p.name(),
                "changes '"
                    + changed
                    + "', and parameter "
                    + o.getValue().name()
                    + " changes '"
                    + o.getKey()
                    + "'; dysweep merges the two in its own order, which Sweep's parameters "
                    + "(each setting its own paths) cannot express: let one parameter set both");
          }
        }
      }
      touched.forEach(changed -> owners.put(changed, p));
    }
    out.put("parameters", natives.build());
  }

  // ---------------------------------------------------------------- the sweep tree

  /**
   * A mapping of the sweep tree as dysweep keeps it, each parameter node a reference to its {@link
   * Param}.
   */
  private Map<String, Object> mapping(Mapping m, String name) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Entry e : m.entries().values()) {
      out.put(e.key(), child(e.value(), DysweepMerge.join(name, e.key())));
    }
    return out;
  }

  /** A list of the sweep tree: dysweep keeps it as a mapping of {@code __IDX__n} keys. */
  private Map<String, Object> list(Sequence s, String name) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < s.items().size(); i++) {
      out.put(DysweepMerge.IDX + i, child(s.items().get(i), DysweepMerge.join(name, i)));
    }
    return out;
  }

  private Object child(Node node, String name) {
    if (node instanceof Mapping m && m.entries().containsKey("sweep")) {
      return param(m, name);
    }
    if (node instanceof Mapping m) {
      return mapping(m, name);
    }
    return node instanceof Sequence s ? list(s, name) : node.plain();
  }

  /**
   * A node with {@code sweep} (its value unread, as dysweep reads only the key): one W&amp;B
   * parameter.
   */
  private Object param(Mapping m, String name) {
    Map<String, Entry> spec = new LinkedHashMap<>(m.entries());
    SWEEP_KEYS.forEach(spec::remove);
    List<String> aliases = new ArrayList<>();
    Entry alias = m.entries().get("sweep_alias");
    if (alias != null) {
      Sequence names =
          fields.list(alias.value(), name + ".sweep_alias", "a list of names, one per value");
      Node values = spec.containsKey("values") ? spec.get("values").value() : null;
      if (!(values instanceof Sequence vs) || vs.items().size() != names.items().size()) {
        throw fields.error(
            alias.value(),
            name + ".sweep_alias",
            "names each of values, so it needs as many names as "
                + "values has items ("
                + (values instanceof Sequence vs ? vs.items().size() : "no values")
                + ")");
      }
      for (int i = 0; i < names.items().size(); i++) {
        Node n = names.items().get(i);
        String text = fields.text(n, name + ".sweep_alias");
        if (aliasValues.put(text, vs.items().get(i)) != null) {
          throw fields.error(
              n,
              name + ".sweep_alias",
              "the alias '"
                  + text
                  + "' is already used in the sweep; "
                  + "dysweep refuses it (Value "
                  + text
                  + " is already used in the sweep config)");
        }
        aliases.add(text);
      }
    }
    String identifier = null;
    Entry id = m.entries().get("sweep_identifier");
    if (id != null) {
      identifier = fields.text(id.value(), name + ".sweep_identifier");
      for (Param p : params) {
        if (identifier.equals(p.identifier())) {
          throw fields.error(
              id.value(),
              name + ".sweep_identifier",
              "'" + identifier + "' already names " + p.name());
        }
      }
    }
    Param p = new Param(name, m, new Mapping(spec, m.at()), aliases, identifier);
    params.add(p);
    Object ref = new Object();
    refs.put(ref, p);
    return ref;
  }

  // ---------------------------------------------------------------- one parameter at a time

  /**
   * {@code base} with the tree merged in, {@code only} (if any) taking {@code value} and every
   * other parameter left out.
   */
  private Object merged(
      Map<String, Object> base,
      Map<String, Object> template,
      Param only,
      Object value,
      Node at,
      String field) {
    try {
      return DysweepMerge.merge(base, filled(template, only, value));
    } catch (Failure e) {
      throw fields.error(at, field, e.getMessage());
    }
  }

  private Map<String, Object> filled(Map<String, Object> template, Param only, Object value) {
    Object tree = fill(template, only, value);
    return tree == DysweepMerge.HOLE
        ? new LinkedHashMap<>()
        : DysweepMerge.castMap((Map<?, ?>) tree);
  }

  /**
   * The tree with parameters filled in; a part that held only left-out parameters is left out too.
   */
  // A Param is one place in the tree: two equal ones at two places are two parameters.
  @SuppressWarnings("ReferenceEquality")
  private Object fill(Object node, Param only, Object value) {
    Param p = refs.get(node);
    if (p != null) {
      return p == only ? value : DysweepMerge.HOLE;
    }
    if (node instanceof Map<?, ?> m && !m.isEmpty()) {
      Map<String, Object> out = new LinkedHashMap<>();
      boolean any = false;
      for (Map.Entry<String, Object> e : DysweepMerge.castMap(m).entrySet()) {
        Object v = fill(e.getValue(), only, value);
        any |= v != DysweepMerge.HOLE;
        out.put(e.getKey(), v);
      }
      return any ? out : DysweepMerge.HOLE;
    }
    return DysweepMerge.copy(node);
  }

  /**
   * The path where every value of {@code p} lands unchanged, if there is one: a distribution, or
   * values that are numbers, booleans or strings that name no alias, merged to one place alone.
   */
  private Optional<String> simple(
      Param p, Map<String, Object> base, Map<String, Object> template, Object fixed) {
    Node values =
        p.spec().entries().containsKey("values") ? p.spec().entries().get("values").value() : null;
    if (!p.aliases().isEmpty()
        || (values instanceof Sequence s
            && s.items().stream()
                .anyMatch(
                    v ->
                        v instanceof Mapping
                            || v instanceof Sequence
                            || aliasValues.containsKey(v.plain())))) {
      return Optional.empty();
    }
    Object withSymbol;
    try {
      withSymbol = DysweepMerge.merge(base, filled(template, p, DysweepMerge.SYMBOL));
    } catch (Failure e) {
      if (values == null) {
        throw fields.error(p.node(), p.name(), e.getMessage());
      }
      return Optional.empty(); // its values say what fails
    }
    Map<String, Object> diff = new LinkedHashMap<>();
    diff(fixed, withSymbol, "", diff, p);
    if (diff.size() == 1 && diff.values().iterator().next() == DysweepMerge.SYMBOL) {
      return Optional.of(diff.keySet().iterator().next());
    }
    if (values == null && !p.spec().entries().containsKey("value")) {
      throw fields.error(
          p.node(),
          p.name(),
          "dysweep merges this parameter's value into the config rather than "
              + "setting it at one path (it changes "
              + (diff.isEmpty() ? "nothing" : String.join(", ", diff.keySet()))
              + "); Sweep can merge only listed values: give values: [...]");
    }
    return Optional.empty();
  }

  private Node domainOf(Param p, String path, boolean grid) {
    WandbParameters wandb = new WandbParameters(fields);
    Mapping one =
        new Mapping(Map.of(path, new Entry(path, p.node().at(), p.spec())), p.node().at());
    Node domain = wandb.parameters(one, "", grid, new ArrayList<>()).entries().get(path).value();
    categorical |= wandb.anyCategorical();
    return domain;
  }

  /**
   * The parameter as coupled values from the root: per value, the paths it changes and what they
   * become.
   */
  private Mapping coupled(
      Param p,
      Map<String, Object> base,
      Map<String, Object> template,
      Object fixed,
      Set<String> touched) {
    fields.onlyKeys(p.spec(), p.name(), List.of("values", "value"));
    List<Node> values =
        p.spec().entries().containsKey("values")
            ? fields
                .list(
                    p.spec().entries().get("values").value(),
                    p.name() + ".values",
                    "a list of values")
                .items()
            : List.of(p.spec().entries().get("value").value());
    if (values.isEmpty()) {
      throw fields.error(p.node(), p.name() + ".values", "needs at least one value");
    }
    List<Map<String, Object>> diffs = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>();
    for (Node v : values) {
      Object value =
          v.plain() instanceof String s && p.aliases().isEmpty() && aliasValues.containsKey(s)
              ? aliasValues.get(s).plain()
              : v.plain(); // dysweep swaps a value that names an alias for the aliased one
      Map<String, Object> diff = new LinkedHashMap<>();
      diff(fixed, merged(base, template, p, value, v, p.name() + ".values"), "", diff, p);
      diffs.add(diff);
      keys.addAll(diff.keySet());
    }
    if (keys.isEmpty()) {
      throw fields.error(
          p.node(), p.name(), "none of its values changes the config, as dysweep merges them");
    }
    List<Node> options = new ArrayList<>();
    for (int i = 0; i < diffs.size(); i++) {
      MappingBuilder option = new MappingBuilder(values.get(i).at());
      for (String k : keys) {
        Object v = diffs.get(i).containsKey(k) ? diffs.get(i).get(k) : at(fixed, k);
        if (v != ABSENT) {
          option.put(k, node(v, values.get(i).at()));
        }
      }
      Mapping built = option.build();
      if (built.entries().isEmpty()) {
        throw fields.error(
            values.get(i),
            p.name() + ".values",
            "this value leaves "
                + String.join(", ", keys)
                + " out of the config, which other values add; Sweep's coupled values cannot leave a path out: "
                + "give it a value in base_config");
      }
      options.add(built);
    }
    touched.addAll(keys);
    MappingBuilder out = new MappingBuilder(p.node().at());
    out.put("coupled", new Sequence(options, p.node().at()));
    if (!p.aliases().isEmpty()) {
      out.put(
          "labels",
          new Sequence(
              p.aliases().stream().<Node>map(a -> new Scalar(a, p.node().at())).toList(),
              p.node().at()));
    }
    out.put("root", new Scalar(true, p.node().at()));
    return out.build();
  }

  private static final Object ABSENT = new Object();

  /** Where {@code after} differs from {@code before}: mappings key by key, anything else whole. */
  private void diff(Object before, Object after, String path, Map<String, Object> out, Param p) {
    if (after instanceof Map<?, ?> a && (before instanceof Map<?, ?> || before == ABSENT)) {
      for (Map.Entry<String, Object> e : DysweepMerge.castMap(a).entrySet()) {
        if (e.getKey().contains(".") || e.getKey().isEmpty()) {
          throw fields.error(
              p.node(),
              p.name(),
              "the config key '"
                  + e.getKey()
                  + "' under '"
                  + path
                  + "' is no name Sweep can put in a path (it has a dot or is empty)");
        }
        Object b =
            before instanceof Map<?, ?> bm && bm.containsKey(e.getKey())
                ? bm.get(e.getKey())
                : ABSENT;
        diff(b, e.getValue(), DysweepMerge.join(path, e.getKey()), out, p);
      }
    } else if (!Objects.equals(before, after)) {
      out.put(path, after);
    }
  }

  private static Object at(Object tree, String path) {
    Object node = tree;
    for (String key : path.split("\\.", -1)) {
      if (!(node instanceof Map<?, ?> m) || !m.containsKey(key)) {
        return ABSENT;
      }
      node = m.get(key);
    }
    return node;
  }

  private static boolean overlaps(String a, String b) {
    return a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".");
  }

  /**
   * The native key that names a coupled parameter: its identifier, else its path in the sweep tree.
   */
  private static String groupName(Param p) {
    String name = p.identifier() != null ? p.identifier() : p.name();
    return name.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** A plain value as a node at {@code at}. */
  static Node node(Object value, Location at) {
    if (value instanceof Map<?, ?> m) {
      MappingBuilder b = new MappingBuilder(at);
      DysweepMerge.castMap(m).forEach((k, v) -> b.put(k, node(v, at)));
      return b.build();
    }
    if (value instanceof List<?> l) {
      return new Sequence(l.stream().map(v -> node(v, at)).toList(), at);
    }
    return new Scalar(value, at);
  }
}
