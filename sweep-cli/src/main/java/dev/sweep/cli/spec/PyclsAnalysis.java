package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * pycls's {@code ANALYZE} as the native {@code analyze:} defaults of {@code sweep analyze}: what
 * its page can show of pycls's analysis options, the split filters as its filters, and an error for
 * a filter it cannot apply.
 */
final class PyclsAnalysis {
  /** pycls's complexity metrics and the unit its filters count in ({@code metrics_info}). */
  private static final Map<String, Double> COMPLEXITY_UNITS =
      Map.of("flops", 1e9, "params", 1e6, "acts", 1e6);

  private final Fields fields;
  private final List<String> probed;

  /** With the probe values the trials record ({@code flops}, … where CX is read), else none. */
  PyclsAnalysis(Fields fields, List<String> probed) {
    this.fields = fields;
    this.probed = List.copyOf(probed);
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
                filters.add(splitFilter(split));
              }
              if (!filters.isEmpty()) {
                out.put("filters", new Sequence(filters, n.at()));
              }
            });
    return out.build();
  }

  /**
   * pycls's shortcuts ({@code analysis.py}, {@code metrics_info}) that name one config key, with
   * the scale pycls filters them on: 1 as it is, 10 its log10, 2 its log2.
   */
  private static final Map<String, Map.Entry<String, Integer>> CONFIG_SHORTCUTS =
      Map.ofEntries(
          Map.entry("epochs", Map.entry("OPTIM.MAX_EPOCH", 1)),
          Map.entry("resolution", Map.entry("TRAIN.IM_SIZE", 1)),
          Map.entry("batch_size", Map.entry("TRAIN.BATCH_SIZE", 1)),
          Map.entry("regnet_depth", Map.entry("REGNET.DEPTH", 1)),
          Map.entry("regnet_w0", Map.entry("REGNET.W0", 1)),
          Map.entry("regnet_wa", Map.entry("REGNET.WA", 1)),
          Map.entry("regnet_wm", Map.entry("REGNET.WM", 1)),
          Map.entry("regnet_gw", Map.entry("REGNET.GROUP_W", 1)),
          Map.entry("regnet_bm", Map.entry("REGNET.BOT_MUL", 1)),
          Map.entry("momentum", Map.entry("OPTIM.MOMENTUM", 1)),
          Map.entry("min_lr", Map.entry("OPTIM.MIN_LR", 1)),
          Map.entry("lr", Map.entry("OPTIM.BASE_LR", 10)),
          Map.entry("wd", Map.entry("OPTIM.WEIGHT_DECAY", 10)),
          Map.entry("bn_wd", Map.entry("BN.CUSTOM_WEIGHT_DECAY", 10)),
          Map.entry("ema_alpha", Map.entry("OPTIM.EMA_ALPHA", 10)),
          Map.entry("ema_beta", Map.entry("OPTIM.EMA_BETA", 10)),
          Map.entry("ema_update", Map.entry("OPTIM.EMA_UPDATE_PERIOD", 2)));

  /**
   * One split of SPLIT_FILTERS as a filter of the page: its conditions joined by {@code &}, each
   * {@code KEY=VALUE} when it pins one value of a config key, else {@code MIN<=NAME<=MAX} (pycls
   * keeps min <= v <= max), on a config key ({@code cfg.KEY} or a shortcut such as {@code epochs}
   * or {@code lr}, its log bounds turned back into values), on {@code error_tst}, the objective, or
   * on {@code flops}, {@code params} or {@code acts} where CX's probe records them. A condition on
   * what the trials do not record (complexity, time, memory, {@code done}, the EMA error) is an
   * error at its key, never dropped.
   */
  private Node splitFilter(Entry split) {
    Mapping bounds =
        fields.mapping(
            split.value(), "ANALYZE.SPLIT_FILTERS." + split.key(), "{metric: [min, med, max]}");
    if (bounds.entries().isEmpty()) {
      throw fields.error(
          split.value(),
          "ANALYZE.SPLIT_FILTERS." + split.key(),
          "has no condition; give {metric: [min, med, max]}");
    }
    List<String> conditions = new ArrayList<>();
    for (Entry b : bounds.entries().values()) {
      String field = "ANALYZE.SPLIT_FILTERS." + split.key() + "." + b.key();
      double[] v = fields.numbers(b.value(), field, 3, "[min, med, max]");
      String key;
      int scale = 1;
      if (b.key().startsWith("cfg.") && b.key().length() > "cfg.".length()) {
        key = b.key().substring("cfg.".length());
      } else if (CONFIG_SHORTCUTS.containsKey(b.key())) {
        key = CONFIG_SHORTCUTS.get(b.key()).getKey();
        scale = CONFIG_SHORTCUTS.get(b.key()).getValue();
      } else if (COMPLEXITY_UNITS.containsKey(b.key()) && probed.contains(b.key())) {
        double unit = COMPLEXITY_UNITS.get(b.key()); // pycls filters flops in B, the others in M
        conditions.add(number(v[0] * unit) + "<=" + b.key() + "<=" + number(v[2] * unit));
        continue;
      } else if (b.key().equals("error_tst")) {
        conditions.add(number(v[0]) + "<=" + PyclsFormat.METRIC + "<=" + number(v[2]));
        continue;
      } else {
        throw fields.error(
            b.keyAt(),
            field,
            "Sweep's analysis cannot filter on '"
                + b.key()
                + "': the trials record their config and min_top1_err (pycls's error_tst), not "
                + "pycls's times, memory, done or EMA error, nor its complexity unless CX gives "
                + "a probe; filter on cfg.KEY, a shortcut of one config key (epochs, lr, wd, "
                + "regnet_depth, …), error_tst, or flops, params, acts with SETUP.CONSTRAINTS.CX");
      }
      if (scale == 1 && v[0] == v[2]) { // one value of a config key
        Object value = ((Sequence) b.value()).items().get(0).plain();
        conditions.add(key + "=" + value);
      } else {
        double lo = scale == 1 ? v[0] : Math.pow(scale, v[0]); // pycls's bounds are on its log
        double hi = scale == 1 ? v[2] : Math.pow(scale, v[2]);
        conditions.add(number(lo) + "<=" + key + "<=" + number(hi));
      }
    }
    return new Scalar(String.join(" & ", conditions), split.keyAt());
  }

  /** A bound as a filter writes it: a whole number without a fraction. */
  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private long count(Mapping a, String key) {
    return fields
        .optional(a, key)
        .map(n -> fields.integerAtLeast(n, "ANALYZE." + key, 0))
        .orElse(0L);
  }
}
