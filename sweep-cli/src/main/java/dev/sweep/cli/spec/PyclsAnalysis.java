package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.util.ArrayList;
import java.util.List;

/**
 * pycls's {@code ANALYZE} as the native {@code analyze:} defaults of {@code sweep analyze}: what
 * its page can show of pycls's analysis options, and an error for a filter it would ignore.
 */
final class PyclsAnalysis {
  private final Fields fields;

  PyclsAnalysis(Fields fields) {
    this.fields = fields;
  }

  static final List<String> ANALYZE_KEYS =
      List.of(
          "METRICS",
          "COMPLEXITY",
          "PLOT_METRIC_VALUES",
          "PLOT_METRIC_TRENDS",
          "PLOT_COMPLEXITY_VALUES",
          "PLOT_COMPLEXITY_TRENDS",
          "PLOT_CURVES_BEST",
          "PLOT_CURVES_WORST",
          "PLOT_MODELS_BEST",
          "PLOT_MODELS_WORST",
          "PRE_FILTERS",
          "SPLIT_FILTERS",
          "EXTRA_SWEEP_NAMES");

  /**
   * PRE_FILTERS drop jobs before pycls's analysis. One on {@code done} (the share of a job's epochs
   * run) that keeps finished jobs, such as pycls's examples' {@code [1, 1, 1]} and {@code [0, 1,
   * 1]}, is close to what Sweep's analysis does anyway: it ranks completed trials and counts the
   * others. Any other would drop trials that the page shows, so it is an error rather than ignored.
   */
  private void preFilters(Node n) {
    Mapping filters = fields.mapping(n, "ANALYZE.PRE_FILTERS", "{metric: [min, med, max]}");
    for (Entry f : filters.entries().values()) {
      String field = "ANALYZE.PRE_FILTERS." + f.key();
      double[] v = fields.numbers(f.value(), field, 3, "[min, med, max]");
      if (!(f.key().equals("done") && v[0] <= 1 && v[2] >= 1)) {
        throw fields.error(
            f.keyAt(),
            field,
            "Sweep's analysis keeps no pre-filter but one on done that keeps finished "
                + "jobs, such as [1, 1, 1] (it ranks completed trials); to look at a subset, give sweep analyze --filter "
                + "PARAM=VALUE, or remove this filter");
      }
    }
  }

  /**
   * ANALYZE as the defaults of {@code sweep analyze}: how many curves and best models, the
   * one-value split filters.
   */
  Mapping analyze(Mapping a) {
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
    fields
        .optional(a, "SPLIT_FILTERS")
        .ifPresent(
            n -> {
              List<Node> filters = new ArrayList<>();
              for (Entry split :
                  fields
                      .mapping(n, "ANALYZE.SPLIT_FILTERS", "{name: {metric: [min, med, max]}}")
                      .entries()
                      .values()) {
                Mapping bounds =
                    fields.mapping(
                        split.value(),
                        "ANALYZE.SPLIT_FILTERS." + split.key(),
                        "{metric: [min, med, max]}");
                for (Entry b : bounds.entries().values()) {
                  double[] v =
                      fields.numbers(
                          b.value(),
                          "ANALYZE.SPLIT_FILTERS." + split.key() + "." + b.key(),
                          3,
                          "[min, med, max]");
                  if (v[0] == v[2]
                      && b.key()
                          .startsWith("cfg.")) { // one value of a config key: a filter of the page
                    Object value = ((Sequence) b.value()).items().get(0).plain();
                    filters.add(
                        new Scalar(b.key().substring("cfg.".length()) + "=" + value, b.keyAt()));
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
    return fields
        .optional(a, key)
        .map(n -> fields.integerAtLeast(n, "ANALYZE." + key, 0))
        .orElse(0L);
  }
}
