package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.WandbParameters.Param;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads a W&amp;B sweep file (one with {@code method:}) as the native sweep document it means, with
 * W&amp;B's semantics (its sweeps library and agent): each distribution becomes the native domain
 * that draws the same values ({@link WandbParameters}), the command's macros become argument
 * templates ({@link WandbCommand}), {@code metric} becomes the objective (without one, grid and
 * random runs complete unranked, as W&amp;B's do), {@code run_cap} the number of trials, {@code
 * early_terminate} the {@code wandb_hyperband} rule; the program gets Sweep's offline {@code wandb}
 * module ({@code wandb_shim: true}). Options W&amp;B leaves to its agent (slots, SLURM, the folder,
 * retries) go under an optional {@code sweep:} mapping of native fields.
 */
final class WandbFormat implements ForeignFormat {
  static final List<String> KEYS =
      List.of(
          "method",
          "metric",
          "parameters",
          "run_cap",
          "early_terminate",
          "program",
          "command",
          "name",
          "description",
          "project",
          "entity",
          "controller",
          "apiVersion",
          "kind",
          "sweep");
  private static final List<String> UNSUPPORTED =
      List.of("job", "image_uri", "scheduler", "metrics");
  private static final List<String> ALLOWED =
      Stream.concat(KEYS.stream(), UNSUPPORTED.stream()).toList();
  static final List<String> METHODS = List.of("grid", "random", "bayes");

  /**
   * bayes runs as a Gaussian process up to this many trials when every parameter is numeric
   * (W&amp;B's method), as TPE otherwise: a process's ask costs O(n^3) in the trials so far.
   */
  static final long GP_TRIALS = 300;

  private final Fields fields;
  private final Function<String, String> environment;

  WandbFormat(Fields fields, Function<String, String> environment) {
    this.fields = fields;
    this.environment = environment;
  }

  @Override
  public String name() {
    return "W&B";
  }

  /** A W&amp;B sweep file has {@code method}. */
  @Override
  public boolean recognizes(List<Node> documents) {
    return ForeignFormats.oneMappingWith(documents, "method");
  }

  @Override
  public Mapping toNative(List<Node> documents) {
    Mapping root = (Mapping) documents.get(0);
    checkSupported(root);
    Node methodNode =
        fields.required(root, "method", "W&B sweep", "one of " + String.join(", ", METHODS));
    String method = method(methodNode);
    MappingBuilder out = new MappingBuilder(root.at());
    fields.optional(root, "name").ifPresent(n -> out.put("name", n));
    Optional<Node> metric = fields.optional(root, "metric");
    if (metric.isPresent()) {
      out.put("objective", objective(metric.get()));
    } else if (method.equals("bayes")) {
      throw fields.error(
          methodNode,
          "metric",
          "missing; bayes search needs a metric to optimise (W&B requires one for bayes; grid "
              + "and random run without): metric: {name: val_loss, goal: minimize}");
    } else { // W&B's grid and random rank nothing without a metric: runs complete as they end
      ForeignFormats.unranked(root, out);
    }
    Optional<Node> runCap = fields.optional(root, "run_cap");
    runCap.ifPresent(
        n -> out.put("trials", new Scalar(fields.integerAtLeast(n, "run_cap", 1), n.at())));
    if (runCap.isEmpty() && !method.equals("grid")) {
      throw fields.error(
          methodNode,
          "run_cap",
          "missing; a "
              + method
              + " sweep has no end of its own (W&B runs it "
              + "until stopped), so say how many runs to make: run_cap: 50");
    }
    out.put("sampler", new Scalar(method.equals("bayes") ? "tpe" : method, methodNode.at()));
    fields
        .optional(root, "early_terminate")
        .ifPresent(
            n -> {
              if (metric.isEmpty()) {
                throw fields.error(
                    n,
                    "early_terminate",
                    "hyperband needs a metric to compare runs by (W&B requires one for "
                        + "early_terminate): metric: {name: val_loss}");
              }
              out.put("stopping", earlyTerminate(n));
            });
    Node parametersNode =
        fields.required(
            root,
            "parameters",
            "W&B sweep",
            "the parameters to sweep: parameters: {lr: {values: [0.1, 0.01]}}");
    Mapping params =
        fields.mapping(
            parametersNode, "parameters", "a mapping of parameter names to their distributions");
    WandbParameters parameters = new WandbParameters(fields);
    List<Param> top = new ArrayList<>();
    out.put("parameters", parameters.parameters(params, "", method.equals("grid"), top));
    if (method.equals("bayes")
        && !parameters.anyCategorical()
        && runCap.isPresent()
        && fields.integerAtLeast(runCap.get(), "run_cap", 1) <= GP_TRIALS) {
      out.put(
          "sampler",
          new Scalar(
              "gp", methodNode.at())); // where the tpe was: W&B's bayes is a Gaussian process
    }
    top.sort(Comparator.comparing(Param::name)); // the agent passes arguments sorted by name
    out.put("command", new WandbCommand(fields, environment, root, top).argv());
    ForeignFormats.pythonValues(root, out);
    // the program imports wandb: Sweep's offline module, unless sweep: {wandb_shim: false}
    out.put("wandb_shim", new Scalar(true, root.at()));
    ForeignFormats.options(fields, root, out);
    return out.build();
  }

  /** Refuses what needs W&amp;B's servers, naming it, rather than as an unknown key. */
  private void checkSupported(Mapping root) {
    fields.onlyKeys(root, "W&B sweep", ALLOWED);
    for (String key : UNSUPPORTED) {
      fields
          .optional(root, key)
          .ifPresent(
              n -> {
                throw fields.error(
                    root.entries().get(key).keyAt(),
                    key,
                    "W&B's '"
                        + key
                        + "' needs W&B's servers; Sweep runs methods grid, random and bayes itself (remove '"
                        + key
                        + "')");
              });
    }
  }

  String method(Node methodNode) {
    String method = fields.string(methodNode, "method");
    if (!METHODS.contains(method)) {
      throw fields.error(
          methodNode,
          "method",
          "unknown method '"
              + method
              + "'"
              + Hints.didYouMean(method, METHODS)
              + " (allowed: "
              + String.join(", ", METHODS)
              + (method.equals("custom") ? "; custom needs W&B's servers" : "")
              + ")");
    }
    return method;
  }

  Node objective(Node node) {
    Mapping m = fields.mapping(node, "metric", "{name: val_loss, goal: minimize}");
    fields.onlyKeys(
        m, "metric", List.of("name", "goal", "target", "impute", "impute_while_running"));
    MappingBuilder out = new MappingBuilder(m.at());
    out.put(
        "metric",
        fields.required(m, "name", "metric", "name the metric: metric: {name: val_loss}"));
    fields.optional(m, "goal").ifPresent(g -> out.put("goal", g));
    fields.optional(m, "target").ifPresent(t -> out.put("target", t));
    return out
        .build(); // impute: W&B's bayes imputes failed runs; TPE leaves them out, as Optuna does
  }

  Node earlyTerminate(Node node) {
    Mapping m = fields.mapping(node, "early_terminate", "{type: hyperband, min_iter: 3}");
    fields.onlyKeys(
        m, "early_terminate", List.of("type", "min_iter", "max_iter", "s", "eta", "strict"));
    Node type = fields.required(m, "type", "early_terminate", "type: hyperband");
    if (!"hyperband".equals(type.plain())) {
      throw fields.error(
          type,
          "early_terminate.type",
          "unknown type " + type.describe() + " (allowed: hyperband)");
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
}
