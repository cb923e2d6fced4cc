package dev.sweep.cli.spec;

import dev.sweep.Retention;
import dev.sweep.Runner;
import dev.sweep.Sweep;
import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import dev.sweep.config.Config;
import dev.sweep.config.InputLimits;
import dev.sweep.internal.Json;
import dev.sweep.population.Population;
import dev.sweep.process.CommandTemplate;
import dev.sweep.process.ProcessRunner;
import dev.sweep.sampler.GridSampler;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Space;
import dev.sweep.stopping.StoppingRule;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a sweep file into a {@link SweepSpec}: one field at a time, each checked where it stands.
 */
final class SpecReader {
  static final List<String> KEYS =
      List.of(
          "name",
          "objective",
          "objectives",
          "outcome_constraints",
          "sampler",
          "stopping",
          "trials",
          "retries",
          "retention",
          "fail_fast",
          "threads",
          "directory",
          "base",
          "parameters",
          "constraints",
          "probe",
          "command",
          "steps",
          "shell",
          "slots",
          "slot_variable",
          "timeout",
          "grace",
          "env",
          "prologue",
          "working_directory",
          "job_folders",
          "snapshot",
          "parse",
          "value_format",
          "wandb_shim",
          "slurm",
          "analyze",
          "enqueue",
          "warm_start");

