package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Sequence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * W&amp;B's {@code parameters}: each parameter's distribution, named or inferred from its keys as
 * W&amp;B's schema infers it, as a native domain ({@link WandbDistributions}); nested blocks as
 * nesting levels. One instance reads one file.
 */
final class WandbParameters {
  static final List<String> DISTRIBUTIONS =
      List.of(
          "constant",
          "categorical",
          "categorical_w_probabilities",
          "int_uniform",
          "uniform",
          "q_uniform",
          "log_uniform",
          "log_uniform_values",
          "q_log_uniform",
          "q_log_uniform_values",
          "inv_log_uniform",
          "inv_log_uniform_values",
          "normal",
          "q_normal",
          "log_normal",
          "q_log_normal",
          "beta",
          "q_beta");
  private static final List<String> GRID_OK =
      List.of("categorical", "constant", "int_uniform", "q_uniform");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private final Fields fields;
  private final WandbDistributions distributions;
  private boolean categorical; // whether a parameter read so far takes values from a list

  WandbParameters(Fields fields) {
    this.fields = fields;
    this.distributions = new WandbDistributions(fields);
  }

  /**
   * Whether a parameter read so far takes its values from a list: W&amp;B's bayes is then no
   * Gaussian process.
   */
  boolean anyCategorical() {
    return categorical;
  }

  /**
   * A top-level parameter, for the command's argument macros: its name, and whether it takes only
   * booleans.
   */
  record Param(String name, boolean bool) {}

  /**
   * The native {@code parameters} of W&amp;B's {@code map}, nested under {@code prefix}; adds each
   * top-level parameter to {@code top}. W&amp;B's grid search ({@code grid}) takes only the
   * distributions that list their values.
   */
  Mapping parameters(Mapping map, String prefix, boolean grid, List<Param> top) {
    if (map.entries().isEmpty()) {
      throw fields.error(
          map, prefix.isEmpty() ? "parameters" : prefix, "needs at least one parameter");
    }
    List<Entry> entries = new ArrayList<>(map.entries().values());
    if (grid) { // W&B's grid sorts by name at each level, the last varying fastest, as the native
      // grid does
      entries.sort(Comparator.comparing(Entry::key));
    }
    MappingBuilder out = new MappingBuilder(map.at());
    for (Entry e : entries) {
      String path = prefix.isEmpty() ? e.key() : prefix + "." + e.key();
      if (!NAME.matcher(e.key()).matches()) {
        throw fields.error(
            e.keyAt(),
            path,
            "W&B parameter names match [A-Za-z_][A-Za-z0-9_.-]*; '" + e.key() + "' does not");
      }
      Mapping p =
          fields.mapping(
              e.value(),
              path,
              "a distribution such as {values: [1, 2]}, {min: 0, max: 1} "
                  + "or {parameters: {…}} for a nested block");
      Node domain;
      boolean bool = false;
      if (p.entries().containsKey("parameters")) {
        fields.onlyKeys(p, path, List.of("parameters"));
        domain =
            parameters(
                fields.mapping(
                    p.entries().get("parameters").value(),
                    path + ".parameters",
                    "a mapping of nested parameters"),
                path,
                grid,
                new ArrayList<>());
      } else {
        String distribution = distribution(p, path);
        categorical |= distribution.startsWith("categorical");
        if (grid && !GRID_OK.contains(distribution)) {
          throw fields.error(
              p,
              path,
              "parameter "
                  + path
                  + " is a "
                  + distribution
                  + ", which grid search does not "
                  + "allow: grid search requires all parameters to be categorical, constant, int_uniform, or q_uniform "
                  + "(and categorical without probabilities)");
        }
        domain = distributions.domain(p, distribution, path, grid);
        bool = isBoolean(p, distribution);
      }
      if (domain instanceof Mapping nested && p.entries().containsKey("parameters")) {
        // dotted paths, not a nested mapping: a nested name such as beta or choice is then never
        // read as a native distribution
        for (Entry n : nested.entries().values()) {
          out.put(e.key() + "." + n.key(), n.keyAt(), n.value());
        }
      } else {
        out.put(e.key(), e.keyAt(), domain);
      }
      if (prefix.isEmpty()) {
        top.add(new Param(e.key(), bool));
      }
    }
    return out.build();
  }

  /**
   * The distribution named, or the one W&amp;B infers from the keys, checking its keys as W&amp;B's
   * schema does.
   */
  private String distribution(Mapping p, String path) {
    Optional<Node> named = fields.optional(p, "distribution");
    String d;
    if (named.isPresent()) {
      d = fields.string(named.get(), path + ".distribution");
      if (!DISTRIBUTIONS.contains(d)) {
        throw fields.error(
            named.get(),
            path + ".distribution",
            "unknown distribution '"
                + d
                + "'"
                + Hints.didYouMean(d, DISTRIBUTIONS)
                + " (allowed: "
                + String.join(", ", DISTRIBUTIONS)
                + ")");
      }
    } else if (p.entries().containsKey("values")) {
      d = p.entries().containsKey("probabilities") ? "categorical_w_probabilities" : "categorical";
    } else if (p.entries().containsKey("value")) {
      d = "constant";
    } else if (p.entries().containsKey("min") && p.entries().containsKey("max")) {
      boolean ints =
          p.entries().get("min").value().plain() instanceof Long
              && p.entries().get("max").value().plain() instanceof Long;
      d = ints ? "int_uniform" : "uniform";
    } else {
      throw fields.error(
          p,
          path,
          "cannot tell the distribution from the keys "
              + p.entries().keySet()
              + "; W&B infers categorical from values, constant from value, int_uniform or uniform from min and max; "
              + "otherwise give distribution: (one of "
              + String.join(", ", DISTRIBUTIONS)
              + ")");
    }
    fields.onlyKeys(p, path, concat(List.of("distribution"), keysOf(d)));
    return d;
  }

  private static List<String> keysOf(String distribution) {
    return switch (distribution) {
      case "constant" -> List.of("value");
      case "categorical" -> List.of("values");
      case "categorical_w_probabilities" -> List.of("values", "probabilities");
      case "int_uniform",
          "uniform",
          "log_uniform",
          "log_uniform_values",
          "inv_log_uniform",
          "inv_log_uniform_values" ->
          List.of("min", "max");
      case "q_uniform", "q_log_uniform", "q_log_uniform_values" -> List.of("min", "max", "q");
      case "normal", "log_normal" -> List.of("mu", "sigma");
      case "q_normal", "q_log_normal" -> List.of("mu", "sigma", "q");
      case "beta" -> List.of("a", "b");
      default -> List.of("a", "b", "q"); // q_beta
    };
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

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
