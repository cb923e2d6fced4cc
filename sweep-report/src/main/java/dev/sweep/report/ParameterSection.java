package dev.sweep.report;

import dev.sweep.population.ParameterStatistics;
import dev.sweep.population.Population;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The objective against each parameter of the first sweep: a scatter of every sweep's trials with
 * the parameter's good range for a number, the mean and best per value for a choice.
 */
final class ParameterSection {
  private static final int MAX_POINTS = 3000;

  private final List<ReportedSweep> sweeps;
  private final Set<String> logAxes;
  private final long seed;
  private final Population main;
  private final String metric;

  ParameterSection(List<ReportedSweep> sweeps, Set<String> logAxes, long seed) {
    this.sweeps = sweeps;
    this.logAxes = logAxes;
    this.seed = seed;
    this.main = sweeps.get(0).population();
    this.metric = main.objective().metric();
  }

  void write(StringBuilder h) {
    h.append("<h2>")
        .append(Html.escape(metric))
        .append(
            " against each parameter</h2>\n<p class=\"note\">Each point is a "
                + "trial (at most 3,000 drawn per sweep). The band is the parameter's good range as pycls estimates it: where "
                + "the best trial of a random quarter of the trials lies (2.5–97.5 %, dashed at the median, 1,000 draws). "
                + "Choices show the mean and the best per value.</p>\n<div class=\"charts\">\n");
    for (String param : main.parameterNames()) {
      ParameterStatistics stats;
      try {
        stats = main.parameter(param);
      } catch (IllegalArgumentException notNumeric) {
        h.append(levels(param));
        continue;
      }
      h.append(scatter(param, stats));
    }
    h.append("</div>\n");
  }

  /**
   * A number's chart: every sweep's trials, the first sweep's good range; empty if it has no
   * values.
   */
  private String scatter(String param, ParameterStatistics stats) {
    // each sweep's pairs, copied out of its statistics once
    List<double[]> xsOf = new ArrayList<>();
    List<double[]> ysOf = new ArrayList<>();
    for (int i = 0; i < sweeps.size(); i++) {
      ParameterStatistics s = i == 0 ? stats : parameterOrNull(sweeps.get(i).population(), param);
      xsOf.add(s == null ? new double[0] : s.values());
      ysOf.add(s == null ? new double[0] : s.objectives());
    }
    if (xsOf.get(0).length == 0) {
      return "";
    }
    double[] allX = xsOf.stream().flatMapToDouble(Arrays::stream).toArray();
    double[] xr = Scales.range(allX);
    double[] yr = Scales.range(ysOf.stream().flatMapToDouble(Arrays::stream).toArray());
    boolean logX = (logAxes.contains(param) && xr[0] > 0) || Scales.logScale(allX);
    Plot plot =
        new Plot(
            400,
            280,
            metric + " vs " + param,
            new Plot.Axis(param, xr[0], xr[1], logX),
            new Plot.Axis(metric, yr[0], yr[1], Scales.logScale(ysOf.get(0))));
    ParameterStatistics.Range good = stats.goodRange(1000, 0.25, seed);
    plot.band(good.low(), good.median(), good.high(), "#2ca02c", "good range");
    for (int i = 0; i < sweeps.size(); i++) {
      double[][] sample = sample(xsOf.get(i), ysOf.get(i), MAX_POINTS);
      plot.points(sample[0], sample[1], Plot.PALETTE[i % Plot.PALETTE.length], 2.2, 0.5);
    }
    return plot.svg(true);
  }

  /**
   * A choice's chart: the mean objective per value, its count and best in the caption; empty if
   * none.
   */
  private String levels(String param) {
    List<String> names = new ArrayList<>();
    List<String> details = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    main.groupBy(param)
        .forEach(
            (level, s) -> {
              if (s.count() > 0) {
                String name = String.valueOf(level);
                names.add(name.length() > 12 ? name.substring(0, 11) + "…" : name);
                details.add(
                    name
                        + ": "
                        + s.count()
                        + " trials, mean "
                        + Plot.label(s.mean())
                        + ", best "
                        + Plot.label(main.objective().maximize() ? s.max() : s.min()));
                means.add(s.mean());
              }
            });
    if (names.isEmpty()) {
      return "";
    }
    double max = means.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    double min = Math.min(0, means.stream().mapToDouble(Double::doubleValue).min().orElse(0));
    Plot plot =
        new Plot(
                400,
                Math.max(140, 72 + 26 * names.size()),
                "mean " + metric + " per " + param,
                new Plot.Axis("mean " + metric, min, max * 1.25, false),
                new Plot.Axis("", 0, 1, false))
            .leftMargin(96);
    plot.bars(names, means.stream().mapToDouble(Double::doubleValue).toArray(), Plot.PALETTE[0]);
    return "<figure style=\"margin:0\">"
        + plot.svg(true, false)
        + "<figcaption class=\"note\">"
        + Html.escape(String.join("; ", details))
        + "</figcaption></figure>\n";
  }

  private static ParameterStatistics parameterOrNull(Population p, String param) {
    try {
      return p.parameter(param);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** At most {@code max} of the pairs, evenly spread over the trials' order. */
  private static double[][] sample(double[] xs, double[] ys, int max) {
    if (xs.length <= max) {
      return new double[][] {xs, ys};
    }
    double[] sx = new double[max];
    double[] sy = new double[max];
    for (int i = 0; i < max; i++) {
      int k = (int) ((long) i * xs.length / max);
      sx[i] = xs[k];
      sy[i] = ys[k];
    }
    return new double[][] {sx, sy};
  }
}
