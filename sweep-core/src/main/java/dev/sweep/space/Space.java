package dev.sweep.space;

import static java.util.Objects.requireNonNull;

import dev.sweep.config.Config;
import dev.sweep.config.Names;
import dev.sweep.config.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A typed, hierarchical search space: parameters at dotted paths, branches, coupled values, derived
 * values and constraints, laid over an optional base config.
 *
 * <pre>{@code
 * Space space = Space.builder()
 *     .base(Config.read(Path.of("base.yaml")))
 *     .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
 *     .add("optim.wd", Floats.logUniform(1e-6, 1e-2))
 *     .add("model.width", Ints.powerOfTwo(16, 256))
 *     .derive("optim.lr_wd", c -> c.getDouble("optim.lr") * c.getDouble("optim.wd"))
 *     .constraint("lr_wd small", c -> c.getDouble("optim.lr_wd") < 1e-4)
 *     .probe(c -> Map.of("flops", Flops.of(c)))  // measured, not part of the config
 *     .constraint("small model", c -> c.getDouble("flops") < 2e8)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Space {

  /** One declaration of a space, in the order declared. */
  public sealed interface Node permits Param, OneOf, CoupledValues {
    /** Where the node's values go; empty for coupled values at the root. */
    String path();
  }

  /** A parameter drawn from a domain. */
  public record Param(String path, Domain domain) implements Node {}

  /**
   * Branches at {@code path}: {@code path.key} holds the chosen name, the chosen space's parameters
   * go under {@code path}.
   *
   * @param weights the branches' relative weights, or null for equal weights; a copy
   */
  // The array is copied in and out, and equals, hashCode and toString read its contents.
  @SuppressWarnings("ArrayRecordComponent")
  public record OneOf(
      String path, String key, List<String> names, List<Space> spaces, double[] weights)
      implements Node {
    public OneOf {
      weights = weights == null ? null : weights.clone();
    }

    /** The branches' relative weights, or null for equal weights: a copy. */
    @Override
    public double[] weights() {
      return weights == null ? null : weights.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof OneOf other
          && path.equals(other.path)
          && key.equals(other.key)
          && names.equals(other.names)
          && spaces.equals(other.spaces)
          && Arrays.equals(weights, other.weights);
    }

    @Override
    public int hashCode() {
      return Objects.hash(path, key, names, spaces, Arrays.hashCode(weights));
    }

    @Override
    public String toString() {
      return "OneOf[path="
          + path
          + ", key="
          + key
          + ", names="
          + names
          + ", spaces="
          + spaces
          + ", weights="
          + Arrays.toString(weights)
          + "]";
    }

    /** The path of the key that names the chosen branch. */
    public String keyPath() {
      return Paths.join(path, key);
    }
  }

  /** Coupled values at {@code path}: each option maps dotted paths (absolute) to values. */
  public record CoupledValues(String path, List<Map<String, Object>> options, List<String> labels)
      implements Node {}

  /** A value computed from the config after sampling, before constraints are checked. */
  public record Derived(String path, Function<Config, ?> function) {}

  private final List<Node> nodes;
  private final List<Derived> derived;
  private final List<Function<Config, ? extends Map<String, ?>>> probes;
  private final ProbeCache probed;
  private final List<Constraint> declared; // as declared: those below see the probed values too
  private final List<Constraint> constraints;
  private final Config base;
  private final List<String> paths;
  private final Config.Layout layout;
  private final Map<String, String> shortKeys;
  private final List<CoupledValues>
      labelled; // coupled values with labels, which name a trial by label

  private Space(Builder b) {
    this.nodes = List.copyOf(b.nodes);
    this.derived = List.copyOf(b.derived);
    this.probes = List.copyOf(b.probes);
    this.probed = new ProbeCache(probes);
    this.declared = List.copyOf(b.constraints);
    this.constraints =
        probes.isEmpty()
            ? declared
            : declared.stream()
                .map(c -> new Constraint(c.name(), config -> c.allows(withProbes(config))))
                .toList();
    this.base = b.base;
    List<String> sampled = new ArrayList<>(b.paths);
    b.derived.forEach(d -> sampled.remove(d.path()));
    this.paths = List.copyOf(sampled);
    this.layout = Config.Layout.of(b.paths);
    this.shortKeys = Names.shortKeys(paths);
    this.labelled =
        nodes.stream()
            .filter(n -> n instanceof CoupledValues c && c.labels() != null)
            .map(CoupledValues.class::cast)
            .toList();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this space's declarations. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.nodes.addAll(nodes);
    b.derived.addAll(derived);
    b.probes.addAll(probes);
    b.constraints.addAll(declared);
    b.base = base;
    b.paths.addAll(paths);
    derived.forEach(d -> b.paths.add(d.path()));
    return b;
  }

  public List<Node> nodes() {
    return nodes;
  }

  public List<Derived> derived() {
    return derived;
  }

  /**
   * The constraints, each seeing the config with the {@linkplain #probe probed values} laid over
   * it.
   */
  public List<Constraint> constraints() {
    return constraints;
  }

  /**
   * The values the probes measure of {@code config} (a config of this space), by dotted path, in
   * the order the probes give them; empty without probes. Each distinct config is probed once while
   * it is among the recently probed ones, so constraints and records share one measurement.
   *
   * @throws ProbeException naming the probe's problem and the config if a probe throws or gives a
   *     value that is not a number, text or boolean
   */
  public Map<String, Object> probe(Config config) {
    return probes.isEmpty() ? Map.of() : probed.get(config);
  }

  /**
   * The values of a sample as a population's columns: the sampled ones, then the derived and the
   * probed ones.
   */
  public Map<String, Object> columns(Map<String, Object> params, Config config) {
    if (derived.isEmpty() && probes.isEmpty()) {
      return params;
    }
    Map<String, Object> out = new LinkedHashMap<>(params);
    for (Derived d : derived) {
      config.get(d.path()).ifPresent(v -> out.put(d.path(), v));
    }
    out.putAll(probe(config));
    return out;
  }

  private Config withProbes(Config config) {
    Config out = config;
    for (Map.Entry<String, Object> e : probe(config).entrySet()) {
      out = out.with(e.getKey(), e.getValue());
    }
    return out;
  }

  public Config base() {
    return base;
  }

  /**
   * Every path a sample may set (over all branches), in declaration order: the columns of a
   * population's parameter table. Derived values are not sampled and are not here.
   */
  public List<String> paramPaths() {
    return paths;
  }

  /** Draws one value for every node (and the chosen branches' nodes), in declaration order. */
  public Map<String, Object> sample(RandomGenerator rng) {
    Map<String, Object> params = new LinkedHashMap<>();
    sampleInto("", rng, params);
    return params;
  }

  private void sampleInto(String prefix, RandomGenerator rng, Map<String, Object> out) {
    for (Node node : nodes) {
      if (node instanceof Param p) {
        out.put(Paths.join(prefix, p.path()), p.domain().sample(rng));
      } else if (node instanceof OneOf o) {
        int i = pick(o.names().size(), o.weights, rng); // read in place: no copy per draw
        out.put(Paths.join(prefix, o.keyPath()), o.names().get(i));
        o.spaces().get(i).sampleInto(Paths.join(prefix, o.path()), rng, out);
      } else if (node instanceof CoupledValues c) {
        Map<String, Object> option = c.options().get(rng.nextInt(c.options().size()));
        for (Map.Entry<String, Object> e : option.entrySet()) {
          out.put(Paths.join(prefix, e.getKey()), e.getValue());
        }
      }
    }
  }

  private static int pick(int n, double[] weights, RandomGenerator rng) {
    if (weights == null) {
      return rng.nextInt(n);
    }
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = rng.nextDouble() * total;
    for (int i = 0; i < n; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    // Rounding left u >= 0: take the last branch that may be chosen, never one of weight 0.
    int last = n - 1;
    while (weights[last] == 0) {
      last--;
    }
    return last;
  }

  /**
   * The full config of a set of sampled values: the base config, the values laid over it, then the
   * derived values computed in declaration order.
   *
   * @throws IllegalStateException naming the derived path if a derivation throws
   */
  public Config toConfig(Map<String, Object> params) {
    Config config = base.overlay(layout.ofFlat(params));
    for (Derived d : derived) {
      Object value;
      try {
        value = d.function().apply(config);
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "derived value '" + d.path() + "' threw " + e + " on config " + config, e);
      }
      config = config.with(d.path(), value);
    }
    return config;
  }

  /**
   * Why {@code params} are not a sample of this space, or empty if they are: every parameter of the
   * chosen branches present with a value of its domain, coupled values one of their assignments,
   * and no other path. For values from outside a sampler: an enqueued trial, an earlier sweep's.
   *
   * <pre>{@code
   * space.misfit(Map.of("optim.lr", 0.5)); // Optional["'optim.lr' = 0.5 is not in logUniform[1.0E-4, 0.1]"]
   * }</pre>
   */
  public Optional<String> misfit(Map<String, ?> params) {
    return Membership.fit(this, requireNonNull(params, "params == null")).misfit();
  }

  /**
   * {@code params} as this space samples them: in declaration order, each value as its domain gives
   * it out ({@code 16} as a {@code Long}, {@code 1} of a float domain as {@code 1.0}), so that its
   * config and hash are the ones a sampler's draw of the same values has.
   *
   * @throws IllegalArgumentException naming the path, the value and what is allowed, if they are
   *     not a sample of this space ({@link #misfit})
   */
  public Map<String, Object> asSample(Map<String, ?> params) {
    Membership.Fit fit = Membership.fit(this, requireNonNull(params, "params == null"));
    if (fit.misfit().isPresent()) {
      throw new IllegalArgumentException(fit.misfit().get());
    }
    return Collections.unmodifiableMap(fit.params());
  }

  /** The declared paths and domains, one per line, for logs and error messages. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Space[");
    for (Node node : nodes) {
      text.append(text.length() > 6 ? ", " : "");
      if (node instanceof Param p) {
        text.append(p.path()).append(": ").append(p.domain().describe());
      } else if (node instanceof OneOf o) {
        text.append(o.path()).append(": oneOf").append(o.names());
      } else {
        text.append(node.path().isEmpty() ? "<root>" : node.path())
            .append(": coupled(")
            .append(((CoupledValues) node).options().size())
            .append(')');
      }
    }
    derived.forEach(d -> text.append(", ").append(d.path()).append(": derived"));
    probes.forEach(p -> text.append(", probe"));
    declared.forEach(c -> text.append(", constraint '").append(c.name()).append('\''));
    return text.append(']').toString();
  }

  /**
   * The readable, folder-safe name of sampled values ({@code lr=0.1,wd=1e-04}); each parameter's
   * key is the shortest suffix of its path that no other path of this space shares, so it is the
   * same in every name of a sweep. Coupled values with labels stand in the name by their label
   * alone ({@code Norm_new-Moment_0.1,seed=1}), first.
   */
  public String name(Map<String, ?> params) {
    if (labelled.isEmpty()) { // the usual case, on the path of every trial
      return Names.readable(params, shortKeys);
    }
    List<String> labels = new ArrayList<>();
    Map<String, Object> rest = new LinkedHashMap<>(params);
    for (CoupledValues c : labelled) {
      for (int i = 0; i < c.options().size(); i++) {
        Map<String, Object> option = c.options().get(i);
        if (option.entrySet().stream()
            .allMatch(e -> Objects.equals(params.get(e.getKey()), e.getValue()))) {
          rest.keySet().removeAll(option.keySet());
          labels.add(c.labels().get(i));
          break;
        }
      }
    }
    if (labels.isEmpty()) {
      return Names.readable(params, shortKeys);
    }
    String others = rest.isEmpty() ? "" : "," + Names.readable(rest, shortKeys);
    return Names.safe(String.join(",", labels) + others);
  }

  /** Builds a {@link Space}; each addition is checked where it arrives. Not thread-safe. */
  public static final class Builder {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Derived> derived = new ArrayList<>();
    private final List<Function<Config, ? extends Map<String, ?>>> probes = new ArrayList<>();
    private final List<Constraint> constraints = new ArrayList<>();
    private final Set<String> paths = new LinkedHashSet<>();
    private Config base = Config.empty();

    private Builder() {}

    /**
     * Adds a parameter at a dotted path.
     *
     * @throws IllegalArgumentException naming the path if the domain's arguments are bad or the
     *     path is taken or conflicts with another (one a prefix of the other)
     * @return this builder
     */
    public Builder add(String path, Domain domain) {
      Paths.check(path);
      requireNonNull(domain, path + ": domain == null");
      domain.check(path);
      claim(path, List.of(path));
      nodes.add(new Param(path, domain));
      return this;
    }

    /**
     * Adds branches at {@code path}; see {@link Branches}.
     *
     * @return this builder
     * @throws IllegalArgumentException naming the path if it is not a dotted path of names, is
     *     taken, or conflicts with another (one a prefix of the other), or a branch's name or space
     *     is bad
     */
    public Builder add(String path, Branches branches) {
      Paths.check(path);
      requireNonNull(branches, path + ": branches == null");
      Paths.check(branches.key);
      Set<String> names = new LinkedHashSet<>();
      for (String name : branches.names) {
        if (!names.add(name)) {
          throw new IllegalArgumentException(path + ": branch '" + name + "' is declared twice");
        }
      }
      if (branches.weights != null) {
        if (branches.weights.length != branches.names.size()) {
          throw new IllegalArgumentException(
              path
                  + ": "
                  + branches.names.size()
                  + " branches but "
                  + branches.weights.length
                  + " weights");
        }
        double total = 0;
        for (int i = 0; i < branches.weights.length; i++) {
          double w = branches.weights[i];
          if (!(w >= 0) || !Double.isFinite(w)) {
            throw new IllegalArgumentException(
                path
                    + ": weight of branch '"
                    + branches.names.get(i)
                    + "' is "
                    + w
                    + "; weights must be finite and >= 0");
          }
          total += w;
        }
        if (!(total > 0)) {
          throw new IllegalArgumentException(
              path + ": branch weights sum to 0; at least one must be > 0");
        }
      }
      List<String> claimed = new ArrayList<>();
      String keyPath = Paths.join(path, branches.key);
      claimed.add(keyPath);
      Set<String> inner = new LinkedHashSet<>();
      for (int i = 0; i < branches.spaces.size(); i++) {
        Space s = branches.spaces.get(i);
        if (!s.derived.isEmpty() || !s.constraints.isEmpty() || !s.base.isEmpty()) {
          throw new IllegalArgumentException(
              path
                  + ": branch '"
                  + branches.names.get(i)
                  + "' has derived values, constraints or a base config; declare those on the outer space");
        }
        for (String p : s.paths) {
          String full = Paths.join(path, p);
          if (full.equals(keyPath) || full.startsWith(keyPath + ".")) {
            throw new IllegalArgumentException(
                path
                    + ": branch '"
                    + branches.names.get(i)
                    + "' has a parameter '"
                    + p
                    + "' that clashes with the branch key '"
                    + branches.key
                    + "'; rename it or choose another key()");
          }
          inner.add(full);
        }
      }
      claimed.addAll(inner);
      claim(path, claimed);
      nodes.add(new OneOf(path, branches.key, branches.names, branches.spaces, branches.weights));
      return this;
    }

    /**
     * Adds coupled values under {@code path}; see {@link Coupled}.
     *
     * @return this builder
     * @throws IllegalArgumentException naming the path if it is not a dotted path of names, is
     *     taken or conflicts with another (one a prefix of the other)
     */
    public Builder add(String path, Coupled coupled) {
      Paths.check(path);
      return addCoupled(path, coupled);
    }

    /**
     * Adds coupled values whose keys are paths from the root.
     *
     * @return this builder
     * @throws IllegalArgumentException naming the path if a key is taken or conflicts with another
     */
    public Builder add(Coupled coupled) {
      return addCoupled("", coupled);
    }

    private Builder addCoupled(String path, Coupled coupled) {
      String where = path.isEmpty() ? "coupled values" : path;
      requireNonNull(coupled, where + ": coupled == null");
      if (coupled.options.isEmpty()) {
        throw new IllegalArgumentException(where + ": coupled values need at least one assignment");
      }
      if (coupled.labels != null && coupled.labels.size() != coupled.options.size()) {
        throw new IllegalArgumentException(
            where
                + ": "
                + coupled.options.size()
                + " assignments but "
                + coupled.labels.size()
                + " labels");
      }
      List<Map<String, Object>> options = new ArrayList<>();
      Set<String> keys = new LinkedHashSet<>();
      for (Map<String, Object> option : coupled.options) {
        if (option.isEmpty()) {
          throw new IllegalArgumentException(
              where + ": coupled assignment " + options.size() + " is empty");
        }
        Map<String, Object> absolute = new LinkedHashMap<>();
        option.forEach((k, v) -> absolute.put(Paths.join(path, k), v));
        keys.addAll(absolute.keySet());
        options.add(Map.copyOf(absolute));
      }
      claim(where, List.copyOf(keys));
      List<Map<String, Object>> ordered = new ArrayList<>();
      for (Map<String, Object> option : options) {
        Map<String, Object> inOrder = new LinkedHashMap<>();
        for (String k : keys) {
          if (option.containsKey(k)) {
            inOrder.put(k, option.get(k));
          }
        }
        ordered.add(Collections.unmodifiableMap(inOrder));
      }
      nodes.add(new CoupledValues(path, List.copyOf(ordered), coupled.labels));
      return this;
    }

    /**
     * Adds every parameter of {@code sub} under {@code path} (plain nesting, no choice).
     *
     * @return this builder
     * @throws IllegalArgumentException naming the path if it is not a dotted path of names, is
     *     taken or conflicts with another (one a prefix of the other), or if {@code sub} has
     *     derived values, constraints or a base config
     */
    public Builder add(String path, Space sub) {
      Paths.check(path);
      requireNonNull(sub, path + ": space == null");
      if (!sub.derived.isEmpty() || !sub.constraints.isEmpty() || !sub.base.isEmpty()) {
        throw new IllegalArgumentException(
            path
                + ": a nested space may not have derived values, constraints or a base config; declare those here");
      }
      for (Node node : sub.nodes) {
        if (node instanceof Param p) {
          add(Paths.join(path, p.path()), p.domain());
        } else if (node instanceof OneOf o) {
          Branches b = Branches.of(interleave(o.names(), o.spaces())).key(o.key());
          add(Paths.join(path, o.path()), o.weights() == null ? b : b.weighted(o.weights()));
        } else if (node instanceof CoupledValues c) {
          Coupled coupled = Coupled.of(relative(c.options(), c.path()));
          if (c.labels() != null) {
            coupled = coupled.labels(c.labels().toArray(String[]::new));
          }
          addCoupled(c.path().isEmpty() ? path : Paths.join(path, c.path()), coupled);
        }
      }
      return this;
    }

    private static Object[] interleave(List<String> names, List<Space> spaces) {
      Object[] out = new Object[names.size() * 2];
      for (int i = 0; i < names.size(); i++) {
        out[2 * i] = names.get(i);
        out[2 * i + 1] = spaces.get(i);
      }
      return out;
    }

    private static List<Map<String, Object>> relative(
        List<Map<String, Object>> options, String prefix) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Map<String, Object> option : options) {
        Map<String, Object> rel = new LinkedHashMap<>();
        option.forEach(
            (k, v) -> rel.put(prefix.isEmpty() ? k : k.substring(prefix.length() + 1), v));
        out.add(rel);
      }
      return out;
    }

    /**
     * Computes a value at {@code path} from the config after sampling; later derivations and
     * constraints see it.
     *
     * @return this builder
     * @throws IllegalArgumentException naming the path if it is not a dotted path of names, is
     *     taken or conflicts with another (one a prefix of the other)
     */
    public Builder derive(String path, Function<Config, ?> function) {
      Paths.check(path);
      requireNonNull(function, path + ": function == null");
      claim(path, List.of(path));
      derived.add(new Derived(path, function));
      return this;
    }

    /**
     * Adds a probe: values measured of each config before it runs (a model's FLOPs, its parameter
     * count), by dotted path. Unlike derived values they are not part of the config the runner
     * gets; constraints see them laid over the config, and populations record them as columns
     * beside the sampled values. Each distinct config is probed once while recent.
     *
     * <pre>{@code
     * builder.probe(c -> Map.of("flops", flops(c), "params", params(c)))
     *        .constraint("fits", c -> c.getDouble("flops") <= 4e9);
     * }</pre>
     *
     * @return this builder
     * @throws NullPointerException if {@code probe} is null
     */
    public Builder probe(Function<Config, ? extends Map<String, ?>> probe) {
      probes.add(requireNonNull(probe, "probe == null"));
      return this;
    }

    /**
     * Adds a named constraint that every config must satisfy.
     *
     * @throws IllegalArgumentException if the name is blank or already used
     * @return this builder
     */
    public Builder constraint(String name, Predicate<Config> test) {
      Constraint c = new Constraint(name, test);
      for (Constraint other : constraints) {
        if (other.name().equals(name)) {
          throw new IllegalArgumentException(
              "constraint '" + name + "' is declared twice; names must be unique");
        }
      }
      constraints.add(c);
      return this;
    }

    /**
     * The config that sampled values are laid over. Default: the empty config.
     *
     * @return this builder
     * @throws NullPointerException if {@code base} is null
     */
    public Builder base(Config base) {
      this.base = requireNonNull(base, "base == null");
      return this;
    }

    /** The space; every part was checked as it was added. */
    public Space build() {
      return new Space(this);
    }

    private void claim(String where, List<String> newPaths) {
      for (String p : newPaths) {
        for (String q : paths) {
          if (p.equals(q)) {
            throw new IllegalArgumentException(where + ": path '" + p + "' is already declared");
          }
          if (p.startsWith(q + ".") || q.startsWith(p + ".")) {
            throw new IllegalArgumentException(
                where
                    + ": path '"
                    + p
                    + "' conflicts with '"
                    + q
                    + "'; one cannot be both a value and a map");
          }
        }
      }
      paths.addAll(newPaths);
    }
  }
}
