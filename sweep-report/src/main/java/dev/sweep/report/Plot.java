package dev.sweep.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One chart as inline SVG: a plotting area with labelled axes (linear or log10), and what is drawn
 * in it in data coordinates: lines, points, bands, bars, text, a legend. No script, no external
 * reference: the SVG reads the same in any browser, printed or offline.
 */
final class Plot {
  static final String[] PALETTE = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#7f7f7f", "#bcbd22"
  };

  /** An axis: its range and whether it is log10. */
  static final class Axis {
    final String label;
    double lo;
    double hi;
    final boolean log;

    Axis(String label, double lo, double hi, boolean log) {
      this.label = label;
      this.log = log && lo > 0 && hi > 0;
      double a = this.log ? Math.log10(lo) : lo;
      double b = this.log ? Math.log10(hi) : hi;
      if (!(b > a)) { // one value, or none: a range around it
        double mid = Double.isFinite(a) ? a : 0;
        a = mid - 0.5;
        b = mid + 0.5;
      } else if (!this.log) {
        double pad = (b - a) * 0.03;
        a -= pad;
        b += pad;
      }
      this.lo = a;
      this.hi = b;
    }

    /** Where {@code v} lies, from 0 (lo) to 1 (hi). */
    double fraction(double v) {
      double t = log ? Math.log10(v) : v;
      return (t - lo) / (hi - lo);
    }

    /** About five round tick values within the range. */
    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      if (log) {
        for (int e = (int) Math.ceil(lo - 1e-9); e <= Math.floor(hi + 1e-9); e++) {
          ticks.add(Math.pow(10, e));
        }
        if (ticks.size() >= 2) {
          return ticks;
        }
        ticks.clear(); // less than a decade: linear ticks in between
        return linearTicks(Math.pow(10, lo), Math.pow(10, hi));
      }
      return linearTicks(lo, hi);
    }

    private static List<Double> linearTicks(double lo, double hi) {
      double step = Math.pow(10, Math.floor(Math.log10((hi - lo) / 5)));
      double span = (hi - lo) / step;
      step *= span > 25 ? 5 : span > 10 ? 2 : 1;
      List<Double> ticks = new ArrayList<>();
      for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
        ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
      }
      return ticks;
    }
  }

  private final int width;
  private final int height;
  private final String title;
  private final Axis x;
  private final Axis y;
  private int left = 64; // wider for bar charts, whose labels sit on the left
  private static final int RIGHT = 16;
  private static final int TOP = 28;
  private static final int BOTTOM = 44;
  private final StringBuilder body =
      new StringBuilder(); // in data coordinates, clipped to the plot area
  private final StringBuilder overlay =
      new StringBuilder(); // labels and axes of its own, not clipped
  private final List<String[]> legend = new ArrayList<>(); // {colour, label}
  private boolean legendBelow; // at the bottom right, clear of curves that rise to the top right

  Plot(int width, int height, String title, Axis x, Axis y) {
    this.width = width;
    this.height = height;
    this.title = title;
    this.x = x;
    this.y = y;
  }

  /** Room on the left for labels of this many pixels (bar charts). */
  Plot leftMargin(int pixels) {
    this.left = pixels;
    return this;
  }

  Plot legendBelow() {
    this.legendBelow = true;
    return this;
  }

  private double px(double v) {
    return left + x.fraction(v) * (width - left - RIGHT);
  }

  private double py(double v) {
    return height - BOTTOM - y.fraction(v) * (height - TOP - BOTTOM);
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** A short label for a tick or a value: 4 significant digits, exponent form when far from 1. */
  static String label(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e5 || a < 1e-3) {
      return String.format(Locale.ROOT, "%.0e", v)
          .replace("e-0", "e-")
          .replace("e+0", "e")
          .replace("e+", "e");
    }
    String s = String.format(Locale.ROOT, "%.4g", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  Plot line(double[] xs, double[] ys, String colour, double widthPx, String label) {
    StringBuilder pts = new StringBuilder();
    for (int i = 0; i < xs.length; i++) {
      if (Double.isFinite(xs[i])
          && Double.isFinite(ys[i])
          && (!x.log || xs[i] > 0)
          && (!y.log || ys[i] > 0)) {
        pts.append(num(px(xs[i]))).append(',').append(num(py(ys[i]))).append(' ');
      }
    }
    body.append("<polyline fill=\"none\" stroke=\"")
        .append(colour)
        .append("\" stroke-width=\"")
        .append(widthPx)
        .append("\" points=\"")
        .append(pts)
        .append("\"/>\n");
    if (label != null) {
      legend.add(new String[] {colour, label});
    }
    return this;
  }

  /** A step function through the points, as an EDF is drawn. */
  Plot steps(double[] xs, double[] ys, String colour, String label) {
    double[] sx = new double[xs.length * 2];
    double[] sy = new double[xs.length * 2];
    for (int i = 0; i < xs.length; i++) {
      sx[2 * i] = xs[i];
      sy[2 * i] = i == 0 ? 0 : ys[i - 1];
      sx[2 * i + 1] = xs[i];
      sy[2 * i + 1] = ys[i];
    }
    return line(sx, sy, colour, 2, label);
  }

  Plot points(double[] xs, double[] ys, String colour, double radius, double opacity) {
    for (int i = 0; i < xs.length; i++) {
      if (Double.isFinite(xs[i])
          && Double.isFinite(ys[i])
          && (!x.log || xs[i] > 0)
          && (!y.log || ys[i] > 0)) {
        body.append("<circle cx=\"")
            .append(num(px(xs[i])))
            .append("\" cy=\"")
            .append(num(py(ys[i])))
            .append("\" r=\"")
            .append(radius)
            .append("\" fill=\"")
            .append(colour)
            .append("\" fill-opacity=\"")
            .append(opacity)
            .append("\"/>\n");
      }
    }
    return this;
  }

  /** A vertical band from {@code x0} to {@code x1}, across the plot, with a line at {@code mid}. */
  Plot band(double x0, double mid, double x1, String colour, String label) {
    if (!(Double.isFinite(x0) && Double.isFinite(x1)) || (x.log && (x0 <= 0 || x1 <= 0))) {
      return this;
    }
    double a = px(x0);
    double b = px(x1);
    body.append("<rect x=\"")
        .append(num(Math.min(a, b)))
        .append("\" y=\"")
        .append(TOP)
        .append("\" width=\"")
        .append(num(Math.max(1, Math.abs(b - a))))
        .append("\" height=\"")
        .append(height - TOP - BOTTOM)
        .append("\" fill=\"")
        .append(colour)
        .append("\" fill-opacity=\"0.15\"/>\n");
    if (Double.isFinite(mid) && (!x.log || mid > 0)) {
      body.append("<line x1=\"")
          .append(num(px(mid)))
          .append("\" x2=\"")
          .append(num(px(mid)))
          .append("\" y1=\"")
          .append(TOP)
          .append("\" y2=\"")
          .append(height - BOTTOM)
          .append("\" stroke=\"")
          .append(colour)
          .append("\" stroke-dasharray=\"4 3\"/>\n");
    }
    if (label != null) {
      legend.add(new String[] {colour, label});
    }
    return this;
  }

  /** Horizontal bars, one per label, from 0 to each value (x is the value axis). */
  Plot bars(List<String> labels, double[] values, String colour) {
    double rowHeight = (height - TOP - BOTTOM) / (double) Math.max(1, labels.size());
    for (int i = 0; i < labels.size(); i++) {
      double top = TOP + i * rowHeight + rowHeight * 0.15;
      double x0 = px(Math.max(x.lo, 0));
      double x1 = px(values[i]);
      body.append("<rect x=\"")
          .append(num(x0))
          .append("\" y=\"")
          .append(num(top))
          .append("\" width=\"")
          .append(num(Math.max(0.5, x1 - x0)))
          .append("\" height=\"")
          .append(num(rowHeight * 0.7))
          .append("\" fill=\"")
          .append(colour)
          .append("\"/>\n");
      overlay
          .append("<text x=\"")
          .append(left - 6)
          .append("\" y=\"")
          .append(num(top + rowHeight * 0.5))
          .append("\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"11\">")
          .append(Html.escape(labels.get(i)))
          .append("</text>\n");
      body.append("<text x=\"")
          .append(num(x1 + 4))
          .append("\" y=\"")
          .append(num(top + rowHeight * 0.5))
          .append("\" dominant-baseline=\"middle\" font-size=\"11\">")
          .append(label(values[i]))
          .append("</text>\n");
    }
    return this;
  }

  /** Raw SVG in pixel coordinates, for charts with axes of their own (parallel coordinates). */
  Plot raw(String svg) {
    overlay.append(svg);
    return this;
  }

  /**
   * The chart; {@code axes} false draws the frame only (for charts that draw axes of their own).
   */
  String svg(boolean axes) {
    return svg(axes, axes);
  }

  String svg(boolean drawXTicks, boolean drawYTicks) {
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" font-family=\"sans-serif\" role=\"img\"><title>")
        .append(Html.escape(title))
        .append("</title>\n");
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append("<text x=\"")
        .append(width / 2)
        .append("\" y=\"17\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">")
        .append(Html.escape(title))
        .append("</text>\n");
    int plotBottom = height - BOTTOM;
    s.append("<rect x=\"")
        .append(left)
        .append("\" y=\"")
        .append(TOP)
        .append("\" width=\"")
        .append(width - left - RIGHT)
        .append("\" height=\"")
        .append(height - TOP - BOTTOM)
        .append("\" fill=\"none\" stroke=\"#999\"/>\n");
    for (double t : drawXTicks ? x.ticks() : List.<Double>of()) {
      double p = px(t);
      if (p < left - 0.5 || p > width - RIGHT + 0.5) {
        continue;
      }
      s.append("<line x1=\"")
          .append(num(p))
          .append("\" x2=\"")
          .append(num(p))
          .append("\" y1=\"")
          .append(TOP)
          .append("\" y2=\"")
          .append(plotBottom)
          .append("\" stroke=\"#eee\"/>\n");
      s.append("<text x=\"")
          .append(num(p))
          .append("\" y=\"")
          .append(plotBottom + 14)
          .append("\" text-anchor=\"middle\" font-size=\"10\">")
          .append(label(t))
          .append("</text>\n");
    }
    if (drawXTicks) {
      s.append("<text x=\"")
          .append((left + width - RIGHT) / 2)
          .append("\" y=\"")
          .append(height - 10)
          .append("\" text-anchor=\"middle\" font-size=\"12\">")
          .append(Html.escape(x.label + (x.log ? " (log)" : "")))
          .append("</text>\n");
    }
    if (drawYTicks) {
      for (double t : y.ticks()) {
        double p = py(t);
        if (p < TOP - 0.5 || p > plotBottom + 0.5) {
          continue;
        }
        s.append("<line x1=\"")
            .append(left)
            .append("\" x2=\"")
            .append(width - RIGHT)
            .append("\" y1=\"")
            .append(num(p))
            .append("\" y2=\"")
            .append(num(p))
            .append("\" stroke=\"#eee\"/>\n");
        s.append("<text x=\"")
            .append(left - 5)
            .append("\" y=\"")
            .append(num(p + 3))
            .append("\" text-anchor=\"end\" font-size=\"10\">")
            .append(label(t))
            .append("</text>\n");
      }
      s.append("<text transform=\"translate(14,")
          .append((TOP + plotBottom) / 2)
          .append(") rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">")
          .append(Html.escape(y.label + (y.log ? " (log)" : "")))
          .append("</text>\n");
    }
    // Named by its rectangle: plots with the same one share a clip, and no counter is shared
    String clipId =
        "clip-" + left + "-" + TOP + "-" + (width - left - RIGHT) + "-" + (height - TOP - BOTTOM);
    s.append("<clipPath id=\"")
        .append(clipId)
        .append("\"><rect x=\"")
        .append(left)
        .append("\" y=\"")
        .append(TOP)
        .append("\" width=\"")
        .append(width - left - RIGHT)
        .append("\" height=\"")
        .append(height - TOP - BOTTOM)
        .append("\"/></clipPath>\n<g clip-path=\"url(#")
        .append(clipId)
        .append(")\">\n")
        .append(body)
        .append("</g>\n")
        .append(overlay);
    int longest = legend.stream().mapToInt(l -> l[1].length()).max().orElse(0);
    int lx = (int) Math.max(left + 4, width - RIGHT - 24 - 6.3 * longest);
    for (int i = 0; i < legend.size(); i++) {
      int ly = legendBelow ? plotBottom - 8 - (legend.size() - 1 - i) * 15 : TOP + 8 + i * 15;
      s.append("<rect x=\"")
          .append(lx)
          .append("\" y=\"")
          .append(ly - 8)
          .append("\" width=\"12\" height=\"10\" fill=\"")
          .append(legend.get(i)[0])
          .append("\"/>\n");
      s.append("<text x=\"")
          .append(lx + 16)
          .append("\" y=\"")
          .append(ly + 1)
          .append("\" font-size=\"11\">")
          .append(Html.escape(legend.get(i)[1]))
          .append("</text>\n");
    }
    return s.append("</svg>\n").toString();
  }

  int left() {
    return left;
  }

  int top() {
    return TOP;
  }

  int bottom() {
    return height - BOTTOM;
  }
}
