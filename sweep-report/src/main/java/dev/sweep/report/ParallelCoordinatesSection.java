package dev.sweep.report;

import dev.sweep.population.Population;
import dev.sweep.trial.TrialRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Parallel coordinates of the best trials: an axis per parameter and one for the objective, a line
 * per trial, darker for better ones.
 */
final class ParallelCoordinatesSection {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 380;

  private final Population main;
  private final int bestN;
  private final Set<String> logAxes;

  /**
   * One axis: where a trial lies on it (0 bottom, 1 top; null: nowhere), and the labels of its
   * ends.
   */
  private record TrialAxis(
      String name, Function<TrialRecord, Double> position, String lo, String hi) {}

  /** Where the axes stand on the chart, in pixels. */
  private record Frame(double left, double right, double top, double bottom, int axes) {
    double x(int axis) {
      return left + (right - left) * axis / Math.max(1, axes - 1);
    }

    double y(double position) {
      return bottom - position * (bottom - top);
    }
  }

  ParallelCoordinatesSection(Population main, int bestN, Set<String> logAxes) {
    this.main = main;
    this.bestN = bestN;
    this.logAxes = logAxes;
  }

  /** Writes nothing for fewer than two trials or no parameter. */
  void write(StringBuilder h) {
    List<TrialRecord> best = main.top(bestN);
    List<String> params = main.parameterNames();
    if (best.size() < 2 || params.isEmpty()) {
      return;
    }
    String metric = main.objective().metric();
    List<TrialAxis> axes = new ArrayList<>();
    for (String param : params) {
      axes.add(axis(param, best, t -> t.params().get(param)));
    }
    axes.add(axis(metric, best, t -> t.metrics().get(metric)));
    Plot plot =
        new Plot(
            WIDTH,
            HEIGHT,
            "the best " + best.size() + " trials, one line each (darker is better)",
            new Plot.Axis("", 0, 1, false),
            new Plot.Axis("", 0, 1, false));
    Frame frame =
        new Frame(plot.left() + 30, WIDTH - 60, plot.top() + 16, plot.bottom() - 16, axes.size());
    StringBuilder svg = new StringBuilder();
    for (int a = 0; a < axes.size(); a++) {
      drawAxis(svg, axes.get(a), frame.x(a), frame);
    }
    for (int i = best.size() - 1; i >= 0; i--) { // the best drawn last, on top
      drawTrial(
          svg, best.get(i), axes, frame, best.size() == 1 ? 0 : (double) i / (best.size() - 1));
    }
    h.append("<h2>Parallel coordinates</h2>\n").append(plot.raw(svg.toString()).svg(false));
  }

  /**
   * A numeric axis spans the trials' values (log where they are log-spread); any other lists them
   * in order.
   */
  private TrialAxis axis(String name, List<TrialRecord> best, Function<TrialRecord, Object> value) {
    List<Object> values = new ArrayList<>();
    for (TrialRecord t : best) {
      values.add(value.apply(t));
    }
    if (values.stream().allMatch(v -> v == null || v instanceof Number)) {
      double[] nums =
          values.stream()
              .filter(v -> v != null)
              .mapToDouble(v -> ((Number) v).doubleValue())
              .toArray();
      double[] r = nums.length == 0 ? new double[] {0, 1} : Scales.range(nums);
      Plot.Axis scale =
          new Plot.Axis(name, r[0], r[1], logAxes.contains(name) || Scales.logScale(nums));
      return new TrialAxis(
          name,
          t -> {
            Object v = value.apply(t);
            return v == null ? null : scale.fraction(((Number) v).doubleValue());
          },
          Plot.label(r[0]),
          Plot.label(r[1]));
    }
    List<String> levels =
        new ArrayList<>(new LinkedHashSet<>(values.stream().map(String::valueOf).toList()));
    return new TrialAxis(
        name,
        t -> {
          Object v = value.apply(t);
          return v == null
              ? null
              : levels.size() == 1
                  ? 0.5
                  : levels.indexOf(String.valueOf(v)) / (double) (levels.size() - 1);
        },
        levels.get(0),
        levels.get(levels.size() - 1));
  }

  private static void drawAxis(StringBuilder svg, TrialAxis axis, double x, Frame frame) {
    svg.append("<line x1=\"")
        .append(Plot.num(x))
        .append("\" x2=\"")
        .append(Plot.num(x))
        .append("\" y1=\"")
        .append(Plot.num(frame.top()))
        .append("\" y2=\"")
        .append(Plot.num(frame.bottom()))
        .append("\" stroke=\"#444\"/>\n");
    svg.append("<text x=\"")
        .append(Plot.num(x))
        .append("\" y=\"")
        .append(Plot.num(frame.bottom() + 26))
        .append("\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\">")
        .append(Html.escape(axis.name()))
        .append("</text>\n");
    svg.append("<text x=\"")
        .append(Plot.num(x + 3))
        .append("\" y=\"")
        .append(Plot.num(frame.bottom() + 12))
        .append("\" font-size=\"9\">")
        .append(Html.escape(axis.lo()))
        .append("</text>\n");
    svg.append("<text x=\"")
        .append(Plot.num(x + 3))
        .append("\" y=\"")
        .append(Plot.num(frame.top() - 4))
        .append("\" font-size=\"9\">")
        .append(Html.escape(axis.hi()))
        .append("</text>\n");
  }

  /** A trial's line through the axes it has a value on; {@code shade} 0 is the darkest. */
  private static void drawTrial(
      StringBuilder svg, TrialRecord t, List<TrialAxis> axes, Frame frame, double shade) {
    StringBuilder pts = new StringBuilder();
    for (int a = 0; a < axes.size(); a++) {
      Double f = axes.get(a).position().apply(t);
      if (f != null && Double.isFinite(f)) {
        pts.append(Plot.num(frame.x(a))).append(',').append(Plot.num(frame.y(f))).append(' ');
      }
    }
    svg.append("<polyline fill=\"none\" stroke=\"")
        .append(blue(shade))
        .append("\" stroke-width=\"1.3\" stroke-opacity=\"0.8\" points=\"")
        .append(pts)
        .append("\"/>\n");
  }

  private static String blue(double shade) {
    int r = (int) (20 + 180 * shade);
    int g = (int) (60 + 150 * shade);
    int b = (int) (140 + 100 * shade);
    return String.format("#%02x%02x%02x", r, g, b);
  }
}
