package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.stopping.StoppingRule;
import dev.sweep.stopping.rules.MedianStopping;
import dev.sweep.stopping.rules.StoppingRules;
import dev.sweep.stopping.rules.SuccessiveHalving;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code stopping:} section: a rule's name ({@code stopping: median}) or a mapping with its
 * type and that rule's options, read into the early-stopping rule it names.
 */
final class StoppingReader {
  static final List<String> STOPPING = List.of("median", "asha", "hyperband", "wandb_hyperband");
  private static final String EXAMPLE = "{type: asha, min_steps: 1, reduction: 3}";

  private final Fields fields;

  StoppingReader(Fields fields) {
    this.fields = fields;
  }

  StoppingRule read(Node node) {
    Mapping m =
        node instanceof Scalar s && s.value() instanceof String
            ? new Mapping(Map.of("type", new Entry("type", s.at(), s)), node.at())
            : fields.mapping(node, "stopping", EXAMPLE);
    Node typeNode = fields.required(m, "type", "stopping", "say which rule: " + EXAMPLE);
    String type = fields.string(typeNode, "stopping.type");
    try {
      return switch (type) {
        case "median" -> median(m);
        case "asha" -> asha(m);
        case "hyperband" -> hyperband(m);
        case "wandb_hyperband" -> wandbHyperband(m);
        default ->
            throw fields.error(
                typeNode,
                "stopping.type",
                "unknown rule '"
                    + type
                    + "'"
                    + Hints.didYouMean(type, STOPPING)
                    + " (allowed: "
                    + String.join(", ", STOPPING)
                    + ")");
      };
    } catch (
        IllegalArgumentException
            e) { // the rule's own check, e.g. hyperband's min_steps > max_steps
      throw fields.error(node, "stopping", e.getMessage());
    }
  }

  private StoppingRule median(Mapping m) {
    fields.onlyKeys(m, "stopping", List.of("type", "startup_trials", "warmup_steps", "max_steps"));
    MedianStopping.Builder median = MedianStopping.builder();
    fields
        .optional(m, "startup_trials")
        .ifPresent(n -> median.startupTrials(fields.intAtLeast(n, "stopping.startup_trials", 0)));
    fields
        .optional(m, "warmup_steps")
        .ifPresent(n -> median.warmupSteps(fields.integerAtLeast(n, "stopping.warmup_steps", 0)));
    fields
        .optional(m, "max_steps")
        .ifPresent(n -> median.maxSteps(fields.integerAtLeast(n, "stopping.max_steps", 1)));
    return median.build();
  }

  private StoppingRule asha(Mapping m) {
    fields.onlyKeys(m, "stopping", List.of("type", "min_steps", "reduction", "max_steps"));
    long minSteps = longField(m, "min_steps", 1);
    SuccessiveHalving.Builder asha =
        SuccessiveHalving.builder(minSteps, intField(m, "reduction", 4));
    // at least min_steps: the rule's own check would name the mapping, not the value
    fields.optional(m, "max_steps").ifPresent(n -> asha.maxSteps(atLeastMinSteps(n, minSteps)));
    return asha.build();
  }

  private StoppingRule hyperband(Mapping m) {
    fields.onlyKeys(m, "stopping", List.of("type", "min_steps", "max_steps", "reduction"));
    Node max =
        fields.required(
            m,
            "max_steps",
            "stopping",
            "Hyperband spreads its brackets up to the longest run: "
                + "say how many steps a full trial reports (max_steps: 81)");
    long minSteps = longField(m, "min_steps", 1);
    return StoppingRules.hyperband(
        minSteps, atLeastMinSteps(max, minSteps), intField(m, "reduction", 3));
  }

  private StoppingRule wandbHyperband(Mapping m) {
    fields.onlyKeys(m, "stopping", List.of("type", "min_iter", "max_iter", "s", "eta", "strict"));
    double eta = fields.optional(m, "eta").map(n -> fields.number(n, "stopping.eta")).orElse(3.0);
    boolean strict =
        fields.optional(m, "strict").map(n -> fields.bool(n, "stopping.strict")).orElse(true);
    Optional<Node> maxIter = fields.optional(m, "max_iter");
    if (maxIter.isPresent()) {
      Node s =
          fields.required(m, "s", "stopping", "max_iter needs s, the number of bands below it");
      return StoppingRules.wandbHyperband(
          fields.integerAtLeast(maxIter.get(), "stopping.max_iter", 1),
          (int) fields.integerAtLeast(s, "stopping.s", 0),
          eta,
          strict);
    }
    Node min =
        fields.required(
            m, "min_iter", "stopping", "give min_iter (the first band), or max_iter and s");
    return StoppingRules.wandbHyperband(
        fields.integerAtLeast(min, "stopping.min_iter", 1), eta, strict);
  }

  /** {@code stopping.max_steps}, which must not be below {@code min_steps}. */
  private long atLeastMinSteps(Node node, long minSteps) {
    long max = fields.integer(node, "stopping.max_steps");
    if (max < minSteps) {
      throw fields.error(
          node,
          "stopping.max_steps",
          "wanted an integer >= min_steps ("
              + minSteps
              + "), found "
              + max
              + "; max_steps is the step of a full trial's last report");
    }
    return max;
  }

  private long longField(Mapping m, String key, long fallback) {
    return fields
        .optional(m, key)
        .map(n -> fields.integerAtLeast(n, "stopping." + key, 1))
        .orElse(fallback);
  }

  private int intField(Mapping m, String key, int fallback) {
    return fields
        .optional(m, key)
        .map(n -> fields.intAtLeast(n, "stopping." + key, 2))
        .orElse(fallback);
  }
}
