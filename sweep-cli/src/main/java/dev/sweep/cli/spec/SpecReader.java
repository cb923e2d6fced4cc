package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import dev.sweep.config.Config;
import dev.sweep.config.InputLimits;
import dev.sweep.config.Json;
import dev.sweep.trial.Objective;
import dev.sweep.Runner;
import dev.sweep.process.CommandTemplate;
import dev.sweep.process.ProcessRunner;
import dev.sweep.process.ValueFormat;
import dev.sweep.sampler.GridSampler;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
import dev.sweep.samplers.GpSampler;
import dev.sweep.samplers.MedianStopping;
import dev.sweep.samplers.MoreSamplers;
import dev.sweep.samplers.StoppingRules;
import dev.sweep.samplers.SuccessiveHalving;
import dev.sweep.samplers.TpeSampler;
import dev.sweep.slurm.SlurmRunner;
import dev.sweep.space.Space;
import dev.sweep.stopping.StoppingRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a sweep file into a {@link SweepSpec}: one field at a time, each checked where it stands. */
final class SpecReader {
  static final List<String> STOPPING = List.of("median", "asha", "hyperband", "wandb_hyperband");
  static final List<String> SAMPLERS = List.of("random", "grid", "sobol", "latin_hypercube", "tpe", "gp");
  static final List<String> KEYS = List.of(
      "name", "objective", "sampler", "stopping", "trials", "retries", "threads", "directory", "base", "parameters",
      "constraints", "command", "steps", "shell", "slots", "slot_variable", "timeout", "grace", "env", "working_directory", "parse",
      "value_format", "slurm", "analyze");
  static final List<String> SLURM_KEYS = List.of(
      "partition", "time", "memory", "cpus_per_task", "gpus", "gres", "account", "qos", "constraint", "throttle",
      "max_array_size", "requeues", "warning", "poll_interval", "max_poll_interval", "job_name", "sbatch_options");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|min|m|h|d)");

  private final Path file;
  private final Path folder;
  private final Fields fields;
  private final Mapping root;

  private SpecReader(Path file, Mapping root) {
    this.file = file;
    this.folder = file.toAbsolutePath().normalize().getParent();
    this.fields = new Fields(file.toString());
    this.root = root;
  }

  static SweepSpec read(Path file) {
    return read(file, System::getenv, LocalDateTime.now());
  }

  /** Reads {@code file} with {@code environment} for what a W&B command takes from it (PATH, ${envvar:…}). */
  static SweepSpec read(Path file, Function<String, String> environment, LocalDateTime now) {
    return new SpecReader(file, nativeDocument(file, readText(file), environment, now)).spec();
  }

  /** The file's text, read no further than {@link InputLimits#MAX_FILE_BYTES}. */
  private static String readText(Path file) {
    try {
      return InputLimits.readText(file).orElseThrow(() -> new SpecException(file.toString(), 1, 1, InputLimits.tooLarge(file), null));
    } catch (NoSuchFileException e) {
      throw new SpecException(file.toString(), 1, 1, "no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The file's document in the native format: the file itself, or what another tool's sweep file
   * means ({@link ForeignFormats}); each node keeps its line and column in the file.
   */
  static Mapping nativeDocument(Path file, String text, Function<String, String> environment, LocalDateTime now) {
    List<Node> documents = NodeReader.readAll(text, file.toString());
    Fields fields = new Fields(file.toString());
    if (MlrunnerFormat.isMlrunner(documents.get(0))) {
      return new MlrunnerFormat(fields, now).translate(documents);
    }
    if (documents.size() > 1) {
      throw new SpecException(file.toString(), documents.get(1).at(), "a sweep file holds one YAML document; this one "
          + "has a second (after '---'); only mlrunner's files, whose first document has template:, hold several");
    }
    Node root = documents.get(0);
    if (!(root instanceof Mapping map)) {
      throw new SpecException(file.toString(), root.at(), "a sweep file is a mapping of fields (name, parameters, "
          + "command, …), found " + root.describe());
    }
    return ForeignFormats.toNative(map, fields, environment);
  }

  /** The one document in {@code file}, as plain values. */
  static Object readYaml(Path file) {
    return NodeReader.read(readText(file), file.toString()).plain();
  }

  /** The native YAML equivalent of a sweep file, checked as {@code sweep run} would check it. */
  static String convert(Path file, Function<String, String> environment, LocalDateTime now) {
    String text = readText(file);
    Mapping document = nativeDocument(file, text, environment, now);
    new SpecReader(file, document).spec();
    return Json.write(SweepSpec.YAML, document.plain());
  }

  private SweepSpec spec() {
    fields.onlyKeys(root, "sweep", KEYS);
    String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    String name = optional("name").map(n -> nonBlank(n, "name")).orElse(stem);
    ObjectiveField goal = optional("objective").map(this::objective).orElse(new ObjectiveField(null, null, true));
    Objective objective = goal.objective();
    Double target = goal.target();
    boolean objectiveRequired = goal.required();
    Long trials = optional("trials").map(n -> fields.integerAtLeast(n, "trials", 1)).orElse(null);
    Sampler sampler = optional("sampler").map(n -> sampler(n, trials)).orElse(Samplers.random(0));
    StoppingRule stopping = optional("stopping").map(this::stopping).orElse(null);
    optional("analyze").ifPresent(this::analyze);
    long retries = optional("retries").map(n -> fields.integerAtLeast(n, "retries", 0)).orElse(0L);
    if (retries > Integer.MAX_VALUE) {
      throw fields.error(optional("retries").orElseThrow(), "retries", "wanted an integer below 2^31, found " + retries);
    }
    Path directory = folder.resolve(optional("directory").map(n -> nonBlank(n, "directory")).orElse(stem)).normalize();
    Optional<Node> baseNode = optional("base");
    Config base = baseNode.map(this::base).orElse(Config.empty());

    Space.Builder builder = Space.builder().base(base);
    SpaceReader spaceReader = new SpaceReader(fields);
    Optional<Node> parameters = optional("parameters");
    parameters.ifPresent(p -> spaceReader.addAll(builder,
        fields.mapping(p, "parameters", "a mapping of parameter paths to domains"), "", ""));
    optional("constraints").ifPresent(c -> {
      Space.Builder plain = Space.builder().base(base); // the configs each expression is checked on
      parameters.ifPresent(p -> new SpaceReader(fields).addAll(plain, (Mapping) p, "", ""));
      new ConstraintReader(fields).addAll(builder, c, plain.build());
    });
    Space space = builder.build();

    if (sampler instanceof GridSampler) {
      for (SpaceReader.Declared d : spaceReader.declared()) {
        if (d.domain().gridValues().isEmpty()) {
          throw fields.error(d.at(), d.path(), "the grid sampler needs a finite list of values, but "
              + d.domain().describe() + " is continuous; add grid: [...] or step: …, or use sampler: {type: random, seed: …}");
        }
      }
    } else if (trials == null) {
      Node at = optional("sampler").orElse(root);
      throw fields.error(at, "trials", "missing; a " + sampler.toString().replaceFirst("\\(.*", "")
          + " sampler has no end, so say how many trials to run (trials: 40)");
    }

    List<String> slots = optional("slots").map(this::slots).orElse(null);
    Optional<Node> slurm = optional("slurm");
    if (slurm.isPresent()) {
      for (String local : List.of("slots", "slot_variable", "timeout")) {
        optional(local).ifPresent(n -> {
          throw fields.error(n, local, "applies to the local process pool, not with slurm:; "
              + (local.equals("timeout") ? "give slurm: {time: 2h}" : "SLURM allocates GPUs: give slurm: {gpus: 1}"));
        });
      }
    }
    // On SLURM every trial may wait in the queue at once; the throttle says how many run.
    long threads = optional("threads").map(n -> fields.integerAtLeast(n, "threads", 1))
        .orElse(slurm.isPresent() ? Math.min(SLURM_THREADS, trials == null ? SLURM_THREADS : trials)
            : slots == null ? 1L : (long) slots.size());
    if (threads > Integer.MAX_VALUE) {
      throw fields.error(optional("threads").orElseThrow(), "threads", "wanted an integer below 2^31, found " + threads);
    }
    Path workdir = folder.resolve(optional("working_directory").map(n -> nonBlank(n, "working_directory")).orElse("."))
        .normalize();
    ProcessRunner steps = runner(space, slots, workdir, objectiveRequired);
    Runner runner = slurm.isPresent() ? slurm(slurm.get(), steps) : steps;

    SweepSpec spec = new SweepSpec(file, name, objective, target, objectiveRequired, sampler, stopping, trials, (int) retries, (int) threads, directory, space,
        runner, asRun(name, base, baseNode.isPresent(), workdir));
    try {
      spec.sweepBuilder().build(); // the sampler starts on the space: a grid counts its points
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw fields.error(optional("sampler").orElse(root), "sampler", e.getMessage());
    }
    return spec;
  }

  /** Trials a SLURM sweep keeps in the queue at once unless {@code threads:} says otherwise. */
  static final long SLURM_THREADS = 10_000;

  /** The {@code slurm:} section: the file's steps, run as array tasks (see SlurmRunner.Builder). */
  private Runner slurm(Node node, ProcessRunner steps) {
    Mapping m = fields.mapping(node, "slurm", "a mapping such as {partition: gpu, time: 2h, gpus: 1, throttle: 50}");
    fields.onlyKeys(m, "slurm", SLURM_KEYS);
    SlurmRunner.Builder b = SlurmRunner.builder().command(steps);
    for (Entry e : m.entries().values()) {
      String field = "slurm." + e.key();
      Node v = e.value();
      call(v, field, () -> {
        switch (e.key()) {
          case "partition" -> b.partition(fields.text(v, field));
          case "time" -> b.time(duration(v, field));
          case "memory" -> b.memory(fields.text(v, field));
          case "cpus_per_task" -> b.cpusPerTask(intAtLeast(v, field, 1));
          case "gpus" -> b.gpus(intAtLeast(v, field, 1));
          case "gres" -> b.gres(fields.text(v, field));
          case "account" -> b.account(fields.text(v, field));
          case "qos" -> b.qos(fields.text(v, field));
          case "constraint" -> b.constraint(fields.text(v, field));
          case "throttle" -> b.throttle(intAtLeast(v, field, 0));
          case "max_array_size" -> b.maxArraySize(intAtLeast(v, field, 1));
          case "requeues" -> b.requeues(intAtLeast(v, field, 0));
          case "warning" -> b.warning(duration(v, field));
          case "job_name" -> b.jobName(fields.text(v, field));
          case "poll_interval" -> b.pollInterval(duration(v, field));
          case "max_poll_interval" -> b.maxPollInterval(duration(v, field));
          case "sbatch_options" -> {
            Sequence list = fields.list(v, field, "a list of sbatch options, e.g. [--exclusive, --nice=10]");
            list.items().forEach(i -> b.sbatchOptions(fields.text(i, field)));
          }
          default -> throw new AssertionError(e.key()); // onlyKeys let no other through
        }
      });
    }
    try {
      return b.build();
    } catch (IllegalStateException e) {
      throw fields.error(m, "slurm", e.getMessage());
    }
  }

  private int intAtLeast(Node node, String field, int min) {
    long n = fields.integerAtLeast(node, field, min);
    if (n > Integer.MAX_VALUE) {
      throw fields.error(node, field, "wanted an integer below 2^31, found " + n);
    }
    return (int) n;
  }

  private Optional<Node> optional(String key) {
    return fields.optional(root, key);
  }

  private String nonBlank(Node node, String field) {
    String text = fields.string(node, field);
    if (text.isBlank()) {
      throw fields.error(node, field, "is blank");
    }
    return text;
  }

  /** {@code analyze:}, the defaults of {@code sweep analyze} on the sweep's folder: checked here, read there. */
  private void analyze(Node node) {
    Mapping m = fields.mapping(node, "analyze", "{curves: 3, best: 50, top: 20, split: PARAM, filters: [PARAM=VALUE], title: TEXT}");
    fields.onlyKeys(m, "analyze", List.of("curves", "best", "top", "split", "filters", "title"));
    fields.optional(m, "curves").ifPresent(n -> fields.integerAtLeast(n, "analyze.curves", 0));
    fields.optional(m, "best").ifPresent(n -> fields.integerAtLeast(n, "analyze.best", 1));
    fields.optional(m, "top").ifPresent(n -> fields.integerAtLeast(n, "analyze.top", 1));
    fields.optional(m, "split").ifPresent(n -> fields.text(n, "analyze.split"));
    fields.optional(m, "title").ifPresent(n -> fields.text(n, "analyze.title"));
    fields.optional(m, "filters").ifPresent(n -> {
      for (Node f : fields.list(n, "analyze.filters", "a list of PARAM=VALUE").items()) {
        if (fields.text(f, "analyze.filters").indexOf('=') <= 0) {
          throw fields.error(f, "analyze.filters", "wanted PARAM=VALUE, such as optim.name=adam, found " + f.describe());
        }
      }
    });
  }

  /** {@code objective:}: the metric and goal, the target that ends the sweep, whether a trial must report it. */
  private record ObjectiveField(Objective objective, Double target, boolean required) {}

  private ObjectiveField objective(Node node) {
    Mapping m = fields.mapping(node, "objective", "{metric: NAME, goal: minimize | maximize}");
    fields.onlyKeys(m, "objective", List.of("metric", "goal", "target", "required"));
    String metric = nonBlank(fields.required(m, "metric", "objective", "name the metric to optimise: {metric: error}"), "objective.metric");
    Double target = fields.optional(m, "target").map(t -> fields.number(t, "objective.target")).orElse(null);
    boolean required = fields.optional(m, "required").map(r -> fields.bool(r, "objective.required")).orElse(true);
    Optional<Node> goal = fields.optional(m, "goal");
    String g = goal.isEmpty() ? "minimize" : fields.string(goal.get(), "objective.goal");
    Objective objective = switch (g) {
      case "minimize" -> Objective.minimize(metric);
      case "maximize" -> Objective.maximize(metric);
      default -> throw fields.error(goal.get(), "objective.goal", "unknown goal '" + g + "'"
          + Hints.didYouMean(g, List.of("minimize", "maximize")) + " (allowed: minimize, maximize)");
    };
    return new ObjectiveField(objective, target, required);
  }


  private Sampler sampler(Node node, Long trials) {
    if (node instanceof Scalar s && s.value() instanceof String type) {
      return sampler(type, node, new Mapping(Map.of(), node.at()), trials);
    }
    Mapping m = fields.mapping(node, "sampler", "{type: random, seed: 42} or {type: grid}");
    Node type = fields.required(m, "type", "sampler", "say which sampler: {type: random, seed: 42} or {type: grid}");
    return sampler(fields.string(type, "sampler.type"), type, m, trials);
  }

  private Sampler sampler(String type, Node typeNode, Mapping m, Long trials) {
    switch (type) {
      case "grid" -> {
        fields.onlyKeys(m, "sampler", List.of("type"));
        return Samplers.grid();
      }
      case "random" -> {
        fields.onlyKeys(m, "sampler", List.of("type", "seed", "distinct", "max_attempts"));
        RandomSampler random = Samplers.random(seed(m)).maxAttempts(maxAttempts(m));
        if (fields.optional(m, "distinct").map(n -> fields.bool(n, "sampler.distinct")).orElse(false)) {
          random = random.distinct();
        }
        return random;
      }
      case "sobol" -> {
        fields.onlyKeys(m, "sampler", List.of("type", "seed", "max_attempts"));
        return MoreSamplers.sobol(seed(m)).maxAttempts(maxAttempts(m));
      }
      case "latin_hypercube" -> {
        fields.onlyKeys(m, "sampler", List.of("type", "seed", "max_attempts"));
        if (trials == null) {
          throw fields.error(typeNode, "trials", "missing; a Latin hypercube spreads a known number of trials, "
              + "so say how many (trials: 40)");
        }
        if (trials > Integer.MAX_VALUE) {
          throw fields.error(optional("trials").orElseThrow(), "trials", "a Latin hypercube has at most 2^31 - 1 trials, found " + trials);
        }
        return MoreSamplers.latinHypercube(trials.intValue(), seed(m)).maxAttempts(maxAttempts(m));
      }
      case "tpe" -> {
        fields.onlyKeys(m, "sampler", List.of("type", "seed", "multivariate", "startup_trials", "candidates",
            "constant_liar", "prior_weight", "best_weight", "max_attempts"));
        TpeSampler.Builder tpe = TpeSampler.builder().seed(seed(m)).maxAttempts(maxAttempts(m));
        fields.optional(m, "multivariate").ifPresent(n -> tpe.multivariate(fields.bool(n, "sampler.multivariate")));
        fields.optional(m, "constant_liar").ifPresent(n -> tpe.constantLiar(fields.bool(n, "sampler.constant_liar")));
        fields.optional(m, "startup_trials").ifPresent(n ->
            tpe.startupTrials(intAtLeast(n, "sampler.startup_trials", 1)));
        fields.optional(m, "candidates").ifPresent(n -> tpe.candidates(intAtLeast(n, "sampler.candidates", 1)));
        fields.optional(m, "prior_weight").ifPresent(n -> {
          double w = fields.number(n, "sampler.prior_weight");
          if (!(w > 0) || !Double.isFinite(w)) {
            throw fields.error(n, "sampler.prior_weight", "wanted a finite number > 0, found " + w);
          }
          tpe.priorWeight(w);
        });
        fields.optional(m, "best_weight").ifPresent(n -> {
          double w = fields.number(n, "sampler.best_weight");
          if (!(w >= 1) || !Double.isFinite(w)) {
            throw fields.error(n, "sampler.best_weight", "wanted a finite number >= 1, found " + w);
          }
          tpe.bestWeight(w);
        });
        return tpe.build();
      }
      case "gp" -> {
        fields.onlyKeys(m, "sampler", List.of("type", "seed", "startup_trials", "candidates", "constant_liar",
            "max_attempts"));
        GpSampler.Builder gp = GpSampler.builder().seed(seed(m)).maxAttempts(maxAttempts(m));
        fields.optional(m, "constant_liar").ifPresent(n -> gp.constantLiar(fields.bool(n, "sampler.constant_liar")));
        fields.optional(m, "startup_trials").ifPresent(n -> gp.startupTrials(intAtLeast(n, "sampler.startup_trials", 2)));
        fields.optional(m, "candidates").ifPresent(n -> gp.candidates(intAtLeast(n, "sampler.candidates", 1)));
        return gp.build();
      }
      default -> throw fields.error(typeNode, "sampler.type", "unknown sampler '" + type + "'"
          + Hints.didYouMean(type, SAMPLERS) + " (allowed: " + String.join(", ", SAMPLERS) + ")");
    }
  }

  private StoppingRule stopping(Node node) {
    String example = "{type: asha, min_steps: 1, reduction: 3}";
    Mapping m = node instanceof Scalar s && s.value() instanceof String type
        ? new Mapping(Map.of("type", new Entry("type", s.at(), s)), node.at())
        : fields.mapping(node, "stopping", example);
    Node typeNode = fields.required(m, "type", "stopping", "say which rule: " + example);
    String type = fields.string(typeNode, "stopping.type");
    try {
      switch (type) {
        case "median" -> {
          fields.onlyKeys(m, "stopping", List.of("type", "startup_trials", "warmup_steps", "max_steps"));
          MedianStopping median = StoppingRules.median();
          Optional<Node> startup = fields.optional(m, "startup_trials");
          if (startup.isPresent()) {
            median = median.startupTrials(intAtLeast(startup.get(), "stopping.startup_trials", 0));
          }
          Optional<Node> warmup = fields.optional(m, "warmup_steps");
          if (warmup.isPresent()) {
            median = median.warmupSteps(fields.integerAtLeast(warmup.get(), "stopping.warmup_steps", 0));
          }
          Optional<Node> max = fields.optional(m, "max_steps");
          if (max.isPresent()) {
            median = median.maxSteps(fields.integerAtLeast(max.get(), "stopping.max_steps", 1));
          }
          return median;
        }
        case "asha" -> {
          fields.onlyKeys(m, "stopping", List.of("type", "min_steps", "reduction", "max_steps"));
          long minSteps = longField(m, "min_steps", 1);
          SuccessiveHalving asha = StoppingRules.asha(minSteps, intField(m, "reduction", 4));
          Optional<Node> max = fields.optional(m, "max_steps");
          if (max.isPresent()) { // at least min_steps: the rule's own check would name the mapping, not the value
            asha = asha.maxSteps(atLeastMinSteps(max.get(), minSteps));
          }
          return asha;
        }
        case "hyperband" -> {
          fields.onlyKeys(m, "stopping", List.of("type", "min_steps", "max_steps", "reduction"));
          Node max = fields.required(m, "max_steps", "stopping", "Hyperband spreads its brackets up to the longest run: "
              + "say how many steps a full trial reports (max_steps: 81)");
          long minSteps = longField(m, "min_steps", 1);
          return StoppingRules.hyperband(minSteps, atLeastMinSteps(max, minSteps), intField(m, "reduction", 3));
        }
        case "wandb_hyperband" -> {
          fields.onlyKeys(m, "stopping", List.of("type", "min_iter", "max_iter", "s", "eta", "strict"));
          double eta = fields.optional(m, "eta").map(n -> fields.number(n, "stopping.eta")).orElse(3.0);
          boolean strict = fields.optional(m, "strict").map(n -> fields.bool(n, "stopping.strict")).orElse(true);
          Optional<Node> maxIter = fields.optional(m, "max_iter");
          if (maxIter.isPresent()) {
            Node s = fields.required(m, "s", "stopping", "max_iter needs s, the number of bands below it");
            return StoppingRules.wandbHyperband(fields.integerAtLeast(maxIter.get(), "stopping.max_iter", 1),
                (int) fields.integerAtLeast(s, "stopping.s", 0), eta, strict);
          }
          Node min = fields.required(m, "min_iter", "stopping", "give min_iter (the first band), or max_iter and s");
          return StoppingRules.wandbHyperband(fields.integerAtLeast(min, "stopping.min_iter", 1), eta, strict);
        }
        default -> throw fields.error(typeNode, "stopping.type", "unknown rule '" + type + "'"
            + Hints.didYouMean(type, STOPPING) + " (allowed: " + String.join(", ", STOPPING) + ")");
      }
    } catch (IllegalArgumentException e) { // the rule's own check, e.g. hyperband's min_steps > max_steps
      throw fields.error(node, "stopping", e.getMessage());
    }
  }

  /** {@code stopping.max_steps}, which must not be below {@code min_steps}. */
  private long atLeastMinSteps(Node node, long minSteps) {
    long max = fields.integer(node, "stopping.max_steps");
    if (max < minSteps) {
      throw fields.error(node, "stopping.max_steps", "wanted an integer >= min_steps (" + minSteps + "), found " + max
          + "; max_steps is the step of a full trial's last report");
    }
    return max;
  }

  private long longField(Mapping m, String key, long fallback) {
    return fields.optional(m, key).map(n -> fields.integerAtLeast(n, "stopping." + key, 1)).orElse(fallback);
  }

  private int intField(Mapping m, String key, int fallback) {
    return fields.optional(m, key).map(n -> intAtLeast(n, "stopping." + key, 2)).orElse(fallback);
  }

  private long seed(Mapping m) {
    return fields.optional(m, "seed").map(n -> fields.integer(n, "sampler.seed")).orElse(0L);
  }

  private int maxAttempts(Mapping m) {
    return fields.optional(m, "max_attempts").map(n -> intAtLeast(n, "sampler.max_attempts", 1)).orElse(RandomSampler.DEFAULT_MAX_ATTEMPTS);
  }

  /** A base config: a file (relative to the sweep file's folder) or an inline mapping. */
  private Config base(Node node) {
    if (node instanceof Mapping m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> plain = (Map<String, Object>) m.plain();
      return Config.of(plain);
    }
    if (!(node instanceof Scalar s && s.value() instanceof String name)) {
      throw fields.error(node, "base", "wanted a file name or a mapping, found " + node.describe());
    }
    Path path = folder.resolve(name);
    if (!Files.isRegularFile(path)) {
      throw fields.error(node, "base", "no such file: " + path);
    }
    try {
      return Config.read(path);
    } catch (IllegalArgumentException e) { // ConfigException: names the base file, line and column
      throw fields.error(node, "base", e.getMessage());
    }
  }

  private List<String> slots(Node node) {
    Sequence s = fields.list(node, "slots", "a list of slots such as [\"0\", \"1\"]");
    List<String> out = new ArrayList<>();
    s.items().forEach(i -> out.add(fields.text(i, "slots")));
    return out;
  }

  private ProcessRunner runner(Space space, List<String> slots, Path workdir, boolean metricsRequired) {
    Optional<Node> command = optional("command");
    Optional<Node> steps = optional("steps");
    boolean shell = optional("shell").map(n -> fields.bool(n, "shell")).orElse(false);
    ProcessRunner.Builder b = ProcessRunner.builder().requireMetrics(metricsRequired);
    optional("value_format").ifPresent(n -> {
      String format = fields.string(n, "value_format");
      switch (format) {
        case "json" -> b.valueFormat(ValueFormat.JSON);
        case "python" -> b.valueFormat(ValueFormat.PYTHON);
        default -> throw fields.error(n, "value_format", "unknown format '" + format + "'"
            + Hints.didYouMean(format, List.of("json", "python")) + " (allowed: json, python)");
      }
    });
    Set<String> known = knownPaths(space);
    if (command.isPresent() && steps.isPresent()) {
      throw fields.error(steps.get(), "steps", "give either command (one step) or steps, not both");
    }
    if (command.isPresent()) {
      step(b, "run", command.get(), "command", shell, known);
    } else if (steps.isPresent()) {
      Sequence list = fields.list(steps.get(), "steps", "a list of steps: [{name: train, command: …}, …]");
      if (list.items().isEmpty()) {
        throw fields.error(list, "steps", "is empty; give at least one step");
      }
      for (int i = 0; i < list.items().size(); i++) {
        String field = "steps[" + i + "]";
        Mapping m = fields.mapping(list.items().get(i), field, "{name: NAME, command: COMMAND}");
        fields.onlyKeys(m, field, List.of("name", "command", "shell"));
        Node nameNode = fields.required(m, "name", field, "name the step (it names its logs: NAME.out, NAME.err)");
        String name = fields.text(nameNode, field + ".name");
        boolean stepShell = fields.optional(m, "shell").map(n -> fields.bool(n, field + ".shell")).orElse(shell);
        Node cmd = fields.required(m, "command", field, "give the step's command");
        try {
          step(b, name, cmd, field + ".command", stepShell, known);
        } catch (IllegalArgumentException e) {
          throw fields.error(nameNode, field + ".name", e.getMessage());
        }
      }
    } else {
      throw fields.error(root, "command", "missing; give the command that runs one trial, e.g. "
          + "command: python3 train.py --lr {optim.lr} --out {_output}, or steps: [{name: train, command: …}, …]");
    }
    if (slots != null) {
      call(optional("slots").orElseThrow(), "slots", () -> b.slots(slots));
    }
    optional("slot_variable").ifPresent(n -> call(n, "slot_variable", () -> b.slotVariable(fields.string(n, "slot_variable"))));
    optional("timeout").ifPresent(n -> call(n, "timeout", () -> b.timeout(duration(n, "timeout"))));
    optional("grace").ifPresent(n -> call(n, "grace", () -> b.grace(duration(n, "grace"))));
    optional("env").ifPresent(n -> {
      Mapping m = fields.mapping(n, "env", "a mapping of variable names to values");
      for (Entry e : m.entries().values()) {
        call(e.value(), "env." + e.key(), () -> b.env(e.key(), fields.text(e.value(), "env." + e.key())));
      }
    });
    b.workingDirectory(workdir);
    optional("parse").ifPresent(n -> {
      Mapping m = fields.mapping(n, "parse", "a mapping of metric names to regular expressions");
      for (Entry e : m.entries().values()) {
        String field = "parse." + e.key();
        String regex = fields.string(e.value(), field);
        Pattern pattern;
        try {
          pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException ex) {
          throw fields.error(e.value(), field, "not a regular expression: " + ex.getDescription() + " near index " + ex.getIndex());
        }
        call(e.value(), field, () -> b.parse(e.key(), pattern));
      }
    });
    Node at = command.orElseGet(() -> steps.orElse(root));
    try {
      return b.build();
    } catch (IllegalStateException e) { // {_slot} without slots: say it in this file's words
      throw fields.error(at, command.isPresent() ? "command" : "steps",
          e.getMessage().replace("set them with .slots(...)", "give them with slots: [\"0\", \"1\"]"));
    }
  }

  private void step(ProcessRunner.Builder b, String name, Node cmd, String field, boolean shell, Set<String> known) {
    CommandTemplate template;
    try {
      if (cmd instanceof Sequence argv) {
        if (shell) {
          throw fields.error(cmd, field, "a shell script is one string, not a list; drop shell: true or write the command as one line");
        }
        List<String> words = new ArrayList<>();
        argv.items().forEach(i -> words.add(fields.text(i, field)));
        template = CommandTemplate.of(words);
      } else {
        String line = fields.string(cmd, field);
        template = shell ? CommandTemplate.shell(line) : CommandTemplate.parse(line);
      }
    } catch (IllegalArgumentException e) {
      throw fields.error(cmd, field, e.getMessage());
    }
    for (String path : template.paths()) {
      if (!known.contains(path)) {
        List<String> leaves = known.stream().filter(k -> known.stream().noneMatch(o -> o.startsWith(k + "."))).toList();
        throw fields.error(cmd, field, "unknown placeholder '" + path + "': no parameter or base value has that path"
            + hint(path, known) + " (known: " + String.join(", ", first(leaves, 12)) + ")");
      }
    }
    b.step(name, template);
  }

  /** Every path a placeholder may name: parameters, base values, and the maps above them. */
  private static Set<String> knownPaths(Space space) {
    Set<String> known = new LinkedHashSet<>(space.paramPaths());
    known.addAll(space.base().flatten().keySet());
    for (String p : List.copyOf(known)) {
      for (int dot = p.indexOf('.'); dot > 0; dot = p.indexOf('.', dot + 1)) {
        known.add(p.substring(0, dot));
      }
    }
    return known;
  }

  /** A known path with the same last segment ({@code [amp]} for {@code train.amp}), or a close one. */
  private static String hint(String path, Set<String> known) {
    String last = path.substring(path.lastIndexOf('.') + 1);
    for (String k : known) {
      if (k.endsWith("." + last)) {
        return "; did you mean '" + k + "'?";
      }
    }
    return Hints.didYouMean(path, known);
  }

  private static List<String> first(List<String> items, int n) {
    List<String> out = new ArrayList<>();
    for (String s : items) {
      if (out.size() == n) {
        out.add("…");
        break;
      }
      out.add(s);
    }
    return out;
  }

  private Duration duration(Node node, String field) {
    return parseDuration(fields.text(node, field)).orElseThrow(() -> fields.error(node, field,
        "wanted a duration such as 90s, 30m, 2h, 1h30m or 500ms, found " + node.describe()));
  }

  /** {@code 90s}, {@code 30m}, {@code 10min}, {@code 2h}, {@code 1h30m}, {@code 500ms}, {@code 1.5h}, {@code 2d}. */
  static Optional<Duration> parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      double amount = Double.parseDouble(m.group(1));
      long unitMillis = switch (m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m", "min" -> 60_000;
        case "h" -> 3_600_000;
        default -> 86_400_000;
      };
      total = total.plusMillis(Math.round(amount * unitMillis));
      end = m.end();
    }
    return end == 0 || end != text.trim().length() ? Optional.empty() : Optional.of(total);
  }

  private void call(Node at, String field, Runnable call) {
    try {
      call.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw fields.error(at, field, e.getMessage());
    }
  }

  /**
   * The spec as run, for the sweep folder's {@code sweep.yaml}: the same fields in the same order,
   * with the name, the base config inline, the working directory absolute, and the directory
   * {@code .} (the folder that holds the copy), so that it reads the same from there.
   */
  private Map<String, Object> asRun(String name, Config base, boolean hasBase, Path workdir) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    for (Entry e : root.entries().values()) {
      switch (e.key()) {
        case "name", "directory", "working_directory" -> { }
        case "base" -> out.put("base", base.toMap());
        default -> out.put(e.key(), e.value().plain());
      }
    }
    if (hasBase && !out.containsKey("base")) {
      out.put("base", base.toMap());
    }
    out.put("directory", ".");
    out.put("working_directory", workdir.toString());
    return out;
  }
}
