package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Location;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads a pycls sweep config (one with {@code SETUP:}) as the native document it means: the
 * samplers as domains ({@link PyclsSamplers}), {@code BASE_CFG} as the base config, {@code
 * NUM_CONFIGS} trials from {@code RNG_SEED}, the job as pycls's {@code tools/run_net.py} with the
 * trial's config, ranked by the {@code min_top1_err} of its {@code json_stats} test lines, and
 * {@code LAUNCH} as a SLURM array. See docs/pycls-sweep-format.md for pycls's semantics and what is
 * not read yet.
 */
final class PyclsFormat implements ForeignFormat {
  static final List<String> KEYS =
      List.of(
          "ROOT_DIR",
          "NAME",
          "DESC",
          "NUM_PROC",
          "RUN_MODE",
          "SETUP",
          "LAUNCH",
          "COLLECT",
          "ANALYZE",
          "sweep");
  static final List<String> SETUP_KEYS =
      List.of(
          "NUM_CONFIGS",
          "NUM_SAMPLES",
          "CHUNK_SIZE",
          "RNG_SEED",
          "BASE_CFG",
          "SAMPLERS",
          "CONSTRAINTS");
  static final List<String> LAUNCH_KEYS =
      List.of(
          "PARTITION",
          "NUM_GPUS",
          "CPUS_PER_GPU",
          "MEM_PER_GPU",
          "GPU_TYPE",
          "TIME_LIMIT",
          "PARALLEL_JOBS",
          "MAX_RETRY",
          "COMMENT",
          "CONDA_ENV",
          "MODE",
          "SCRIPT");

  /**
   * The metric of pycls's test lines that its analysis ranks by: the running minimum of the top-1
   * error.
   */
  static final String METRIC = "min_top1_err";

  static final List<String> COLLECT_KEYS = List.of("CHECKPOINTS_KEEP");

  /** pycls's checkpoints: {@code OUT_DIR/checkpoints/model_epoch_0001.pyth}, …. */
  static final String CHECKPOINTS = "checkpoints/model_epoch_*.pyth";

  /** The variable that hands LAUNCH.CONDA_ENV to {@link #CONDA_PROLOGUE}. */
  static final String CONDA_VARIABLE = "PYCLS_CONDA_ENV";

  /**
   * Activates {@value #CONDA_VARIABLE}: with conda's own shell hook where {@code conda} is on the
   * PATH (an environment's name or folder), else by putting the folder's {@code bin} first on the
   * PATH, as activation does for programs; fails the trial when neither can.
   */
  static final String CONDA_PROLOGUE =
      """
      if command -v conda >/dev/null 2>&1; then
        eval "$(conda shell.bash hook)"
        conda activate "$PYCLS_CONDA_ENV"
      elif [ -d "$PYCLS_CONDA_ENV/bin" ]; then
        export PATH="$PYCLS_CONDA_ENV/bin:$PATH" CONDA_PREFIX="$PYCLS_CONDA_ENV"
      else
        echo "sweep: cannot activate LAUNCH.CONDA_ENV '$PYCLS_CONDA_ENV': conda is not on the PATH, and it is no folder with a bin/ in it" >&2
        exit 1
      fi""";

  /** pycls's SETUP.NUM_SAMPLES: the draws setup may spend. */
  static final long DEFAULT_SAMPLES = 1_000_000;

  private final Fields fields;
  private final Function<String, String> environment;

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
    fields.onlyKeys(root, "pycls sweep", KEYS);
    String rootDir =
        fields
            .optional(root, "ROOT_DIR")
            .map(n -> nonEmpty(n, "ROOT_DIR"))
            .orElseGet(this::defaultRootDir);
    Node nameNode = fields.required(root, "NAME", "pycls sweep", "NAME has to be specified.");
    String name = fields.text(nameNode, "NAME");
    Mapping setup =
        fields.mapping(
            root.entries().get("SETUP").value(),
            "SETUP",
            "a mapping: {NUM_CONFIGS: 64, SAMPLERS: …, BASE_CFG: …}");
    fields.onlyKeys(setup, "SETUP", SETUP_KEYS);
    Node numConfigs =
        fields.required(setup, "NUM_CONFIGS", "SETUP", "SETUP.NUM_CONFIGS has to be specified.");
    long configs = fields.integerAtLeast(numConfigs, "SETUP.NUM_CONFIGS", 1);
    long seed =
        fields.optional(setup, "RNG_SEED").map(n -> fields.integer(n, "SETUP.RNG_SEED")).orElse(0L);
    PyclsConstraints constraints = new PyclsConstraints(fields);
    List<Node> complexity = constraints.complexity(setup);
    Optional<Node> stages = constraints.regnetStages(setup);

