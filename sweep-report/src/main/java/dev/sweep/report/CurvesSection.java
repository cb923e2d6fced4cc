package dev.sweep.report;

import dev.sweep.population.Population;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The training curves of the best trials (blue) and of the worst (red), on one chart. */
final class CurvesSection {
  private final Population main;
  private final int curves;

  CurvesSection(Population main, int curves) {
    this.main = main;
    this.curves = curves;
  }

  /**
   * Writes nothing if no curve is asked for, or the best trials report no curve with a finite
   * value.
   */
  void write(StringBuilder h) {
    if (curves == 0) {
      return;
    }
    List<TrialRecord> best = main.top(curves);
    Set<Long> bestIds = new HashSet<>(best.stream().map(TrialRecord::id).toList());
    List<TrialRecord> worst =
        new ArrayList<>(
            main.bottom(curves).stream().filter(t -> !bestIds.contains(t.id())).toList());
    Collections.reverse(worst); // worst last, as in a ranking
    String metric = curveMetric(best, main.objective().metric());
    if (metric == null) {
      return;
    }
    List<TrialRecord> drawn = new ArrayList<>(best);
    drawn.addAll(worst);
    double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    double[] yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    ranges(drawn, metric, xr, yr);
    if (!(xr[1] >= xr[0])) {
      return;
    }
    Plot plot =
        new Plot(
            760,
            360,
            metric
                + " by step: the "
                + best.size()
                + " best trials (blue) and the "
                + worst.size()
                + " worst (red)",
            new Plot.Axis("step", xr[0], xr[1], false),
            new Plot.Axis(metric, yr[0], yr[1], yr[0] > 0 && yr[1] / yr[0] >= 100));
    for (int i = 0; i < drawn.size(); i++) {
      TrialRecord t = drawn.get(i);
      boolean good = i < best.size();
      double[] steps =
          t.curve().stream()
              .filter(p -> p.metrics().containsKey(metric))
              .mapToDouble(CurvePoint::step)
              .toArray();
      double[] values =
          t.curve().stream()
              .filter(p -> p.metrics().containsKey(metric))
              .mapToDouble(p -> p.metrics().get(metric))
              .toArray();
      plot.line(
          steps,
          values,
          good ? "#1f77b4" : "#d62728",
          i == 0 ? 2.5 : 1.2,
          i == 0 ? "best: trial " + t.id() : i == best.size() ? "worst " + worst.size() : null);
    }
    h.append("<h2>Training curves</h2>\n").append(plot.svg(true));
  }

  /**
   * The objective's metric if the best trials' curves have it, else the first metric they report.
   */
  private static String curveMetric(List<TrialRecord> trials, String objectiveMetric) {
    Set<String> names = new LinkedHashSet<>();
    for (TrialRecord t : trials) {
      t.curve().forEach(p -> names.addAll(p.metrics().keySet()));
    }
    return names.contains(objectiveMetric)
        ? objectiveMetric
        : names.stream().findFirst().orElse(null);
  }

  /**
   * Widens {@code xr} and {@code yr} ({lo, hi}) to the steps and finite values of {@code metric} in
   * the trials' curves.
   */
  private static void ranges(List<TrialRecord> trials, String metric, double[] xr, double[] yr) {
    for (TrialRecord t : trials) {
      for (CurvePoint p : t.curve()) {
        Double v = p.metrics().get(metric);
        if (v != null && Double.isFinite(v)) {
          xr[0] = Math.min(xr[0], (double) p.step());
          xr[1] = Math.max(xr[1], (double) p.step());
          yr[0] = Math.min(yr[0], v);
          yr[1] = Math.max(yr[1], v);
        }
      }
    }
  }
}
