package dev.sweep.report;

import dev.sweep.population.Population;
import dev.sweep.report.Report.Subset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The EDF of the objective: every sweep's, then the first sweep's split by a parameter and its
 * filtered subsets, overlaid on one chart.
 */
final class EdfSection {
  private static final int POINTS = 500;

  private final List<ReportedSweep> sweeps;
  private final String split; // null: no split
  private final List<Subset> filters;

  /** One population's EDF, as points, and its legend label. */
  @SuppressWarnings("ArrayRecordComponent") // private, never compared or hashed
  private record Curve(String label, double[][] points) {}

  EdfSection(List<ReportedSweep> sweeps, String split, List<Subset> filters) {
    this.sweeps = sweeps;
    this.split = split;
    this.filters = filters;
  }

  void write(StringBuilder h) {
    Population main = sweeps.get(0).population();
    h.append(
            "<h2>Distribution of the objective (EDF)</h2>\n<p class=\"note\">The fraction of trials whose ")
        .append(Html.escape(main.objective().metric()))
        .append(" is at most x: a curve further ")
        .append(main.objective().maximize() ? "right" : "left")
        .append(" is a better population; comparable across sweeps of any size.</p>\n")
        .append(chart(main))
        .append('\n');
  }

  private String chart(Population main) {
    List<Curve> curves = curves(main);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Curve c : curves) {
      for (double[] p : c.points()) {
        lo = Math.min(lo, p[0]);
        hi = Math.max(hi, p[0]);
      }
    }
    String metric = main.objective().metric();
    Plot plot =
        new Plot(
            760,
            360,
            "EDF of " + metric,
            new Plot.Axis(metric, lo, hi, Scales.logScale(main.objectiveValues())),
            new Plot.Axis("fraction of trials", 0, 1, false));
    if (!main.objective().maximize()) {
      plot.legendBelow();
    }
    for (int i = 0; i < curves.size(); i++) {
      double[][] c = curves.get(i).points();
      plot.steps(
          column(c, 0), column(c, 1), Plot.PALETTE[i % Plot.PALETTE.length], curves.get(i).label());
    }
    return plot.svg(true);
  }

  /** The curves in the legend's order: the sweeps, the split's values, the filters. */
  private List<Curve> curves(Population main) {
    List<Curve> curves = new ArrayList<>();
    for (ReportedSweep s : sweeps) {
      curves.add(curve(s.label(), s.population()));
    }
    if (split != null) {
      main.split(split).forEach((value, sub) -> curves.add(curve(split + "=" + value, sub)));
    }
    for (Subset f : filters) {
      curves.add(curve(f.label(), f.population()));
    }
    return curves;
  }

  private static Curve curve(String label, Population population) {
    return new Curve(label + " (" + population.edf().size() + ")", population.edf().points(POINTS));
  }

  private static double[] column(double[][] points, int j) {
    return Arrays.stream(points).mapToDouble(p -> p[j]).toArray();
  }
}
