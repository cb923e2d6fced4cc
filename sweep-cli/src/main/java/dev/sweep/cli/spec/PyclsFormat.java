package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Location;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads a pycls sweep config (one with {@code SETUP:}) as the native document it means: the
 * samplers as domains (pycls's validation rules and messages), {@code BASE_CFG} as the base
 * config, {@code NUM_CONFIGS} trials from {@code RNG_SEED}, the job as pycls's
 * {@code tools/run_net.py} with the trial's config, ranked by the {@code min_top1_err} of its
 * {@code json_stats} test lines, and {@code LAUNCH} as a SLURM array. See
 * docs/pycls-sweep-format.md for pycls's semantics and what is not read yet.
 */
final class PyclsFormat implements ForeignFormat {
  static final List<String> KEYS = List.of("ROOT_DIR", "NAME", "DESC", "NUM_PROC", "RUN_MODE", "SETUP", "LAUNCH",
      "COLLECT", "ANALYZE", "sweep");
  static final List<String> SETUP_KEYS = List.of("NUM_CONFIGS", "NUM_SAMPLES", "CHUNK_SIZE", "RNG_SEED", "BASE_CFG",
      "SAMPLERS", "CONSTRAINTS");
  static final List<String> LAUNCH_KEYS = List.of("PARTITION", "NUM_GPUS", "CPUS_PER_GPU", "MEM_PER_GPU", "GPU_TYPE",
      "TIME_LIMIT", "PARALLEL_JOBS", "MAX_RETRY", "COMMENT", "CONDA_ENV", "MODE", "SCRIPT");
  static final List<String> TYPES = List.of("value_sampler", "float_sampler", "int_sampler", "list_sampler", "regnet_sampler");
  static final List<String> RAND_TYPES = List.of("uniform", "log_uniform", "power2_uniform", "power2_or_log_uniform",
      "normal", "log_normal");
  /** The metric of pycls's test lines that its analysis ranks by: the running minimum of the top-1 error. */
  static final String METRIC = "min_top1_err";

  private final Fields fields;
  private final Function<String, String> environment;
  private double distinct = 1; // how many distinct configs the samplers can give (infinite when continuous)

  PyclsFormat(Fields fields, Function<String, String> environment) {
    this.fields = fields;
    this.environment = environment;
  }

  @Override
  public String name() {
    return "pycls";
  }

  /** A pycls sweep config has {@code SETUP}. */
  @Override
  public boolean recognizes(List<Node> documents) {
    return ForeignFormats.oneMappingWith(documents, "SETUP");
  }

  @Override
  public Mapping toNative(List<Node> documents) {
    Mapping root = (Mapping) documents.get(0);
    String python = ForeignFormats.python(environment).orElse("python");
    fields.onlyKeys(root, "pycls sweep", KEYS);
    String rootDir = fields.text(fields.required(root, "ROOT_DIR", "pycls sweep", "ROOT_DIR has to be specified."), "ROOT_DIR");
    Node nameNode = fields.required(root, "NAME", "pycls sweep", "NAME has to be specified.");
    String name = fields.text(nameNode, "NAME");
    Mapping setup = fields.mapping(root.entries().get("SETUP").value(), "SETUP", "a mapping: {NUM_CONFIGS: 64, SAMPLERS: …, BASE_CFG: …}");
    fields.onlyKeys(setup, "SETUP", SETUP_KEYS);
    Node numConfigs = fields.required(setup, "NUM_CONFIGS", "SETUP", "SETUP.NUM_CONFIGS has to be specified.");
    long configs = fields.integerAtLeast(numConfigs, "SETUP.NUM_CONFIGS", 1);
    long seed = fields.optional(setup, "RNG_SEED").map(n -> fields.integer(n, "SETUP.RNG_SEED")).orElse(0L);
    constraints(setup);
    Optional<Node> stages = regnetStages(setup);

    MappingBuilder out = new MappingBuilder(root.at());
    out.put("name", new Scalar(name.replace('/', '-'), nameNode.at()));
    out.put("directory", new Scalar(rootDir.endsWith("/") ? rootDir + name : rootDir + "/" + name, nameNode.at()));
    out.put("objective", new MappingBuilder(root.at()).put("metric", new Scalar(METRIC, root.at())).build());
    out.put("trials", new Scalar(configs, numConfigs.at()));
    fields.optional(setup, "BASE_CFG").ifPresent(b -> out.put("base",
        fields.mapping(b, "SETUP.BASE_CFG", "a pycls config: {OPTIM: {BASE_LR: 0.1}, …}")));
    Mapping samplers = fields.mapping(fields.required(setup, "SAMPLERS", "SETUP", "the parameters to sample"),
        "SETUP.SAMPLERS", "a mapping of config key to sampler: {OPTIM.BASE_LR: {TYPE: float_sampler, …}}");
    MappingBuilder parameters = new MappingBuilder(samplers.at());
    for (Entry e : samplers.entries().values()) {
      Mapping sampler = fields.mapping(e.value(), "SETUP.SAMPLERS." + e.key(), "{TYPE: float_sampler, RAND_TYPE: …, RANGE: […], QUANTIZE: …}");
      parameters.put(e.key(), e.keyAt(), sampler(sampler, e.key()));
    }
    out.put("parameters", parameters.build());
    stages.ifPresent(c -> out.put("constraints", new Sequence(List.of(c), c.at())));
    // pycls keeps distinct configs only: a space with no more of them than NUM_CONFIGS is run whole, as a grid
    if (distinct < configs) {
      throw fields.error(numConfigs, "SETUP.NUM_CONFIGS", "the samplers give only " + (long) distinct + " distinct configs, "
          + "and NUM_CONFIGS asks for " + configs + " (pycls would silently make fewer)");
    }
    out.put("sampler", distinct == configs ? new Scalar("grid", setup.at())
        : new MappingBuilder(setup.at()).put("type", new Scalar("random", setup.at())).put("seed", new Scalar(seed, setup.at())).build());
    Mapping launch = fields.optional(root, "LAUNCH")
        .map(n -> fields.mapping(n, "LAUNCH", "{PARTITION: …, NUM_GPUS: 1, …}")).orElse(new Mapping(java.util.Map.of(), root.at()));
    fields.onlyKeys(launch, "LAUNCH", LAUNCH_KEYS);
    String mode = fields.optional(launch, "MODE").map(n -> fields.text(n, "LAUNCH.MODE"))
        .or(() -> fields.optional(root, "RUN_MODE").map(n -> fields.text(n, "RUN_MODE"))).orElse("train");
    String script = fields.optional(launch, "SCRIPT").map(n -> fields.text(n, "LAUNCH.SCRIPT")).orElse("tools/run_net.py");
    Location at = root.at();
    out.put("command", new Sequence(List.of(new Scalar(python, at), new Scalar(script, at), new Scalar("--mode", at),
        new Scalar(mode, at), new Scalar("--cfg", at), new Scalar("{_config}", at), new Scalar("OUT_DIR", at),
        new Scalar("{_output}", at)), at));
    out.put("parse", new MappingBuilder(at).put(METRIC, new Scalar(
        "json_stats: \\{\"_type\": \"test_epoch\".*\"" + METRIC + "\": ([0-9.eE+-]+)", at)).build());
    Entry options = root.entries().get("sweep");
    boolean local = options != null && options.value() instanceof Mapping m
        && (m.entries().containsKey("slots") || m.entries().containsKey("slurm")); // the user's, not LAUNCH's
    if (!local) {
      out.put("slurm", slurm(launch));
      long retries = fields.optional(launch, "MAX_RETRY").map(n -> fields.integerAtLeast(n, "LAUNCH.MAX_RETRY", 0)).orElse(3L);
      out.put("retries", new Scalar(retries, launch.at()));
    }
    fields.optional(root, "ANALYZE").ifPresent(a -> out.put("analyze", analyze(fields.mapping(a, "ANALYZE", "pycls's analysis options"))));
    ForeignFormats.options(fields, root, out);
    return out.build();
  }

  static final List<String> ANALYZE_KEYS = List.of("METRICS", "COMPLEXITY", "PLOT_METRIC_VALUES", "PLOT_METRIC_TRENDS",
      "PLOT_COMPLEXITY_VALUES", "PLOT_COMPLEXITY_TRENDS", "PLOT_CURVES_BEST", "PLOT_CURVES_WORST", "PLOT_MODELS_BEST",
      "PLOT_MODELS_WORST", "PRE_FILTERS", "SPLIT_FILTERS", "EXTRA_SWEEP_NAMES");

  /**
   * PRE_FILTERS drop jobs before pycls's analysis. One on {@code done} (the share of a job's
   * epochs run) that keeps finished jobs, such as pycls's examples' {@code [1, 1, 1]} and
   * {@code [0, 1, 1]}, is close to what Sweep's analysis does anyway: it ranks completed trials
   * and counts the others. Any other would drop trials that the page shows, so it is an error
   * rather than ignored.
   */
  private void preFilters(Node n) {
    Mapping filters = fields.mapping(n, "ANALYZE.PRE_FILTERS", "{metric: [min, med, max]}");
    for (Entry f : filters.entries().values()) {
      String field = "ANALYZE.PRE_FILTERS." + f.key();
      double[] v = fields.numbers(f.value(), field, 3, "[min, med, max]");
      if (!(f.key().equals("done") && v[0] <= 1 && v[2] >= 1)) {
        throw fields.error(f.keyAt(), field, "Sweep's analysis keeps no pre-filter but one on done that keeps finished "
            + "jobs, such as [1, 1, 1] (it ranks completed trials); to look at a subset, give sweep analyze --filter "
            + "PARAM=VALUE, or remove this filter");
      }
    }
  }

  /** ANALYZE as the defaults of {@code sweep analyze}: how many curves and best models, the one-value split filters. */
  private Mapping analyze(Mapping a) {
    fields.onlyKeys(a, "ANALYZE", ANALYZE_KEYS);
    MappingBuilder out = new MappingBuilder(a.at());
    long curves = Math.max(count(a, "PLOT_CURVES_BEST"), count(a, "PLOT_CURVES_WORST"));
    if (curves > 0) {
      out.put("curves", new Scalar(curves, a.at()));
    }
    long models = Math.max(count(a, "PLOT_MODELS_BEST"), count(a, "PLOT_MODELS_WORST"));
    if (models > 0) {
      out.put("top", new Scalar(models, a.at()));
    }
    fields.optional(a, "PRE_FILTERS").ifPresent(this::preFilters);
    fields.optional(a, "SPLIT_FILTERS").ifPresent(n -> {
      List<Node> filters = new ArrayList<>();
      for (Entry split : fields.mapping(n, "ANALYZE.SPLIT_FILTERS", "{name: {metric: [min, med, max]}}").entries().values()) {
        Mapping bounds = fields.mapping(split.value(), "ANALYZE.SPLIT_FILTERS." + split.key(), "{metric: [min, med, max]}");
        for (Entry b : bounds.entries().values()) {
          double[] v = fields.numbers(b.value(), "ANALYZE.SPLIT_FILTERS." + split.key() + "." + b.key(), 3, "[min, med, max]");
          if (v[0] == v[2] && b.key().startsWith("cfg.")) { // one value of a config key: a filter of the page
            Object value = ((Sequence) b.value()).items().get(0).plain();
            filters.add(new Scalar(b.key().substring("cfg.".length()) + "=" + value, b.keyAt()));
          }
        }
      }
      if (!filters.isEmpty()) {
        out.put("filters", new Sequence(filters, n.at()));
      }
    });
    return out.build();
  }

  private long count(Mapping a, String key) {
    return fields.optional(a, key).map(n -> fields.integerAtLeast(n, "ANALYZE." + key, 0)).orElse(0L);
  }

  /** pycls's LAUNCH as SLURM resources: per GPU figures times NUM_GPUS, minutes, the array's throttle. */
  private Mapping slurm(Mapping launch) {
    long gpus = number(launch, "NUM_GPUS", 1);
    MappingBuilder slurm = new MappingBuilder(launch.at());
    slurm.put("partition", new Scalar(fields.optional(launch, "PARTITION").map(n -> fields.text(n, "LAUNCH.PARTITION"))
        .orElse("learnfair"), launch.at()));
    slurm.put("gpus", new Scalar(gpus, launch.at()));
    slurm.put("cpus_per_task", new Scalar(number(launch, "CPUS_PER_GPU", 10) * gpus, launch.at()));
    slurm.put("memory", new Scalar(number(launch, "MEM_PER_GPU", 60) * gpus + "G", launch.at()));
    slurm.put("constraint", new Scalar(fields.optional(launch, "GPU_TYPE").map(n -> fields.text(n, "LAUNCH.GPU_TYPE"))
        .orElse("volta"), launch.at()));
    slurm.put("time", new Scalar(number(launch, "TIME_LIMIT", 4200) + "min", launch.at()));
    slurm.put("throttle", new Scalar(number(launch, "PARALLEL_JOBS", 128), launch.at()));
    return slurm.build();
  }

  private long number(Mapping m, String key, long otherwise) {
    return fields.optional(m, key).map(n -> fields.integerAtLeast(n, "LAUNCH." + key, 1)).orElse(otherwise);
  }

  /** CX needs the model's complexity, which only pycls computes; REGNET.NUM_STAGES the RegNet generator. */
  private void constraints(Mapping setup) {
    fields.optional(setup, "CONSTRAINTS").ifPresent(n -> {
      Mapping c = fields.mapping(n, "SETUP.CONSTRAINTS", "{CX: {FLOPS: [lo, hi], …}, REGNET: {NUM_STAGES: [lo, hi]}}");
      fields.onlyKeys(c, "SETUP.CONSTRAINTS", List.of("CX", "REGNET"));
      fields.optional(c, "CX").ifPresent(cx -> {
        Mapping m = fields.mapping(cx, "SETUP.CONSTRAINTS.CX", "{FLOPS: [lo, hi], PARAMS: [lo, hi], ACTS: [lo, hi]}");
        fields.onlyKeys(m, "SETUP.CONSTRAINTS.CX", List.of("FLOPS", "PARAMS", "ACTS"));
        for (Entry e : m.entries().values()) {
          double[] r = fields.numbers(e.value(), "SETUP.CONSTRAINTS.CX." + e.key(), 2, "[lo, hi]");
          if (r[0] != 0 || r[1] != 0) {
            throw fields.error(e.value(), "SETUP.CONSTRAINTS.CX." + e.key(), "needs the model's " + e.key().toLowerCase(Locale.ROOT)
                + ", which only pycls computes by building it: run this sweep from Java with a Constraint on the space "
                + "that calls it (see docs/pycls-sweep-format.md), or remove CX");
          }
        }
      });
    });
  }

  /**
   * pycls keeps a RegNet config only if its widths fill every stage and the stage count is in
   * {@code CONSTRAINTS.REGNET.NUM_STAGES} ([4, 4] unless set). With the RegNet parameters fixed in
   * BASE_CFG that holds for every config or for none, so it is checked here, once; with some of
   * them sampled it is the sweep's constraint, {@code REGNET_STAGES(…)} (see ConstraintReader).
   */
  private Optional<Node> regnetStages(Mapping setup) {
    Mapping base = fields.optional(setup, "BASE_CFG").filter(Mapping.class::isInstance).map(Mapping.class::cast)
        .orElse(new Mapping(java.util.Map.of(), setup.at()));
    Object type = at(base, "MODEL", "TYPE");
    if (!"regnet".equals(type)) {
      return Optional.empty();
    }
    Node rangeNode = null;
    long[] range = {4, 4};
    if (fields.optional(setup, "CONSTRAINTS").orElse(null) instanceof Mapping c && c.entries().get("REGNET") != null) {
      Mapping r = fields.mapping(c.entries().get("REGNET").value(), "SETUP.CONSTRAINTS.REGNET", "{NUM_STAGES: [lo, hi]}");
      fields.onlyKeys(r, "SETUP.CONSTRAINTS.REGNET", List.of("NUM_STAGES"));
      rangeNode = fields.optional(r, "NUM_STAGES").orElse(null);
      if (rangeNode != null) {
        range = fields.integers(rangeNode, "SETUP.CONSTRAINTS.REGNET.NUM_STAGES", 2, "[lo, hi]");
      }
    }
    Node where = rangeNode != null ? rangeNode : base;
    String[] names = {"DEPTH", "W0", "WA", "WM"};
    java.util.Set<String> sampled = sampledRegnet(setup);
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) {
      Object x = at(base, "REGNET", names[i]);
      if (sampled.contains(names[i])) {
        continue;
      }
      if (!(x instanceof Number n)) {
        throw fields.error(base, "SETUP.BASE_CFG.REGNET." + names[i], "a RegNet model's " + names[i]
            + " is needed to check its stages; give it in BASE_CFG or sample it");
      }
      v[i] = n.doubleValue();
    }
    if (!sampled.isEmpty()) {
      String stages = "REGNET_STAGES(REGNET.DEPTH, REGNET.W0, REGNET.WA, REGNET.WM)";
      String test = range[0] == range[1] ? stages + " == " + range[0]
          : stages + " >= " + range[0] + " && " + stages + " <= " + range[1];
      return Optional.of(new Scalar(test, where.at()));
    }
    int[] stages = regnetStages(v[2], v[1], v[3], (int) v[0]);
    if (stages[0] != stages[1] || stages[0] < range[0] || stages[0] > range[1]) {
      throw fields.error(where, "SETUP.CONSTRAINTS.REGNET.NUM_STAGES", "no config can pass: BASE_CFG's RegNet (DEPTH "
          + (long) v[0] + ", W0 " + v[1] + ", WA " + v[2] + ", WM " + v[3] + ") has " + stages[0] + " stages of "
          + stages[1] + ", not " + range[0] + " to " + range[1] + " (pycls would silently make no config)");
    }
    return Optional.empty();
  }

  /** Which of DEPTH, W0, WA and WM the samplers draw: all with a regnet_sampler, else those named REGNET.X. */
  private static java.util.Set<String> sampledRegnet(Mapping setup) {
    java.util.Set<String> out = new java.util.HashSet<>();
    if (setup.entries().get("SAMPLERS") != null && setup.entries().get("SAMPLERS").value() instanceof Mapping samplers) {
      for (String key : samplers.entries().keySet()) {
        if (key.equals("REGNET")) {
          out.addAll(REGNET_SAMPLER.keySet());
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
    java.util.Set<Long> widths = new java.util.TreeSet<>();
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

  private Node sampler(Mapping s, String key) {
    String field = "SETUP.SAMPLERS." + key;
    Node typeNode = fields.optional(s, "TYPE").orElseThrow(() -> fields.error(s, field,
        "Sampler for '" + key + "' has an unknown or missing TYPE (" + String.join(", ", TYPES) + ")"));
    String type = fields.string(typeNode, field + ".TYPE");
    Location at = s.at();
    switch (type) {
      case "value_sampler" -> {
        fields.onlyKeys(s, field, List.of("TYPE", "VALUES"));
        Sequence values = fields.list(fields.required(s, "VALUES", field, "the values"), field + ".VALUES", "a list of values");
        if (values.items().isEmpty()) {
          throw fields.error(values, field + ".VALUES", "needs at least one value");
        }
        distinct *= values.items().size();
        return new MappingBuilder(at).put("choice", values).build();
      }
      case "list_sampler" -> {
        fields.onlyKeys(s, field, List.of("TYPE", "LENGTH", "ITEM_SAMPLER"));
        Node length = fields.required(s, "LENGTH", field, "how many items");
        Mapping item = fields.mapping(fields.required(s, "ITEM_SAMPLER", field, "the sampler of each item"),
            field + ".ITEM_SAMPLER", "a sampler");
        double before = distinct;
        distinct = 1;
        Node items = sampler(item, key + ".ITEM_SAMPLER");
        distinct = before * Math.pow(distinct, fields.integerAtLeast(length, field + ".LENGTH", 0));
        return new MappingBuilder(at).put("list", items).put("length", length).build();
      }
      case "int_sampler", "float_sampler" -> {
        fields.onlyKeys(s, field, List.of("TYPE", "RAND_TYPE", "RANGE", "QUANTIZE"));
        return randomSampler(s, key, field, type.equals("int_sampler"));
      }
      case "regnet_sampler" -> {
        return regnetSampler(s, key, field, typeNode);
      }
      default -> throw fields.error(typeNode, field + ".TYPE", "Sampler for '" + key + "' has an unknown or missing TYPE '"
          + type + "'" + Hints.didYouMean(type, TYPES) + " (" + String.join(", ", TYPES) + ")");
    }
  }

  /** pycls's regnet_sampler: each RegNet parameter, its range, how it is drawn and its QUANTIZE. */
  private record RegnetParameter(String randType, Object low, Object high, Object quantize) {
    boolean ints() {
      return quantize instanceof Long;
    }
  }

  static final java.util.Map<String, RegnetParameter> REGNET_SAMPLER = regnetSampler();

  private static java.util.Map<String, RegnetParameter> regnetSampler() {
    java.util.Map<String, RegnetParameter> m = new java.util.LinkedHashMap<>();
    m.put("DEPTH", new RegnetParameter("uniform", 12L, 28L, 1L));
    m.put("W0", new RegnetParameter("log_uniform", 8L, 256L, 8L));
    m.put("WA", new RegnetParameter("log_uniform", 8.0, 256.0, 0.1));
    m.put("WM", new RegnetParameter("log_uniform", 2.0, 3.0, 0.001));
    m.put("GROUP_W", new RegnetParameter("power2_or_log_uniform", 8L, 128L, 8L));
    m.put("BOT_MUL", new RegnetParameter("power2_uniform", 1.0, 1.0, 1.0 / 128));
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * A regnet_sampler (only at REGNET, as in pycls): DEPTH, W0, WA, WM, GROUP_W and BOT_MUL, each
   * drawn as pycls draws it, over its range from the sampler or pycls's default; checked as an
   * int or float sampler of that kind.
   */
  private Node regnetSampler(Mapping s, String key, String field, Node typeNode) {
    if (!key.equals("REGNET")) {
      throw fields.error(typeNode, field + ".TYPE", "a regnet_sampler samples the RegNet as a whole: its key is REGNET, not " + key);
    }
    List<String> keys = new ArrayList<>(List.of("TYPE"));
    keys.addAll(REGNET_SAMPLER.keySet());
    fields.onlyKeys(s, field, keys);
    MappingBuilder out = new MappingBuilder(s.at());
    for (java.util.Map.Entry<String, RegnetParameter> p : REGNET_SAMPLER.entrySet()) {
      RegnetParameter d = p.getValue();
      Location at = s.at();
      Node range;
      if (s.entries().containsKey(p.getKey())) {
        Node given = s.entries().get(p.getKey()).value();
        double[] r = fields.numbers(given, field + "." + p.getKey(), 2, "[low, high]");
        range = new Sequence(List.of(typed(r[0], d.ints(), given, field + "." + p.getKey()),
            typed(r[1], d.ints(), given, field + "." + p.getKey())), given.at());
        at = given.at();
      } else {
        range = new Sequence(List.of(new Scalar(d.low(), at), new Scalar(d.high(), at)), at);
      }
      Mapping one = new MappingBuilder(at)
          .put("RAND_TYPE", new Scalar(d.randType(), at))
          .put("RANGE", range)
          .put("QUANTIZE", new Scalar(d.quantize(), at))
          .build();
      out.put(p.getKey(), randomSampler(one, "REGNET." + p.getKey(), field + "." + p.getKey(), d.ints()));
    }
    return out.build();
  }

  private Scalar typed(double value, boolean ints, Node at, String field) {
    if (ints && value != Math.rint(value)) {
      throw fields.error(at, field, "wanted whole numbers, found " + value);
    }
    return new Scalar(ints ? (Object) (long) value : (Object) value, at.at());
  }

  /** An int or float sampler, checked as pycls's validate_rand checks it. */
  private Node randomSampler(Mapping s, String key, String field, boolean ints) {
    String rand = fields.optional(s, "RAND_TYPE").map(n -> fields.string(n, field + ".RAND_TYPE")).orElse("uniform");
    Node rangeNode = fields.required(s, "RANGE", field, "[low, high]");
    Sequence range = fields.list(rangeNode, field + ".RANGE", "[low, high]");
    Node qNode = s.entries().containsKey("QUANTIZE") ? s.entries().get("QUANTIZE").value()
        : new Scalar(ints ? (Object) 1L : (Object) 0.00001, s.at());
    if (range.items().size() != 2) {
      throw fields.error(range, field + ".RANGE", "wanted [low, high], found " + range.items().size() + " numbers");
    }
    Object low = range.items().get(0).plain();
    Object high = range.items().get(1).plain();
    Object q = qNode.plain();
    String invalid = key + ": " + rand + "(low=" + low + ", high=" + high + ", q=" + q + ") is invalid.";
    boolean sameType = ints ? low instanceof Long && high instanceof Long && q instanceof Long
        : low instanceof Double && high instanceof Double && q instanceof Double;
    if (!sameType) {
      throw fields.error(rangeNode, field, invalid + " RANGE and QUANTIZE are all " + (ints ? "integers in an int_sampler"
          : "floats (1.0, not 1) in a float_sampler"));
    }
    double lo = ((Number) low).doubleValue();
    double hi = ((Number) high).doubleValue();
    double step = ((Number) q).doubleValue();
    if (!RAND_TYPES.contains(rand)) {
      throw fields.error(s.entries().get("RAND_TYPE").value(), field + ".RAND_TYPE", invalid + " RAND_TYPE is one of "
          + String.join(", ", RAND_TYPES) + Hints.didYouMean(rand, RAND_TYPES));
    }
    if (!(step > 0) || !(lo <= hi)) {
      throw fields.error(rangeNode, field, invalid + " It needs QUANTIZE > 0 and low <= high");
    }
    if (!rand.equals("uniform") && !rand.equals("normal") && !(lo > 0)) {
      throw fields.error(rangeNode, field, invalid + " " + rand + " needs low > 0");
    }
    if (!rand.equals("power2_or_log_uniform") && !(multiple(low, q) && multiple(high, q))) {
      throw fields.error(rangeNode, field, invalid + " low and high are multiples of QUANTIZE");
    }
    if (rand.startsWith("power2") && !(powerOfTwo(lo) && powerOfTwo(hi) && powerOfTwo(step))) {
      throw fields.error(rangeNode, field, invalid + " " + rand + " needs powers of two for low, high and QUANTIZE");
    }
    Location at = s.at();
    MappingBuilder out = new MappingBuilder(at);
    distinct *= switch (rand) {
      case "uniform", "normal", "log_normal", "log_uniform" -> Math.floor((hi - lo) / step + 1e-9) + 1;
      case "power2_or_log_uniform" -> 1; // counted where its values are listed
      default -> Math.floor(Math.log(hi / lo) / Math.log(2) + 1e-9) + 1;
    };
    switch (rand) {
      case "uniform" -> {
        if (ints) {
          out.put("multiple_of", new MappingBuilder(at).put("of", qNode).put("min", range.items().get(0))
              .put("max", range.items().get(1)).build());
        } else { // pycls floors U[low, high + q): every multiple equally likely, as rounding U[low - q/2, high + q/2] gives
          BigDecimal half = new BigDecimal(q.toString()).divide(BigDecimal.valueOf(2));
          out.put("uniform", new Sequence(List.of(
              new Scalar(new BigDecimal(low.toString()).subtract(half).doubleValue(), range.items().get(0).at()),
              new Scalar(new BigDecimal(high.toString()).add(half).doubleValue(), range.items().get(1).at())), range.at()))
              .put("step", qNode);
        }
      }
      case "log_uniform" -> {
        if (ints && step == 1) {
          out.put("int_log", range);
        } else {
          out.put("log_uniform", range).put("step", qNode);
        }
      }
      case "power2_uniform" -> {
        if (ints && step == 1) {
          out.put("power_of_two", range);
        } else { // 2^k at or above q, as pycls floors them to multiples of q
          List<Node> points = new ArrayList<>();
          for (double p = lo; p <= hi; p *= 2) {
            points.add(new Scalar(ints ? (Object) (long) p : (Object) p, at));
          }
          out.put("choice", new Sequence(points, at));
        }
      }
      case "normal", "log_normal" -> {
        boolean log = rand.equals("log_normal");
        double a = log ? Math.log(lo) : lo;
        double b = log ? Math.log(hi) : hi;
        MappingBuilder args = new MappingBuilder(at)
            .put(log ? "mu" : "mean", new Scalar((a + b) / 2, at))
            .put(log ? "sigma" : "sd", new Scalar((b - a) / 6, at))
            .put("min", new Scalar(lo, at))
            .put("max", new Scalar(hi, at));
        out.put(rand, args.build()).put("step", new Scalar(step, at));
      }
      default -> powerOfTwoOrLog(out, at, lo, hi, step, ints, s, field);
    }
    return out.build();
  }

  /**
   * pycls's power2_or_log_uniform as the weighted choice it is: a power of two of [low, high],
   * uniformly, kept when below q; from q on, a log-uniform draw on (max(low, q) - q*, high], q* =
   * min(q, max(low, q) / 2), rounded up to a multiple of q.
   */
  private void powerOfTwoOrLog(MappingBuilder out, Location at, double lo, double hi, double q, boolean ints,
      Mapping s, String field) {
    List<Double> powers = new ArrayList<>();
    for (double p = lo; p <= hi * (1 + 1e-12); p *= 2) {
      powers.add(p);
    }
    java.util.Map<Double, Double> weights = new java.util.TreeMap<>();
    long above = powers.stream().filter(p -> p >= q).count();
    powers.stream().filter(p -> p < q).forEach(p -> weights.merge(p, 1.0 / powers.size(), Double::sum));
    if (above > 0) {
      double low = Math.max(lo, q);
      double from = Math.log(low - Math.min(q, low / 2));
      double to = Math.log(hi);
      long first = (long) Math.ceil(Math.exp(from) / q - 1e-9);
      long last = (long) Math.ceil(hi / q - 1e-9);
      if (last - first > 10_000) {
        throw fields.error(s, field, "power2_or_log_uniform over " + (last - first) + " multiples of QUANTIZE: too many to list");
      }
      for (long m = Math.max(1, first); m <= last; m++) {
        double a = Math.max(from, Math.log((m - 1) * q));
        double b = Math.min(to, Math.log(m * q));
        if (b > a) {
          weights.merge(m * q, (double) above / powers.size() * (b - a) / (to - from), Double::sum);
        }
      }
    }
    distinct *= weights.size();
    List<Node> values = new ArrayList<>();
    List<Node> ws = new ArrayList<>();
    weights.forEach((v, w) -> {
      values.add(new Scalar(ints ? (Object) Math.round(v) : (Object) v, at));
      ws.add(new Scalar(w, at));
    });
    out.put("choice", new Sequence(values, at)).put("weights", new Sequence(ws, at));
  }

  private static boolean multiple(Object value, Object q) {
    return new BigDecimal(value.toString()).remainder(new BigDecimal(q.toString())).signum() == 0;
  }

  private static boolean powerOfTwo(double x) {
    double k = Math.log(x) / Math.log(2);
    return Math.abs(k - Math.rint(k)) < 1e-12;
  }
}
