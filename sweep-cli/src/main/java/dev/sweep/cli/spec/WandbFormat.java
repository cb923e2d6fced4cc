package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Location;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a W&B sweep file (one with {@code method:}) as the native sweep document it means, with
 * W&B's semantics (its sweeps library and agent): each distribution becomes the native domain
 * that draws the same values, the command's macros become argument templates, {@code metric}
 * becomes the objective, {@code run_cap} the number of trials, {@code early_terminate} the
 * {@code wandb_hyperband} rule. Every node keeps the line and column it came from, so that the
 * native reader's errors point into the W&B file. Options W&B leaves to its agent (slots, SLURM,
 * the folder, retries) go under an optional {@code sweep:} mapping of native fields.
 */
final class WandbFormat implements ForeignFormat {
  static final List<String> KEYS = List.of(
      "method", "metric", "parameters", "run_cap", "early_terminate", "program", "command", "name", "description",
      "project", "entity", "controller", "apiVersion", "kind", "sweep");
  private static final List<String> UNSUPPORTED = List.of("job", "image_uri", "scheduler", "metrics");
  static final List<String> METHODS = List.of("grid", "random", "bayes");
  static final List<String> DISTRIBUTIONS = List.of(
      "constant", "categorical", "categorical_w_probabilities", "int_uniform", "uniform", "q_uniform", "log_uniform",
      "log_uniform_values", "q_log_uniform", "q_log_uniform_values", "inv_log_uniform", "inv_log_uniform_values",
      "normal", "q_normal", "log_normal", "q_log_normal", "beta", "q_beta");
  private static final List<String> GRID_OK = List.of("categorical", "constant", "int_uniform", "q_uniform");
  private static final List<String> MACROS = List.of(
      "${env}", "${interpreter}", "${program}", "${args}", "${args_no_boolean_flags}", "${args_no_hyphens}",
      "${args_no_equals}", "${args_json}", "${args_json_file}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  private static final Pattern ENVVAR = Pattern.compile("\\$\\{envvar:([A-Z0-9_]*)\\}");
  /** W&B's normal is unbounded; native normals are truncated, here where less than 1e-22 lies beyond. */
  private static final double SIGMAS = 10;
  /**
   * bayes runs as a Gaussian process up to this many trials when every parameter is numeric (W&B's
   * method), as TPE otherwise: a process's ask costs O(n^3) in the trials so far.
   */
  static final long GP_TRIALS = 300;

  private final Fields fields;
  private final Function<String, String> environment;
  private boolean categorical; // whether a parameter read so far takes values from a list

  WandbFormat(Fields fields, Function<String, String> environment) {
    this.fields = fields;
    this.environment = environment;
  }

  @Override
  public String name() {
    return "W&B";
  }

  /** A W&B sweep file has {@code method}. */
  @Override
  public boolean recognizes(List<Node> documents) {
    return ForeignFormats.oneMappingWith(documents, "method");
  }

  @Override
  public Mapping toNative(List<Node> documents) {
    return translate((Mapping) documents.get(0));
  }

  private Mapping translate(Mapping root) {
    fields.onlyKeys(root, "W&B sweep", concat(KEYS, UNSUPPORTED));
    for (String key : UNSUPPORTED) {
      fields.optional(root, key).ifPresent(n -> {
        throw fields.error(root.entries().get(key).keyAt(), key, "W&B's '" + key
            + "' needs W&B's servers; Sweep runs methods grid, random and bayes itself (remove '" + key + "')");
      });
    }
    Node methodNode = fields.required(root, "method", "W&B sweep", "one of " + String.join(", ", METHODS));
    String method = fields.string(methodNode, "method");
    if (!METHODS.contains(method)) {
      throw fields.error(methodNode, "method", "unknown method '" + method + "'" + Hints.didYouMean(method, METHODS)
          + " (allowed: " + String.join(", ", METHODS) + (method.equals("custom") ? "; custom needs W&B's servers" : "")
          + ")");
    }
    MappingBuilder out = new MappingBuilder(root.at());
    fields.optional(root, "name").ifPresent(n -> out.put("name", n));
    Optional<Node> metric = fields.optional(root, "metric");
    metric.ifPresent(m -> out.put("objective", objective(m)));
    if (metric.isEmpty() && method.equals("bayes")) {
      throw fields.error(methodNode, "metric", "missing; bayes search needs a metric to optimise: "
          + "metric: {name: val_loss, goal: minimize}");
    }
    Optional<Node> runCap = fields.optional(root, "run_cap");
    runCap.ifPresent(n -> out.put("trials", new Scalar(fields.integerAtLeast(n, "run_cap", 1), n.at())));
    if (runCap.isEmpty() && !method.equals("grid")) {
      throw fields.error(methodNode, "run_cap", "missing; a " + method + " sweep has no end of its own (W&B runs it "
          + "until stopped), so say how many runs to make: run_cap: 50");
    }
    out.put("sampler", switch (method) {
      case "grid" -> new Scalar("grid", methodNode.at());
      case "random" -> new Scalar("random", methodNode.at());
      default -> new Scalar("tpe", methodNode.at());
    });
    fields.optional(root, "early_terminate").ifPresent(n -> {
      if (metric.isEmpty()) {
        throw fields.error(n, "early_terminate", "needs a metric to compare runs by: metric: {name: val_loss}");
      }
      out.put("stopping", earlyTerminate(n));
    });
    Node parameters = fields.required(root, "parameters", "W&B sweep", "the parameters to sweep: parameters: {lr: {values: [0.1, 0.01]}}");
    Mapping params = fields.mapping(parameters, "parameters", "a mapping of parameter names to their distributions");
    List<Param> top = new ArrayList<>();
    out.put("parameters", parameters(params, "", method.equals("grid"), top));
    if (method.equals("bayes") && !categorical && runCap.isPresent()
        && fields.integerAtLeast(runCap.get(), "run_cap", 1) <= GP_TRIALS) {
      out.put("sampler", new Scalar("gp", methodNode.at())); // where the tpe was: W&B's bayes is a Gaussian process
    }
    top.sort(Comparator.comparing(Param::name)); // the agent passes arguments sorted by name
    out.put("command", command(root, top));
    ForeignFormats.pythonValues(root, out);
    ForeignFormats.options(fields, root, out);
    return out.build();
  }

  // ---- metric and early termination

  private Node objective(Node node) {
    Mapping m = fields.mapping(node, "metric", "{name: val_loss, goal: minimize}");
    fields.onlyKeys(m, "metric", List.of("name", "goal", "target", "impute", "impute_while_running"));
    MappingBuilder out = new MappingBuilder(m.at());
    out.put("metric", fields.required(m, "name", "metric", "name the metric: metric: {name: val_loss}"));
    fields.optional(m, "goal").ifPresent(g -> out.put("goal", g));
    fields.optional(m, "target").ifPresent(t -> out.put("target", t));
    return out.build(); // impute: W&B's bayes imputes failed runs; TPE leaves them out, as Optuna does
  }

  private Node earlyTerminate(Node node) {
    Mapping m = fields.mapping(node, "early_terminate", "{type: hyperband, min_iter: 3}");
    fields.onlyKeys(m, "early_terminate", List.of("type", "min_iter", "max_iter", "s", "eta", "strict"));
    Node type = fields.required(m, "type", "early_terminate", "type: hyperband");
    if (!"hyperband".equals(type.plain())) {
      throw fields.error(type, "early_terminate.type", "unknown type " + type.describe() + " (allowed: hyperband)");
    }
    if (!m.entries().containsKey("min_iter") && !m.entries().containsKey("max_iter")) {
      throw fields.error(m, "early_terminate", "hyperband needs min_iter, or max_iter and s");
    }
    MappingBuilder out = new MappingBuilder(m.at());
    out.put("type", new Scalar("wandb_hyperband", type.at()));
    for (String key : List.of("min_iter", "max_iter", "s", "eta", "strict")) {
      if (key.equals("min_iter") && m.entries().containsKey("max_iter")) {
        continue; // W&B takes max_iter and s when both are given
      }
      fields.optional(m, key).ifPresent(v -> out.put(key, m.entries().get(key).keyAt(), v));
    }
    return out.build();
  }

  // ---- parameters

  /** A top-level parameter, for the command's argument macros. */
  private record Param(String name, boolean bool) {}

  private Mapping parameters(Mapping map, String prefix, boolean grid, List<Param> top) {
    if (map.entries().isEmpty()) {
      throw fields.error(map, prefix.isEmpty() ? "parameters" : prefix, "needs at least one parameter");
    }
    List<Entry> entries = new ArrayList<>(map.entries().values());
    if (grid) { // W&B's grid sorts by name at each level, the last varying fastest, as the native grid does
      entries.sort(Comparator.comparing(Entry::key));
    }
    MappingBuilder out = new MappingBuilder(map.at());
    for (Entry e : entries) {
      String path = prefix.isEmpty() ? e.key() : prefix + "." + e.key();
      if (!NAME.matcher(e.key()).matches()) {
        throw fields.error(e.keyAt(), path, "W&B parameter names match [A-Za-z_][A-Za-z0-9_.-]*; '" + e.key() + "' does not");
      }
      Mapping p = fields.mapping(e.value(), path, "a distribution such as {values: [1, 2]}, {min: 0, max: 1} "
          + "or {parameters: {…}} for a nested block");
      Node domain;
      boolean bool = false;
      if (p.entries().containsKey("parameters")) {
        fields.onlyKeys(p, path, List.of("parameters"));
        domain = parameters(fields.mapping(p.entries().get("parameters").value(), path + ".parameters",
            "a mapping of nested parameters"), path, grid, new ArrayList<>());
      } else {
        String distribution = distribution(p, path);
        categorical |= distribution.startsWith("categorical");
        if (grid && !GRID_OK.contains(distribution)) {
          throw fields.error(p, path, "parameter " + path + " is a " + distribution + ", which grid search does not "
              + "allow: grid search requires all parameters to be categorical, constant, int_uniform, or q_uniform "
              + "(and categorical without probabilities)");
        }
        domain = domain(p, distribution, path, grid);
        bool = isBoolean(p, distribution);
      }
      out.put(e.key(), e.keyAt(), domain);
      if (prefix.isEmpty()) {
        top.add(new Param(e.key(), bool));
      }
    }
    return out.build();
  }

  /** The distribution named, or the one W&B infers from the keys, checking its keys as W&B's schema does. */
  private String distribution(Mapping p, String path) {
    Optional<Node> named = fields.optional(p, "distribution");
    String d;
    if (named.isPresent()) {
      d = fields.string(named.get(), path + ".distribution");
      if (!DISTRIBUTIONS.contains(d)) {
        throw fields.error(named.get(), path + ".distribution", "unknown distribution '" + d + "'"
            + Hints.didYouMean(d, DISTRIBUTIONS) + " (allowed: " + String.join(", ", DISTRIBUTIONS) + ")");
      }
    } else if (p.entries().containsKey("values")) {
      d = p.entries().containsKey("probabilities") ? "categorical_w_probabilities" : "categorical";
    } else if (p.entries().containsKey("value")) {
      d = "constant";
    } else if (p.entries().containsKey("min") && p.entries().containsKey("max")) {
      boolean ints = p.entries().get("min").value().plain() instanceof Long
          && p.entries().get("max").value().plain() instanceof Long;
      d = ints ? "int_uniform" : "uniform";
    } else {
      throw fields.error(p, path, "cannot tell the distribution from the keys " + p.entries().keySet()
          + "; W&B infers categorical from values, constant from value, int_uniform or uniform from min and max; "
          + "otherwise give distribution: (one of " + String.join(", ", DISTRIBUTIONS) + ")");
    }
    fields.onlyKeys(p, path, concat(List.of("distribution"), keysOf(d)));
    return d;
  }

  private static List<String> keysOf(String distribution) {
    return switch (distribution) {
      case "constant" -> List.of("value");
      case "categorical" -> List.of("values");
      case "categorical_w_probabilities" -> List.of("values", "probabilities");
      case "int_uniform", "uniform", "log_uniform", "log_uniform_values", "inv_log_uniform", "inv_log_uniform_values" ->
          List.of("min", "max");
      case "q_uniform", "q_log_uniform", "q_log_uniform_values" -> List.of("min", "max", "q");
      case "normal", "log_normal" -> List.of("mu", "sigma");
      case "q_normal", "q_log_normal" -> List.of("mu", "sigma", "q");
      case "beta" -> List.of("a", "b");
      default -> List.of("a", "b", "q"); // q_beta
    };
  }

  private Node domain(Mapping p, String d, String path, boolean grid) {
    Location at = p.at();
    MappingBuilder out = new MappingBuilder(at);
    switch (d) {
      case "constant" -> out.put("constant", fields.required(p, "value", path, "constant needs value"));
      case "categorical" -> out.put("choice", values(p, path));
      case "categorical_w_probabilities" -> {
        Sequence values = values(p, path);
        Sequence probabilities = fields.list(fields.required(p, "probabilities", path, "one per value"),
            path + ".probabilities", "a list of probabilities, one per value");
        if (probabilities.items().size() != values.items().size()) {
          throw fields.error(probabilities, path + ".probabilities", "has " + probabilities.items().size()
              + " probabilities for " + values.items().size() + " values; they are not the same length");
        }
        double sum = 0;
        for (Node n : probabilities.items()) {
          double v = fields.number(n, path + ".probabilities");
          if (!(v >= 0)) {
            throw fields.error(n, path + ".probabilities", "a probability is at least 0, found " + v);
          }
          sum += v;
        }
        if (Math.abs(sum - 1) > 1e-8 + 1e-5) { // numpy.isclose(sum, 1), as W&B checks
          throw fields.error(probabilities, path + ".probabilities", "the probabilities sum to " + sum + ", not 1");
        }
        out.put("choice", values);
        out.put("weights", probabilities);
      }
      case "int_uniform" -> {
        long[] r = intRange(p, path);
        out.put("int", sequence(at, r[0], r[1]));
      }
      case "uniform" -> {
        double[] r = range(p, path);
        out.put("uniform", sequence(at, r[0], r[1]));
      }
      case "q_uniform" -> {
        double[] r = range(p, path);
        Node q = q(p, path);
        if (grid) { // numpy.arange(min, max, q): min + i q below max
          List<Object> points = new ArrayList<>();
          BigDecimal step = BigDecimal.valueOf(((Number) q.plain()).doubleValue());
          boolean ints = q.plain() instanceof Long && r[0] == Math.rint(r[0]);
          for (BigDecimal v = BigDecimal.valueOf(r[0]); v.doubleValue() < r[1]; v = v.add(step)) {
            points.add(ints ? (Object) v.longValue() : (Object) v.doubleValue());
          }
          out.put("choice", new Sequence(points.stream().map(v -> (Node) new Scalar(v, q.at())).toList(), at));
        } else if (q.plain() instanceof Long step) { // W&B gives ints for an integer q
          out.put("multiple_of", multipleOf(at, step, r[0], r[1], p, path));
        } else {
          out.put("uniform", sequence(at, r[0], r[1]));
          out.put("step", q);
        }
      }
      case "log_uniform", "q_log_uniform" -> {
        double[] r = range(p, path);
        logUniform(out, at, Math.exp(r[0]), Math.exp(r[1]), d.startsWith("q_") ? q(p, path) : null, path, p);
      }
      case "log_uniform_values", "q_log_uniform_values", "inv_log_uniform_values" -> {
        double[] r = positiveRange(p, path);
        logUniform(out, at, r[0], r[1], d.startsWith("q_") ? q(p, path) : null, path, p);
      }
      case "inv_log_uniform" -> { // exp(-U(min, max))
        double[] r = range(p, path);
        logUniform(out, at, Math.exp(-r[1]), Math.exp(-r[0]), null, path, p);
      }
      case "normal", "q_normal", "log_normal", "q_log_normal" -> {
        double mu = number(p, "mu", 0, path);
        double sigma = number(p, "sigma", 1, path);
        if (sigma < 0) {
          throw fields.error(p.entries().get("sigma").value(), path + ".sigma", "wanted sigma >= 0, found " + sigma);
        }
        boolean log = d.contains("log");
        if (sigma == 0) { // a point mass
          out.put("constant", new Scalar(log ? Math.exp(mu) : mu, at));
          break;
        }
        MappingBuilder args = new MappingBuilder(at);
        args.put(log ? "mu" : "mean", new Scalar(mu, at));
        args.put(log ? "sigma" : "sd", new Scalar(sigma, at));
        double lo = mu - SIGMAS * sigma;
        double hi = mu + SIGMAS * sigma;
        args.put("min", new Scalar(log ? Math.exp(lo) : lo, at));
        args.put("max", new Scalar(log ? Math.exp(hi) : hi, at));
        if (log && !(Math.exp(hi) < Double.POSITIVE_INFINITY && Math.exp(lo) > 0)) {
          throw fields.error(p, path, "exp(mu ± 10 sigma) leaves the range of doubles; mu " + mu + ", sigma " + sigma);
        }
        out.put(log ? "log_normal" : "normal", args.build());
        if (d.startsWith("q_")) {
          out.put("step", q(p, path));
        }
      }
      default -> { // beta, q_beta
        double a = number(p, "a", 1, path);
        double b = number(p, "b", 1, path);
        MappingBuilder args = new MappingBuilder(at);
        args.put("a", new Scalar(a, at));
        args.put("b", new Scalar(b, at));
        out.put("beta", args.build());
        if (d.equals("q_beta")) {
          out.put("step", q(p, path));
        }
      }
    }
    return out.build();
  }

  private void logUniform(MappingBuilder out, Location at, double lo, double hi, Node q, String path, Mapping p) {
    if (q != null && q.plain() instanceof Long step && step == 1) { // whole numbers on a log scale, as ints
      long a = (long) Math.max(1, Math.ceil(lo - 0.5));
      long b = (long) Math.floor(hi + 0.5);
      if (a >= b) {
        throw fields.error(p, path, "holds no two whole numbers between " + lo + " and " + hi);
      }
      out.put("int_log", sequence(at, a, b));
      return;
    }
    out.put("log_uniform", sequence(at, lo, hi));
    if (q != null) {
      out.put("step", q);
    }
  }

  private Node multipleOf(Location at, long step, double lo, double hi, Mapping p, String path) {
    long first = (long) (Math.rint(lo / step) * step); // round(X / q) q of the range's ends
    long last = (long) (Math.rint(hi / step) * step);
    MappingBuilder args = new MappingBuilder(at);
    args.put("of", new Scalar(step, at));
    args.put("min", new Scalar(first, at));
    args.put("max", new Scalar(last, at));
    if (first >= last) {
      throw fields.error(p, path, "holds a single multiple of " + step + " between " + lo + " and " + hi);
    }
    return args.build();
  }

  private Sequence values(Mapping p, String path) {
    Sequence values = fields.list(fields.required(p, "values", path, "a list of values"), path + ".values", "a list of values");
    if (values.items().isEmpty()) {
      throw fields.error(values, path + ".values", "needs at least one value");
    }
    return values;
  }

  private Node q(Mapping p, String path) {
    Node q = p.entries().containsKey("q") ? p.entries().get("q").value() : new Scalar(1.0, p.at()); // W&B's default q is 1.0
    double v = fields.number(q, path + ".q");
    if (!(v > 0)) {
      throw fields.error(q, path + ".q", "wanted q > 0, found " + v);
    }
    return q;
  }

  private double number(Mapping p, String key, double otherwise, String path) {
    return fields.optional(p, key).map(n -> fields.number(n, path + "." + key)).orElse(otherwise);
  }

  private double[] range(Mapping p, String path) {
    double min = fields.number(fields.required(p, "min", path, "give min and max"), path + ".min");
    double max = fields.number(fields.required(p, "max", path, "give min and max"), path + ".max");
    if (!(min < max)) {
      throw fields.error(p, path, "min " + plain(p, "min") + " is not less than max " + plain(p, "max"));
    }
    return new double[] {min, max};
  }

  private double[] positiveRange(Mapping p, String path) {
    double[] r = range(p, path);
    if (!(r[0] > 0)) {
      throw fields.error(p.entries().get("min").value(), path + ".min", "a log scale needs min > 0, found " + plain(p, "min"));
    }
    return r;
  }

  private long[] intRange(Mapping p, String path) {
    long min = fields.integer(fields.required(p, "min", path, "give min and max"), path + ".min");
    long max = fields.integer(fields.required(p, "max", path, "give min and max"), path + ".max");
    if (!(min < max)) {
      throw fields.error(p, path, "min " + min + " is not less than max " + max);
    }
    return new long[] {min, max};
  }

  private static Object plain(Mapping p, String key) {
    return p.entries().get(key).value().plain();
  }

  private static boolean isBoolean(Mapping p, String distribution) {
    if (distribution.equals("constant")) {
      return p.entries().get("value").value().plain() instanceof Boolean;
    }
    if (distribution.startsWith("categorical")) {
      Sequence values = (Sequence) p.entries().get("values").value();
      return values.items().stream().allMatch(n -> n.plain() instanceof Boolean);
    }
    return false;
  }

  // ---- the command

  /**
   * The argv of {@code command} (default {@code ${env} ${interpreter} ${program} ${args}}) with its
   * macros expanded as W&B's agent does: a macro is a whole item; {@code ${envvar:NAME}} may stand
   * anywhere and becomes the variable's value, or NAME when it is unset.
   */
  private Node command(Mapping root, List<Param> top) {
    Optional<Node> commandNode = fields.optional(root, "command");
    Optional<Node> program = fields.optional(root, "program");
    Location at = commandNode.or(() -> program).map(Node::at).orElse(root.at());
    List<Node> items = new ArrayList<>();
    if (commandNode.isPresent()) {
      Sequence list = fields.list(commandNode.get(), "command", "a list of words: [\"${env}\", \"${interpreter}\", \"${program}\", \"${args}\"]");
      items.addAll(list.items());
    } else {
      for (String macro : List.of("${env}", "${interpreter}", "${program}", "${args}")) {
        items.add(new Scalar(macro, at));
      }
    }
    Optional<String> python = ForeignFormats.python(environment);
    List<Node> argv = new ArrayList<>();
    for (Node item : items) {
      String word = item.plain() == null ? "None" : String.valueOf(item.plain());
      Location where = item.at();
      if (word.startsWith("${") && word.endsWith("}") && !ENVVAR.matcher(word).matches()) {
        switch (word) {
          case "${env}" -> argv.add(new Scalar("/usr/bin/env", where));
          case "${interpreter}" -> argv.add(new Scalar(python.orElseThrow(() -> fields.error(where, "command",
              "${interpreter} is python, and neither python nor python3 is on the PATH")), where));
          case "${program}" -> {
            Node p = program.orElseThrow(() -> fields.error(where, "program", "missing; the command "
                + (commandNode.isPresent() ? "" : "(by default ${env} ${interpreter} ${program} ${args}) ")
                + "runs ${program}: program: train.py"));
            argv.add(new Scalar(escape(fields.string(p, "program")), p.at()));
          }
          case "${args}", "${args_no_hyphens}", "${args_no_boolean_flags}", "${args_no_equals}" -> {
            for (Param param : top) {
              String value = "{" + param.name() + "}";
              switch (word) {
                case "${args}" -> argv.add(new Scalar("--" + param.name() + "=" + value, where));
                case "${args_no_hyphens}" -> argv.add(new Scalar(param.name() + "=" + value, where));
                case "${args_no_boolean_flags}" -> argv.add(new Scalar(
                    param.bool() ? "[" + param.name() + "]" : "--" + param.name() + "=" + value, where));
                default -> {
                  argv.add(new Scalar("--" + param.name(), where));
                  argv.add(new Scalar(value, where));
                }
              }
            }
          }
          case "${args_json}" -> argv.add(new Scalar("{_config_json}", where));
          case "${args_json_file}" -> argv.add(new Scalar("{_config}", where));
          default -> throw fields.error(where, "command", "unknown macro " + word + Hints.didYouMean(word, MACROS)
              + " (W&B's agent would drop it silently; the macros are " + String.join(", ", MACROS)
              + " and ${envvar:NAME})");
        }
      } else {
        argv.add(new Scalar(escape(envvars(word)), where));
      }
    }
    return new Sequence(argv, at);
  }

  private String envvars(String word) {
    Matcher m = ENVVAR.matcher(word);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = environment.apply(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group(1) : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Literal text in a native template: braces doubled. */
  private static String escape(String text) {
    return text.replace("{", "{{").replace("}", "}}");
  }

  private static Sequence sequence(Location at, Object a, Object b) {
    return new Sequence(List.of(new Scalar(a, at), new Scalar(b, at)), at);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