  /**
   * A range condition of {@code analyze: filters}, {@code LO<=NAME<=HI}, as sweep analyze reads it.
   */
  static final Pattern FILTER_RANGE =
      Pattern.compile(
          "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?\\s*<=\\s*\\S+?\\s*<=\\s*"
              + "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

  /**
   * {@code working_directory: trial}: each trial runs in a folder of its own (its job folder) of
   * links to the file's folder; a folder named {@code trial} is {@code ./trial}.
   */
  static final String TRIAL_FOLDERS = "trial";

  /** Trials a SLURM sweep keeps in the queue at once unless {@code threads:} says otherwise. */
  static final long SLURM_THREADS = 10_000;

  private final Path file;

  /** How long a probe's command may take on one config unless {@code probe.timeout} says. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

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
    return read(file, System::getenv, LocalDateTime.now(ZoneId.systemDefault()));
  }

  /**
   * Reads {@code file} with {@code environment} for what a W&amp;B command takes from it (PATH,
   * ${envvar:…}).
   */
  static SweepSpec read(Path file, Function<String, String> environment, LocalDateTime now) {
    return new SpecReader(file, nativeDocument(file, readText(file), environment, now)).spec();
  }

  /** The file's text, read no further than {@link InputLimits#MAX_FILE_BYTES}. */
  private static String readText(Path file) {
    try {
      return InputLimits.readText(file)
          .orElseThrow(
              () -> new SpecException(file.toString(), 1, 1, InputLimits.tooLarge(file), null));
    } catch (NoSuchFileException e) {
      throw new SpecException(file.toString(), 1, 1, "no such file", e);
    } catch (CharacterCodingException e) {
      throw NotText.error(file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The file's document in the native format: the file itself, or what another tool's sweep file
   * means ({@link ForeignFormats}); each node keeps its line and column in the file.
   */
  static Mapping nativeDocument(
      Path file, String text, Function<String, String> environment, LocalDateTime now) {
    return ForeignFormats.toNative(
        NodeReader.readAll(text, file.toString()), new Fields(file.toString()), environment, now);
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
    return Json.write(SweepSpec.YAML.writer(), document.plain());
  }

  private SweepSpec spec() {
    fields.onlyKeys(root, "sweep", KEYS);
    String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    String name = optional("name").map(n -> nonBlank(n, "name")).orElse(stem);
    ObjectiveField goal = objectives();
    Long trials = optional("trials").map(n -> fields.integerAtLeast(n, "trials", 1)).orElse(null);
    Sampler sampler =
        optional("sampler")
            .map(n -> new SamplerReader(fields).read(n, trials, optional("trials")))
            .orElse(Samplers.random(0));
    StoppingRule stopping = optional("stopping").map(new StoppingReader(fields)::read).orElse(null);
    optional("analyze").ifPresent(this::analyze);
    int retries = optional("retries").map(n -> fields.intAtLeast(n, "retries", 0)).orElse(0);
    Retention retention =
        optional("retention").map(new RetentionReader(fields)::read).orElse(Retention.ALL);
    int failFast = optional("fail_fast").map(this::failFast).orElse(Sweep.DEFAULT_FAIL_FAST);
    Path directory =
        folder
            .resolve(optional("directory").map(n -> nonBlank(n, "directory")).orElse(stem))
            .normalize();
    Optional<Node> baseNode = optional("base");
    Config base = baseNode.map(this::base).orElse(Config.empty());
    SpaceReader spaceReader = new SpaceReader(fields);
    Space space = space(base, spaceReader);
    checkSamplerEnds(sampler, trials, spaceReader.declared());
    StartReader starts = new StartReader(fields);
    List<Map<String, Object>> enqueued =
        optional("enqueue").map(n -> starts.enqueued(n, space)).orElse(List.of());
    Map<String, Population> warmStarts =
        optional("warm_start")
            .map(n -> starts.warmStarts(n, folder, goal.primary()))
            .orElse(Map.of());

    CommandReader commands = new CommandReader(fields, root);
    List<String> slots = commands.slots();
    Optional<Node> slurm = optional("slurm");
    slurm.ifPresent(n -> new SlurmReader(fields).checkNoLocalFields(root));
    int threads =
        optional("threads")
            .map(n -> fields.intAtLeast(n, "threads", 1))
            .orElseGet(() -> defaultThreads(slurm.isPresent(), trials, slots));
    String workdirText =
        optional("working_directory").map(n -> nonBlank(n, "working_directory")).orElse(".");
    boolean trialFolders = workdirText.equals(TRIAL_FOLDERS);
    Path workdir = workdir();
    ProcessRunner steps = commands.read(space, slots, workdir, trialFolders, goal.required());
    Runner runner = slurm.isPresent() ? new SlurmReader(fields).read(slurm.get(), steps) : steps;

    SweepSpec spec =
        new SweepSpec(
            file,
            name,
            goal.objectives(),
            goal.target(),
            goal.required(),
            sampler,
            stopping,
            trials,
            retries,
            retention,
            failFast,
            threads,
            directory,
            space,
            runner,
            asRun(name, base, baseNode.isPresent(), workdir, trialFolders),
            optional("working_directory").isPresent(),
            enqueued,
            warmStarts);
    // the sampler starts on the space: a grid counts its points
    fields.set(optional("sampler").orElse(root), "sampler", () -> spec.sweepBuilder().build());
    return spec;
  }

  /** {@code parameters:} on the base config, and the {@code constraints:} on them. */
  private Space space(Config base, SpaceReader spaceReader) {
    Space.Builder builder = Space.builder().base(base);
    Optional<Node> parameters = optional("parameters");
    parameters.ifPresent(
        p ->
            spaceReader.addAll(
                builder,
                fields.mapping(p, "parameters", "a mapping of parameter paths to domains"),
                "",
                ""));
    Optional<Probe> probe = optional("probe").map(this::probe);
    probe.ifPresent(p -> builder.probe(p.measure()));
    optional("constraints")
        .ifPresent(
            c -> {
              Space.Builder plain =
                  Space.builder().base(base); // the configs each expression is checked on
              parameters.ifPresent(p -> new SpaceReader(fields).addAll(plain, (Mapping) p, "", ""));
              probe.ifPresent(p -> plain.probe(p.check()));
              new ConstraintReader(fields).addAll(builder, c, plain.build());
            });
    return builder.build();
  }

  /** Where commands run: {@code working_directory:}, else the sweep file's folder. */
  /**
   * The steps' folder: {@code working_directory}, or the file's folder (also for {@code trial}).
   */
  private Path workdir() {
    String text =
        optional("working_directory").map(n -> nonBlank(n, "working_directory")).orElse(".");
    return folder.resolve(text.equals(TRIAL_FOLDERS) ? "." : text).normalize();
  }

  /**
   * A probe, and what checking the constraints at read time runs instead: the same for the
   * built-in, a stand-in for a command, which runs only when the sweep does.
   */
  private record Probe(
      Function<Config, Map<String, Object>> measure, Function<Config, Map<String, Object>> check) {}

  /**
   * {@code probe:}, values measured of each config before it runs, for constraints and as columns:
   * {@code {builtin: pycls_complexity}}, pycls's FLOPs, params and acts of a RegNet, AnyNet or
   * ResNet config ({@link PyclsComplexity}), or {@code {command: …, values: […], timeout: 60s}}
   * ({@link CommandProbe}).
   */
  private Probe probe(Node node) {
    String example =
        "{builtin: pycls_complexity} or {command: [python3, cx.py], values: [flops, params]}";
    Mapping m = fields.mapping(node, "probe", example);
    fields.onlyKeys(m, "probe", List.of("builtin", "command", "values", "timeout"));
    Optional<Node> builtin = fields.optional(m, "builtin");
    if (builtin.isPresent()) {
      for (String other : List.of("command", "values", "timeout")) {
        fields
            .optional(m, other)
            .ifPresent(
                n -> {
                  throw fields.error(
                      n, "probe." + other, "belongs to a command probe; give builtin or command");
                });
      }
      String name = fields.text(builtin.get(), "probe.builtin");
      if (!name.equals("pycls_complexity")) {
        throw fields.error(
            builtin.get(),
            "probe.builtin",
            "'" + name + "' is no built-in probe; there is pycls_complexity");
      }
      return new Probe(PyclsComplexity::of, PyclsComplexity::of);
    }
    Node command =
        fields.required(m, "command", "probe", "probe needs builtin or command: " + example);
    CommandProbe probe =
        new CommandProbe(
            probeArgv(command),
            probeValues(
                fields.required(
                    m,
                    "values",
                    "probe",
                    "name the values the command prints: values: [flops, params]")),
            fields
                .optional(m, "timeout")
                .map(n -> positive(n, "probe.timeout"))
                .orElse(PROBE_TIMEOUT),
            workdir());
    return new Probe(probe, c -> probe.standIn());
  }

  /** The probe's argument vector: a list, or one line split as {@code command:} is; no shell. */
  private List<String> probeArgv(Node command) {
    CommandTemplate template;
    try {
      if (command instanceof Sequence argv) {
        List<String> words = new ArrayList<>();
        argv.items().forEach(i -> words.add(fields.text(i, "probe.command")));
        template = CommandTemplate.of(words);
      } else {
        template = CommandTemplate.parse(fields.string(command, "probe.command"));
      }
      if (!template.paths().isEmpty()) {
        throw fields.error(
            command,
            "probe.command",
            "takes no placeholders, found {"
                + String.join("}, {", template.paths())
                + "}: the config comes as JSON on stdin and in the file SWEEP_CONFIG names");
      }
      return template.bind(Config.empty(), Map.of());
    } catch (IllegalArgumentException e) {
      throw fields.error(
          command,
          "probe.command",
          e.getMessage() + "; the probe takes no placeholders: the config comes as JSON on stdin");
    }
  }

  private List<String> probeValues(Node node) {
    Sequence list = fields.list(node, "probe.values", "a list of names: [flops, params]");
    if (list.items().isEmpty()) {
      throw fields.error(list, "probe.values", "is empty; name at least one value");
    }
    List<String> names = new ArrayList<>();
    for (Node item : list.items()) {
      String name = fields.text(item, "probe.values");
      if (name.isBlank() || names.contains(name)) {
        throw fields.error(
            item, "probe.values", (name.isBlank() ? "a blank name" : "'" + name + "' twice"));
      }
      names.add(name);
    }
    return names;
  }

  private Duration positive(Node n, String field) {
    Duration d = fields.duration(n, field);
    if (d.isZero() || d.isNegative()) {
      throw fields.error(
          n, field, "wanted a positive duration such as 60s, found " + fields.text(n, field));
    }
    return d;
  }

  /**
   * A grid ends with its points, which a continuous domain lacks; any other sampler ends at {@code
   * trials:}.
   */
  private void checkSamplerEnds(Sampler sampler, Long trials, List<SpaceReader.Declared> declared) {
    if (sampler instanceof GridSampler) {
      for (SpaceReader.Declared d : declared) {
        if (d.domain().gridValues().isEmpty()) {
          throw fields.error(
              d.at(),
              d.path(),
              "the grid sampler needs a finite list of values, but "
                  + d.domain().describe()
                  + " is continuous; add grid: [...] or step: …, or use sampler: {type: random, seed: …}");
        }
      }
    } else if (trials == null) {
      Node at = optional("sampler").orElse(root);
      String name = sampler.toString().replaceFirst("\\(.*", "");
      throw fields.error(
          at,
          "trials",
          "missing; "
              + ("aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ")
              + name
              + " sampler has no end, so say how many trials to run (trials: 40)");
    }
  }

  /**
   * On SLURM every trial may wait in the queue at once (the throttle says how many run); locally
   * one per slot.
   */
  private static int defaultThreads(boolean slurm, Long trials, List<String> slots) {
    if (slurm) {
      return (int) Math.min(SLURM_THREADS, trials == null ? SLURM_THREADS : trials);
    }
    return slots == null ? 1 : slots.size();
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

  /**
   * {@code analyze:}, the defaults of {@code sweep analyze} on the sweep's folder: checked here,
   * read there.
   */
  private void analyze(Node node) {
    Mapping m =
        fields.mapping(
            node,
            "analyze",
            "{curves: 3, best: 50, top: 20, split: PARAM, filters: [PARAM=VALUE], title: TEXT}");
    fields.onlyKeys(m, "analyze", List.of("curves", "best", "top", "split", "filters", "title"));
    fields.optional(m, "curves").ifPresent(n -> fields.integerAtLeast(n, "analyze.curves", 0));
    fields.optional(m, "best").ifPresent(n -> fields.integerAtLeast(n, "analyze.best", 1));
    fields.optional(m, "top").ifPresent(n -> fields.integerAtLeast(n, "analyze.top", 1));
    fields.optional(m, "split").ifPresent(n -> fields.text(n, "analyze.split"));
    fields.optional(m, "title").ifPresent(n -> fields.text(n, "analyze.title"));
    fields
        .optional(m, "filters")
        .ifPresent(
            n -> {
              for (Node f :
                  fields
                      .list(n, "analyze.filters", "a list of PARAM=VALUE or LO<=NAME<=HI")
                      .items()) {
                String text = fields.text(f, "analyze.filters");
                for (String condition : text.split(" & ", -1)) {
                  String c = condition.strip();
                  if (!(FILTER_RANGE.matcher(c).matches()
                      || (c.indexOf('=') > 0 && !c.contains("<=")))) {
                    throw fields.error(
                        f,
                        "analyze.filters",
                        "wanted PARAM=VALUE or LO<=NAME<=HI (a parameter or metric), joined by ' & ', "
                            + "such as optim.name=adam & 0<=error<=5, found "
                            + f.describe());
                  }
                }
              }
            });
  }

  /**
   * {@code objective:}, or {@code objectives:}, and {@code outcome_constraints:}: what the sweep
   * seeks (null: the builder's default), the target that ends the sweep, whether a trial must
   * report its metrics.
   */
  private record ObjectiveField(Objectives objectives, Double target, boolean required) {
    /** The primary objective; null for the builder's default. */
    Objective primary() {
      return objectives == null ? null : objectives.primary();
    }
  }

  private static final String OBJECTIVES_EXAMPLE =
      "a list such as [{metric: error, goal: minimize}, {metric: latency_ms, goal: minimize}],"
          + " or a mapping such as {error: minimize, latency_ms: minimize}";

  /**
   * {@code objective:} or {@code objectives:} (not both), and {@code outcome_constraints:} on
   * either.
   */
  private ObjectiveField objectives() {
    Optional<Node> one = optional("objective");
    Optional<Node> several = optional("objectives");
    if (one.isPresent() && several.isPresent()) {
      throw fields.error(
          several.get(),
          "objectives",
          "give objective: (one metric) or objectives: (several, the first primary), not both;"
              + " move the objective into objectives:");
    }
    ObjectiveField field =
        several
            .map(n -> new ObjectiveField(Objectives.of(objectiveList(n)), null, true))
            .or(() -> one.map(this::objective))
            .orElse(new ObjectiveField(null, null, true));
    Optional<Node> bounds = optional("outcome_constraints");
    if (bounds.isEmpty()) {
      return field;
    }
    Objectives seek =
        field.objectives() != null
            ? field.objectives()
            : Objectives.of(Objective.minimize(dev.sweep.Result.VALUE));
    return new ObjectiveField(
        seek.subjectTo(outcomeConstraints(bounds.get()).toArray(MetricBound[]::new)),
        field.target(),
        field.required());
  }

  /** {@code objectives:}: a list of {@code {metric, goal}}, or a mapping of metric to goal. */
  private List<Objective> objectiveList(Node node) {
    List<Objective> list = new ArrayList<>();
    List<String> metrics = new ArrayList<>();
    if (node instanceof Mapping m) {
      if (m.entries().isEmpty()) {
        throw fields.error(
            node, "objectives", "is empty; name at least one: " + OBJECTIVES_EXAMPLE);
      }
      for (Entry e : m.entries().values()) {
        String field = "objectives." + e.key();
        if (e.key().isBlank()) {
          throw fields.error(e.keyAt(), "objectives", "a blank metric name");
        }
        list.add(goal(e.key(), e.value(), field));
      }
      return list;
    }
    Sequence items = fields.list(node, "objectives", OBJECTIVES_EXAMPLE);
    if (items.items().isEmpty()) {
      throw fields.error(node, "objectives", "is empty; name at least one: " + OBJECTIVES_EXAMPLE);
    }
    for (int i = 0; i < items.items().size(); i++) {
      Node item = items.items().get(i);
      String field = "objectives[" + i + "]";
      Mapping m = fields.mapping(item, field, "{metric: NAME, goal: minimize | maximize}");
      fields.onlyKeys(m, field, List.of("metric", "goal"));
      Node metricNode =
          fields.required(
              m, "metric", field, "name the metric: {metric: latency_ms, goal: minimize}");
      String metric = nonBlank(metricNode, field + ".metric");
      if (metrics.contains(metric)) {
        throw fields.error(
            metricNode,
            field + ".metric",
            "'" + metric + "' is already an objective; name each metric once");
      }
      metrics.add(metric);
      Optional<Node> goal = fields.optional(m, "goal");
      list.add(
          goal.isEmpty() ? Objective.minimize(metric) : goal(metric, goal.get(), field + ".goal"));
    }
    return list;
  }

  /** A goal, {@code minimize} or {@code maximize}, of {@code metric}. */
  private Objective goal(String metric, Node node, String field) {
    String g = fields.string(node, field);
    return switch (g) {
      case "minimize" -> Objective.minimize(metric);
      case "maximize" -> Objective.maximize(metric);
      default ->
          throw fields.error(
              node,
              field,
              "unknown goal '"
                  + g
                  + "'"
                  + Hints.didYouMean(g, List.of("minimize", "maximize"))
                  + " (allowed: minimize, maximize)");
    };
  }

  /**
   * {@code outcome_constraints:}: a list of {@code {metric: NAME, max: N}} or {@code {metric: NAME,
   * min: N}} (or both bounds), each a {@link MetricBound}.
   */
  private List<MetricBound> outcomeConstraints(Node node) {
    String example = "a list such as [{metric: memory_gb, max: 16}, {metric: fps, min: 30}]";
    Sequence items = fields.list(node, "outcome_constraints", example);
    if (items.items().isEmpty()) {
      throw fields.error(node, "outcome_constraints", "is empty; give at least one: " + example);
    }
    List<MetricBound> bounds = new ArrayList<>();
    for (int i = 0; i < items.items().size(); i++) {
      String field = "outcome_constraints[" + i + "]";
      Mapping m = fields.mapping(items.items().get(i), field, "{metric: NAME, max: N} or min: N");
      fields.onlyKeys(m, field, List.of("metric", "max", "min"));
      String metric =
          nonBlank(
              fields.required(m, "metric", field, "name the metric: {metric: memory_gb, max: 16}"),
              field + ".metric");
      Optional<Node> min = fields.optional(m, "min");
      Optional<Node> max = fields.optional(m, "max");
      if (min.isEmpty() && max.isEmpty()) {
        throw fields.error(
            m,
            field,
            "give max: (at most) or min: (at least), such as {metric: " + metric + ", max: 16}");
      }
      Double lo = min.map(n -> fields.finite(n, field + ".min")).orElse(null);
      Double hi = max.map(n -> fields.finite(n, field + ".max")).orElse(null);
      if (lo != null && hi != null && lo > hi) {
        throw fields.error(
            min.get(), field + ".min", "is " + lo + ", above max " + hi + "; no value keeps both");
      }
      if (lo != null) {
        bounds.add(MetricBound.atLeast(metric, lo));
      }
      if (hi != null) {
        bounds.add(MetricBound.atMost(metric, hi));
      }
    }
    return bounds;
  }

  private ObjectiveField objective(Node node) {
    Mapping m = fields.mapping(node, "objective", "{metric: NAME, goal: minimize | maximize}");
    fields.onlyKeys(m, "objective", List.of("metric", "goal", "target", "required"));
    String metric =
        nonBlank(
            fields.required(
                m, "metric", "objective", "name the metric to optimise: {metric: error}"),
            "objective.metric");
    Double target =
        fields.optional(m, "target").map(t -> fields.finite(t, "objective.target")).orElse(null);
    boolean required =
        fields.optional(m, "required").map(r -> fields.bool(r, "objective.required")).orElse(true);
    Optional<Node> goal = fields.optional(m, "goal");
    Objective objective =
        goal.isEmpty() ? Objective.minimize(metric) : goal(metric, goal.get(), "objective.goal");
    return new ObjectiveField(Objectives.of(objective), target, required);
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
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof CharacterCodingException notUtf8) { // where, in the base file
        throw fields.error(node, "base", NotText.error(path, notUtf8).getMessage());
      }
      throw e;
    }
  }

  /**
   * {@code fail_fast:}: how many first trials failing alike stop the sweep
   * (Sweep.Builder.failFast); {@code false} never, {@code true} the default.
   */
  private int failFast(Node node) {
    if (node instanceof Scalar s && s.value() instanceof Boolean b) {
      return b ? Sweep.DEFAULT_FAIL_FAST : 0;
    }
    if (node instanceof Scalar s && s.value() instanceof Long) {
      return fields.intAtLeast(node, "fail_fast", 1);
    }
    throw fields.error(
        node, "fail_fast", "wanted a number of trials (>= 1) or false, found " + node.describe());
  }

  /**
   * The spec as run, for the sweep folder's {@code sweep.yaml}: the same fields in the same order,
   * with the name, the base config inline, the working directory absolute, and the directory {@code
   * .} (the folder that holds the copy), so that it reads the same from there.
   */
  /** {@code warm_start:}'s paths made absolute, for the copy in the sweep folder. */
  private List<String> absoluteSources(Node node) {
    List<Node> sources = node instanceof Node.Sequence s ? s.items() : List.of(node);
    return sources.stream()
        .map(n -> folder.resolve(fields.text(n, "warm_start")).normalize().toString())
        .toList();
  }

  private Map<String, Object> asRun(
      String name, Config base, boolean hasBase, Path workdir, boolean trialFolders) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    for (Entry e : root.entries().values()) {
      switch (e.key()) {
        case "name", "directory", "working_directory" -> {}
        case "base" -> out.put("base", base.toMap());
        case "warm_start" -> out.put("warm_start", absoluteSources(e.value()));
        default -> out.put(e.key(), e.value().plain());
      }
    }
    if (hasBase && !out.containsKey("base")) {
      out.put("base", base.toMap());
    }
    out.put("directory", ".");
    out.put("working_directory", workdir.toString());
    if (trialFolders) {
      out.put("job_folders", true); // working_directory: trial, with the folder made absolute
    }
    return out;
  }
}