    MappingBuilder out = new MappingBuilder(root.at());
    out.put("name", new Scalar(name.replace('/', '-'), nameNode.at()));
    out.put(
        "directory",
        new Scalar(rootDir.endsWith("/") ? rootDir + name : rootDir + "/" + name, nameNode.at()));
    out.put(
        "objective",
        new MappingBuilder(root.at()).put("metric", new Scalar(METRIC, root.at())).build());
    out.put("trials", new Scalar(configs, numConfigs.at()));
    fields
        .optional(setup, "BASE_CFG")
        .ifPresent(
            b ->
                out.put(
                    "base",
                    fields.mapping(
                        b, "SETUP.BASE_CFG", "a pycls config: {OPTIM: {BASE_LR: 0.1}, …}")));
    PyclsSamplers samplers = new PyclsSamplers(fields);
    out.put("parameters", samplers.parameters(setup));
    List<Node> all = new ArrayList<>();
    stages.ifPresent(all::add); // pycls checks the stages first, then the complexity
    all.addAll(complexity);
    if (!all.isEmpty()) {
      out.put("constraints", new Sequence(all, all.get(0).at()));
    }
    List<String> probed = List.of();
    if (!complexity.isEmpty()) {
      Optional<Node> builtin = probe(root, setup, complexity.get(0));
      builtin.ifPresent(p -> out.put("probe", p));
      probed = builtin.isPresent() ? List.of("flops", "params", "acts") : sweepProbeValues(root);
    }
    List<String> recorded = probed;
    out.put("sampler", sampler(samplers.distinct(), configs, numConfigs, seed, setup));
    launch(root, out);
    fields
        .optional(root, "ANALYZE")
        .ifPresent(
            a ->
                out.put(
                    "analyze",
                    new PyclsAnalysis(fields, recorded)
                        .analyze(fields.mapping(a, "ANALYZE", "pycls's analysis options"))));
    out.put("retention", retention(root));
    ForeignFormats.options(fields, root, out);
    condaEnv(root, out);
    return out.build();
  }

  /**
   * {@code COLLECT.CHECKPOINTS_KEEP} (all, last, none; pycls's default last) as the retention of
   * pycls's checkpoint files: pycls's {@code sweep_collect.py} deletes them once the sweep is done,
   * Sweep as each trial ends, keeping the last by name as pycls's {@code get_last_checkpoint} picks
   * it.
   */
  private Mapping retention(Mapping root) {
    Optional<Mapping> collect =
        fields
            .optional(root, "COLLECT")
            .map(n -> fields.mapping(n, "COLLECT", "{CHECKPOINTS_KEEP: last}"));
    collect.ifPresent(c -> fields.onlyKeys(c, "COLLECT", COLLECT_KEYS));
    Optional<Node> keepNode = collect.flatMap(c -> fields.optional(c, "CHECKPOINTS_KEEP"));
    String keep = keepNode.map(n -> fields.text(n, "COLLECT.CHECKPOINTS_KEEP")).orElse("last");
    List<String> allowed = List.of("all", "last", "none");
    if (!allowed.contains(keep)) {
      throw fields.error(
          keepNode.orElseThrow(),
          "COLLECT.CHECKPOINTS_KEEP",
          "COLLECT.CHECKPOINTS_KEEP has to be one of " + allowed + ", got '" + keep + "'");
    }
    Location at = keepNode.map(Node::at).orElse(root.at());
    return new MappingBuilder(at)
        .put("keep", new Scalar(keep, at))
        .put("files", new Sequence(List.of(new Scalar(CHECKPOINTS, at)), at))
        .build();
  }

  /**
   * pycls's job runs {@code source activate LAUNCH.CONDA_ENV} (by default the {@code CONDA_PREFIX}
   * of the shell that launched the sweep): here a prologue of fixed text that activates the folder
   * or name in {@value #CONDA_VARIABLE}, so that the value is never read as shell code. Nothing is
   * activated when neither is set, or when the user's {@code sweep:} gives a prologue of its own.
   */
  private void condaEnv(Mapping root, MappingBuilder out) {
    Optional<Mapping> launch =
        fields.optional(root, "LAUNCH").map(n -> (Mapping) n); // checked a mapping by launch()
    Optional<Node> given = launch.flatMap(l -> fields.optional(l, "CONDA_ENV"));
    String env =
        given
            .map(n -> fields.text(n, "LAUNCH.CONDA_ENV"))
            .orElseGet(() -> Optional.ofNullable(environment.apply("CONDA_PREFIX")).orElse(""));
    Optional<Mapping> options =
        fields.optional(root, "sweep").map(n -> (Mapping) n); // checked by options()
    if (env.isEmpty() || options.map(o -> o.entries().containsKey("prologue")).orElse(false)) {
      return;
    }
    Location at = given.map(Node::at).orElse(root.at());
    out.put("prologue", new Scalar(CONDA_PROLOGUE, at));
    MappingBuilder vars = new MappingBuilder(at);
    options
        .flatMap(o -> fields.optional(o, "env"))
        .map(n -> fields.mapping(n, "sweep.env", "a mapping of variable names to values"))
        .ifPresent(m -> m.entries().values().forEach(e -> vars.put(e.key(), e.keyAt(), e.value())));
    vars.put(CONDA_VARIABLE, new Scalar(env, at));
    out.put("env", vars.build());
  }

  /**
   * The probe CX needs: the sweep's own ({@code sweep: {probe: …}}) where it gives one, else
   * pycls's complexity ported to Java, for the model types the port covers.
   */
  private Optional<Node> probe(Mapping root, Mapping setup, Node cx) {
    if (root.entries().get("sweep") != null
        && root.entries().get("sweep").value() instanceof Mapping m
        && m.entries().containsKey("probe")) {
      return Optional.empty(); // copied with the other sweep: options
    }
    Node type = modelType(setup).orElse(null);
    String name = type == null ? "" : String.valueOf(type.plain()); // pycls's default MODEL.TYPE
    if (!PyclsComplexity.TYPES.contains(name)) {
      throw fields.error(
          type == null ? cx : type,
          type == null ? "SETUP.CONSTRAINTS.CX" : "SETUP.BASE_CFG.MODEL.TYPE",
          "CX needs the model's complexity, built in for MODEL.TYPE "
              + String.join(", ", PyclsComplexity.TYPES)
              + " only, not '"
              + name
              + "': give a command that computes it, sweep: {probe: {command: [python, cx.py],"
              + " values: [flops, params, acts]}} (see docs/pycls-sweep-format.md), or remove CX");
    }
    return Optional.of(
        new MappingBuilder(cx.at())
            .put("builtin", new Scalar("pycls_complexity", cx.at()))
            .build());
  }

  /** The values that {@code sweep: {probe: {values: […]}}} names, as far as they are texts. */
  private static List<String> sweepProbeValues(Mapping root) {
    List<String> out = new ArrayList<>();
    if (root.entries().get("sweep") != null
        && root.entries().get("sweep").value() instanceof Mapping m
        && m.entries().get("probe") != null
        && m.entries().get("probe").value() instanceof Mapping probe
        && probe.entries().get("values") != null
        && probe.entries().get("values").value() instanceof Sequence values) {
      values.items().forEach(v -> out.add(String.valueOf(v.plain())));
    }
    return out;
  }

  /** BASE_CFG's MODEL.TYPE, where the file sets it. */
  private static Optional<Node> modelType(Mapping setup) {
    if (setup.entries().get("BASE_CFG") != null
        && setup.entries().get("BASE_CFG").value() instanceof Mapping base
        && base.entries().get("MODEL") != null
        && base.entries().get("MODEL").value() instanceof Mapping model
        && model.entries().get("TYPE") != null) {
      return Optional.of(model.entries().get("TYPE").value());
    }
    return Optional.empty();
  }

  /** A text pycls requires ({@code assert cfg.KEY}): the empty one is refused as pycls does. */
  private String nonEmpty(Node n, String field) {
    String text = fields.text(n, field);
    if (text.isEmpty()) {
      throw fields.error(n, field, field + " has to be specified.");
    }
    return text;
  }

  /**
   * pycls's default ROOT_DIR, {@code /checkpoint/<user>/sweeps/}: the user as Python's {@code
   * getpass.getuser()} finds it, from LOGNAME, USER, LNAME or USERNAME, else the account's name.
   */
  private String defaultRootDir() {
    String user =
        Stream.of("LOGNAME", "USER", "LNAME", "USERNAME")
            .map(environment)
            .filter(v -> v != null && !v.isEmpty())
            .findFirst()
            .orElseGet(() -> System.getProperty("user.name"));
    return "/checkpoint/" + user + "/sweeps/";
  }

  /**
   * pycls keeps distinct configs only ({@code sweep_setup.py} keys each by its sampled values and
   * skips a repeat): a space with no more of them than NUM_CONFIGS is run whole, as a grid; one
   * with fewer cannot give NUM_CONFIGS; else a random sampler that never proposes a config twice,
   * with NUM_SAMPLES draws at most for a trial (pycls's budget for the whole setup).
   */
  private Node sampler(double distinct, long configs, Node numConfigs, long seed, Mapping setup) {
    if (distinct < configs) {
      throw fields.error(
          numConfigs,
          "SETUP.NUM_CONFIGS",
          "the samplers give only "
              + (long) distinct
              + " distinct configs, "
              + "and NUM_CONFIGS asks for "
              + configs
              + " (pycls would silently make fewer)");
    }
    if (distinct == configs) {
      return new Scalar("grid", setup.at());
    }
    long samples =
        fields
            .optional(setup, "NUM_SAMPLES")
            .map(n -> fields.integerAtLeast(n, "SETUP.NUM_SAMPLES", 1))
            .orElse(DEFAULT_SAMPLES);
    return new MappingBuilder(setup.at())
        .put("type", new Scalar("random", setup.at()))
        .put("seed", new Scalar(seed, setup.at()))
        .put("distinct", new Scalar(true, setup.at())) // sweep_setup.py keeps unique configs
        .put("max_attempts", new Scalar(Math.min(samples, Integer.MAX_VALUE), setup.at()))
        .build();
  }

  /**
   * The job as pycls's {@code LAUNCH} runs it: {@code tools/run_net.py} (or its SCRIPT) on the
   * trial's config, its test lines parsed, on SLURM unless the user's {@code sweep:} runs it
   * elsewhere.
   */
  private void launch(Mapping root, MappingBuilder out) {
    Mapping launch =
        fields
            .optional(root, "LAUNCH")
            .map(n -> fields.mapping(n, "LAUNCH", "{PARTITION: …, NUM_GPUS: 1, …}"))
            .orElse(new Mapping(Map.of(), root.at()));
    fields.onlyKeys(launch, "LAUNCH", LAUNCH_KEYS);
    String mode =
        fields
            .optional(launch, "MODE")
            .map(n -> fields.text(n, "LAUNCH.MODE"))
            .or(() -> fields.optional(root, "RUN_MODE").map(n -> fields.text(n, "RUN_MODE")))
            .orElse("train");
    String script =
        fields
            .optional(launch, "SCRIPT")
            .map(n -> fields.text(n, "LAUNCH.SCRIPT"))
            .orElse("tools/run_net.py");
    String python = ForeignFormats.python(environment).orElse("python");
    Location at = root.at();
    out.put(
        "command",
        new Sequence(
            List.of(
                new Scalar(python, at),
                new Scalar(script, at),
                new Scalar("--mode", at),
                new Scalar(mode, at),
                new Scalar("--cfg", at),
                new Scalar("{_config}", at),
                new Scalar("OUT_DIR", at),
                new Scalar("{_output}", at)),
            at));
    out.put(
        "parse",
        new MappingBuilder(at)
            .put(
                METRIC,
                new Scalar(
                    "json_stats: \\{\"_type\": \"test_epoch\".*\"" + METRIC + "\": ([0-9.eE+-]+)",
                    at))
            .build());
    Entry options = root.entries().get("sweep");
    boolean local =
        options != null
            && options.value() instanceof Mapping m
            && (m.entries().containsKey("slots")
                || m.entries().containsKey("slurm")); // the user's, not LAUNCH's
    if (!local) {
      out.put("slurm", slurm(launch));
      long retries =
          fields
              .optional(launch, "MAX_RETRY")
              .map(n -> fields.integerAtLeast(n, "LAUNCH.MAX_RETRY", 0))
              .orElse(3L);
      out.put("retries", new Scalar(retries, launch.at()));
    }
  }

  /**
   * pycls's LAUNCH as SLURM resources: per GPU figures times NUM_GPUS, minutes, the array's
   * throttle.
   */
  private Mapping slurm(Mapping launch) {
    long gpus = number(launch, "NUM_GPUS", 1);
    MappingBuilder slurm = new MappingBuilder(launch.at());
    slurm.put(
        "partition",
        new Scalar(
            fields
                .optional(launch, "PARTITION")
                .map(n -> fields.text(n, "LAUNCH.PARTITION"))
                .orElse("learnfair"),
            launch.at()));
    slurm.put("gpus", new Scalar(gpus, launch.at()));
    slurm.put("cpus_per_task", new Scalar(number(launch, "CPUS_PER_GPU", 10) * gpus, launch.at()));
    slurm.put("memory", new Scalar(number(launch, "MEM_PER_GPU", 60) * gpus + "G", launch.at()));
    slurm.put(
        "constraint",
        new Scalar(
            fields
                .optional(launch, "GPU_TYPE")
                .map(n -> fields.text(n, "LAUNCH.GPU_TYPE"))
                .orElse("volta"),
            launch.at()));
    slurm.put("time", new Scalar(number(launch, "TIME_LIMIT", 4200) + "min", launch.at()));
    slurm.put("throttle", new Scalar(number(launch, "PARALLEL_JOBS", 128), launch.at()));
    return slurm.build();
  }

  private long number(Mapping m, String key, long otherwise) {
    return fields
        .optional(m, key)
        .map(n -> fields.integerAtLeast(n, "LAUNCH." + key, 1))
        .orElse(otherwise);
  }
}
