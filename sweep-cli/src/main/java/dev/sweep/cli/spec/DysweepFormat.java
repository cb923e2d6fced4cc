package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a dysweep config (one with {@code base_config:} and {@code sweep_configuration:}) as the
 * native document it means: {@code base_config} with the sweep tree's fixed parts merged in as the
 * base, its parameters as native ones or coupled values ({@link DysweepSpace}), W&amp;B's method,
 * metric, {@code run_cap} and {@code early_terminate} as {@link WandbFormat} reads them. dysweep
 * calls a Python function with each run's config; Sweep runs the command under {@code sweep:},
 * which gets the same config as {@code {_config}} (a JSON file) or {@code $SWEEP_CONFIG}. {@code
 * dy__eval} is Python code and is refused: no value of a file is run as code.
 */
final class DysweepFormat implements ForeignFormat {
  /** ResumableSweepConfig's fields (dysweep's {@code parallel.py}), and the native options. */
  static final List<String> KEYS =
      List.of(
          "base_config",
          "sweep_configuration",
          "project",
          "entity",
          "count",
          "method",
          "metric",
          "goal",
          "sweep_name",
          "default_root_dir",
          "custom_checkpoint_dir",
          "resume",
          "rerun_id",
          "run_name",
          "sweep_id",
          "run_name_changer",
          "delete_checkpoints",
          "use_lightning_logger",
          "mark_preempting",
          "sweep");

  /** What dysweep needs W&amp;B's servers or its own checkpoints for. */
  private static final List<String> SERVER_KEYS = List.of("sweep_id", "rerun_id");

  /**
   * A full W&amp;B sweep config has these four; lacking any, dysweep takes the whole mapping as
   * parameters.
   */
  private static final List<String> FULL = List.of("method", "metric", "parameters", "name");

  private static final String DEFAULT_METRIC = "dysweep_default";

  private final Fields fields;
  private final WandbFormat wandb;

  DysweepFormat(Fields fields, Function<String, String> environment) {
    this.fields = fields;
    this.wandb = new WandbFormat(fields, environment);
  }

  @Override
  public String name() {
    return "dysweep";
  }

  /**
   * A dysweep config has {@code base_config} or {@code sweep_configuration}: a file with one is
   * told it lacks the other.
   */
  @Override
  public boolean recognizes(List<Node> documents) {
    return ForeignFormats.oneMappingWith(documents, "base_config")
        || ForeignFormats.oneMappingWith(documents, "sweep_configuration");
  }

  @Override
  public Mapping toNative(List<Node> documents) {
    Mapping root = (Mapping) documents.get(0);
    Mapping base =
        fields.mapping(
            fields.required(
                root,
                "base_config",
                "dysweep config",
                "a file with "
                    + "sweep_configuration is read as a dysweep config, which also needs the program's whole config: "
                    + "base_config: {trainer: {lr: 0.1}}"),
            "base_config",
            "a mapping: the program's whole config");
    Mapping sweep =
        fields.mapping(
            fields.required(
                root,
                "sweep_configuration",
                "dysweep config",
                "a file with "
                    + "base_config is read as a dysweep config, which also needs what to sweep: "
                    + "sweep_configuration: {trainer: {lr: {sweep: true, values: [0.1, 0.01]}}}"),
            "sweep_configuration",
            "a mapping: W&B's sweep config, or the parameters alone");
    fields.onlyKeys(root, "dysweep config", KEYS);
    checkLocal(root);
    noCode(base, "base_config");
    noCode(sweep, "sweep_configuration");
    reserved(base, "base_config");

    MappingBuilder out = new MappingBuilder(root.at());
    boolean full = FULL.stream().allMatch(sweep.entries()::containsKey);
    Mapping parameters;
    String method;
    Node methodAt;
    if (full) {
      fields.onlyKeys(
          sweep,
          "sweep_configuration",
          List.of(
              "name",
              "method",
              "metric",
              "parameters",
              "run_cap",
              "early_terminate",
              "description"));
      methodAt = sweep.entries().get("method").value();
      method = wandb.method(methodAt);
      out.put("name", sweep.entries().get("name").value());
      out.put("objective", wandb.objective(sweep.entries().get("metric").value()));
      parameters =
          fields.mapping(
              sweep.entries().get("parameters").value(),
              "sweep_configuration.parameters",
              "the hierarchical parameters, as base_config's tree");
    } else {
      for (String key : List.of("method", "metric", "name")) {
        fields
            .optional(sweep, key)
            .ifPresent(
                n -> {
                  throw fields.error(
                      sweep.entries().get(key).keyAt(),
                      "sweep_configuration",
                      "has '"
                          + key
                          + "' but not all "
                          + "of method, metric, parameters and name; dysweep then takes the whole mapping as parameters ('"
                          + key
                          + "' a config key): give all four, or only the parameters");
                });
      }
      methodAt = fields.optional(root, "method").orElse(root);
      method = methodAt == root ? "grid" : wandb.method(methodAt);
      fields.optional(root, "sweep_name").ifPresent(n -> out.put("name", n));
      out.put("objective", defaultObjective(root));
      parameters = sweep;
    }
    Optional<Node> runCap =
        fields.optional(sweep, "run_cap").or(() -> fields.optional(root, "count"));
    runCap.ifPresent(
        n -> out.put("trials", new Scalar(fields.integerAtLeast(n, "run_cap", 1), n.at())));
    if (runCap.isEmpty() && !method.equals("grid")) {
      throw fields.error(
          methodAt,
          "run_cap",
          "missing; a "
              + method
              + " sweep has no end of its own (W&B runs it "
              + "until stopped), so say how many runs to make: run_cap: 50 in sweep_configuration, or count: 50");
    }
    out.put("sampler", new Scalar(method.equals("bayes") ? "tpe" : method, methodAt.at()));
    fields
        .optional(sweep, "early_terminate")
        .ifPresent(n -> out.put("stopping", wandb.earlyTerminate(n)));
    DysweepSpace space = new DysweepSpace(fields);
    space.translate(base, parameters, method.equals("grid"), out);
    if (method.equals("bayes")
        && !space.anyCategorical()
        && runCap.isPresent()
        && fields.integerAtLeast(runCap.get(), "run_cap", 1) <= WandbFormat.GP_TRIALS
        && ((Mapping) out.build().entries().get("parameters").value())
            .entries().values().stream()
                .noneMatch(
                    e -> e.value() instanceof Mapping m && m.entries().containsKey("coupled"))) {
      out.put(
          "sampler",
          new Scalar("gp", methodAt.at())); // W&B's bayes on numbers alone is a Gaussian process
    }
    ForeignFormats.pythonValues(root, out);
    ForeignFormats.options(fields, root, out, List.of("command", "steps", "shell", "objective"));
    Mapping built = out.build();
    if (!built.entries().containsKey("command") && !built.entries().containsKey("steps")) {
      Node at = fields.optional(root, "sweep").orElse(root);
      throw fields.error(
          at,
          "sweep.command",
          "missing; dysweep calls a Python function with each run's config, "
              + "Sweep runs a command that gets it as a JSON file: sweep: {command: [python, main.py, --config, "
              + "\"{_config}\"]} (also $SWEEP_CONFIG)");
    }
    return built;
  }

  /** Refuses what needs W&amp;B's servers or dysweep's checkpoints, naming it. */
  private void checkLocal(Mapping root) {
    for (String key : SERVER_KEYS) {
      fields
          .optional(root, key)
          .filter(n -> n.plain() != null)
          .ifPresent(
              n -> {
                throw fields.error(
                    root.entries().get(key).keyAt(),
                    key,
                    "dysweep's '"
                        + key
                        + "' names a run or sweep on "
                        + "W&B's servers; Sweep runs the sweep itself (remove '"
                        + key
                        + "'; sweep resume and sweep rerun "
                        + "resume or rerun its trials)");
              });
    }
    fields
        .optional(root, "resume")
        .filter(n -> Boolean.TRUE.equals(n.plain()))
        .ifPresent(
            n -> {
              throw fields.error(
                  n,
                  "resume",
                  "dysweep resumes from its checkpoint folder; Sweep resumes a sweep with "
                      + "sweep resume (remove 'resume')");
            });
  }

  /** dysweep's default objective, a metric no program reports unless named: not required. */
  private Node defaultObjective(Mapping root) {
    MappingBuilder objective = new MappingBuilder(root.at());
    Optional<Node> metric = fields.optional(root, "metric");
    objective.put("metric", metric.orElse(new Scalar(DEFAULT_METRIC, root.at())));
    fields.optional(root, "goal").ifPresent(g -> objective.put("goal", g));
    if (metric.isEmpty()) {
      objective.put("required", new Scalar(false, root.at()));
    }
    return objective.build();
  }

  /**
   * Refuses {@code dy__eval}, which dysweep runs as Python code on the config: a value of a file
   * never becomes code here.
   */
  private void noCode(Node node, String path) {
    if (node instanceof Mapping m) {
      for (Entry e : m.entries().values()) {
        if (e.key().equals("dy__eval")) {
          throw fields.error(e.keyAt(), path + ".dy__eval", evalRefused());
        }
        noCode(e.value(), path + "." + e.key());
      }
    } else if (node instanceof Sequence s) {
      for (int i = 0; i < s.items().size(); i++) {
        noCode(s.items().get(i), path + "[" + i + "]");
      }
    } else if (node.plain() instanceof String text && text.contains("dy__eval")) {
      throw fields.error(node, path, evalRefused());
    }
  }

  private static String evalRefused() {
    return "dysweep runs dy__eval as Python code on the config; Sweep never runs a value of a file as code: "
        + "compute it in the program from its config, or list the cases as values (with sweep_alias)";
  }

  /** A key dysweep reserves, in base_config, fails dysweep's last check on every run. */
  private void reserved(Mapping node, String path) {
    for (Entry e : node.entries().values()) {
      if (DysweepMerge.SPECIAL_KEYS.contains(e.key())) {
        throw fields.error(
            e.keyAt(),
            path + "." + e.key(),
            "'"
                + e.key()
                + "' is a key dysweep reserves; "
                + "dysweep refuses a config that holds it");
      }
      if (e.value() instanceof Mapping m) {
        reserved(m, path + "." + e.key());
      } else if (e.value() instanceof Sequence s) {
        s.items().stream()
            .filter(Mapping.class::isInstance)
            .forEach(i -> reserved((Mapping) i, path + "." + e.key()));
      }
    }
  }
}
