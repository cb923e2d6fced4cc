package dev.sweep.report;

import static java.util.Objects.requireNonNull;

import dev.sweep.trial.CurvePoint;
import dev.sweep.population.Edf;
import dev.sweep.population.Population;
import dev.sweep.population.ParameterStatistics;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import dev.sweep.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The analysis of one sweep or several side by side, as one self-contained HTML page: inline SVG,
 * no script, no network. What pycls draws, and more: the sweep's definition, a status table, the
 * EDF of the objective (sweeps, splits and filters overlaid), the objective against each
 * parameter with its good range (log axes where the values span two decades or more), parameter
 * importance, parallel coordinates of the best trials, the curves of the best and worst trials,
 * and a table of the top trials.
 *
 * <pre>{@code
 * Report.builder()
 *     .sweep("lr sweep", population, Files.readString(dir.resolve("sweep.yaml")))
 *     .sweep("baseline", baseline)
 *     .split("optim.name")
 *     .build()
 *     .write(Path.of("analysis.html"));
 * }</pre>
 *
 * <p>The first sweep is the one the per-parameter charts, importance, curves and tables are about;
 * every sweep is in the status table and the EDF. Immutable once built.
 */
public final class Report {
  /** A sweep in the report: its label, population and definition (the YAML it ran, or null). */
  private record Section(String label, Population population, String definition) {
    Section {
      requireNonNull(label, "label == null");
      requireNonNull(population, "population == null");
    }
  }

  /** A subset of the first sweep, overlaid on the EDF under its label. */
  public record Subset(String label, Population population) {}

  private final String title;
  private final List<Section> sweeps;
  private final String split;
  private final List<Subset> filters;
  private final int bestN;
  private final int curves;
  private final int topTrials;
  private final long seed;
  private final Set<String> logAxes;
  private final Instant generated;

  private Report(Builder b) {
    this.title = b.title != null ? b.title : "Sweep analysis: " + String.join(", ", b.sweeps.stream().map(Section::label).toList());
    this.sweeps = List.copyOf(b.sweeps);
    this.split = b.split;
    this.filters = List.copyOf(b.filters);
    this.bestN = b.bestN;
    this.curves = b.curves;
    this.topTrials = b.topTrials;
    this.seed = b.seed;
    this.logAxes = Set.copyOf(b.logAxes);
    this.generated = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  /** A builder of a report; add at least one sweep. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the sweeps and options of a report; {@link #build()} checks them. */
  public static final class Builder {
    private String title;
    private final List<Section> sweeps = new ArrayList<>();
    private String split;
    private final List<Subset> filters = new ArrayList<>();
    private int bestN = 50;
    private int curves = 5;
    private int topTrials = 20;
    private long seed = 0;
    private final Set<String> logAxes = new HashSet<>();

    private Builder() {}

    /**
     * Parameters to draw on log axes, such as those of log-uniform, log-normal, log-int and
     * power-of-two domains; any other parameter gets one where its values are log-spread.
     * Default: none; calls add up.
     *
     * @return this builder
     * @throws NullPointerException if {@code params} or one of them is null
     */
    public Builder logAxes(Collection<String> params) {
      requireNonNull(params, "params == null").forEach(p -> logAxes.add(requireNonNull(p, "param == null")));
      return this;
    }

    /**
     * The page's title. Default: "Sweep analysis: " and the sweeps' labels.
     *
     * @return this builder
     * @throws NullPointerException if {@code title} is null
     */
    public Builder title(String title) {
      this.title = requireNonNull(title, "title == null");
      return this;
    }

    /**
     * Adds a sweep without its definition: {@code sweep(label, population, null)}.
     *
     * @return this builder
     * @throws NullPointerException if {@code label} or {@code population} is null
     */
    public Builder sweep(String label, Population population) {
      return sweep(label, population, null);
    }

    /**
     * Adds a sweep with its definition (shown as written, or none if null), such as the folder's
     * {@code sweep.yaml}. The first sweep added is the one the per-parameter charts, importance,
     * curves and tables are about.
     *
     * @return this builder
     * @throws NullPointerException if {@code label} or {@code population} is null
     */
    public Builder sweep(String label, Population population, String definition) {
      sweeps.add(new Section(label, population, definition));
      return this;
    }

    /**
     * Overlays on the EDF the first sweep split by the values of a parameter (a split-filter).
     * Default: no split.
     *
     * @return this builder
     * @throws NullPointerException if {@code param} is null
     */
    public Builder split(String param) {
      this.split = requireNonNull(param, "param == null");
      return this;
    }

    /**
     * Overlays on the EDF a subset of the first sweep, such as
     * {@code population.filter("optim.name", "adam"::equals)}. Default: none; calls add up.
     *
     * @return this builder
     * @throws NullPointerException if {@code label} or {@code subset} is null
     */
    public Builder filter(String label, Population subset) {
      filters.add(new Subset(requireNonNull(label, "label == null"), requireNonNull(subset, "subset == null")));
      return this;
    }

    /**
     * How many of the best trials the parallel coordinates draw. Default: 50.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Builder bestN(int n) {
      this.bestN = atLeastZero("bestN", n);
      return this;
    }

    /**
     * How many of the best and of the worst trials have their curves drawn. Default: 5 each.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code k} is negative
     */
    public Builder curves(int k) {
      this.curves = atLeastZero("curves", k);
      return this;
    }

    /**
     * How many trials the table of top trials lists. Default: 20.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Builder topTrials(int n) {
      this.topTrials = atLeastZero("topTrials", n);
      return this;
    }

    /**
     * The seed of the good-range estimate: the same seed draws the same bands. Default: 0.
     *
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    private static int atLeastZero(String name, int n) {
      if (n < 0) {
        throw new IllegalArgumentException(name + " must be >= 0, got " + n);
      }
      return n;
    }

    /**
     * The report.
     *
     * @throws IllegalArgumentException if no sweep was added
     */
    public Report build() {
      if (sweeps.isEmpty()) {
        throw new IllegalArgumentException("a report needs at least one sweep: add one with sweep(label, population)");
      }
      return new Report(this);
    }
  }

  /** Writes the page to {@code file} atomically (a temporary file renamed into place). */
  public void write(Path file) {
    try {
      AtomicFiles.write(file, html());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The page. */
  public String html() {
    Population main = sweeps.get(0).population();
    String metric = main.objective().metric();
    StringBuilder h = new StringBuilder(1 << 16);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(Html.escape(title))
        .append("</title>\n<style>\nbody{font-family:sans-serif;margin:24px;color:#222;max-width:1280px}\n"
            + "h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ddd}\n"
            + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}\n"
            + "th{background:#f4f4f4}td.l,th.l{text-align:left}pre{background:#f8f8f8;padding:8px;font-size:12px;overflow:auto}\n"
            + ".charts{display:flex;flex-wrap:wrap;gap:12px}.note{color:#666;font-size:12px}\n</style></head><body>\n");
    h.append("<h1>").append(Html.escape(title)).append("</h1>\n<p class=\"note\">").append(generated).append(" · objective: ")
        .append(main.objective().maximize() ? "maximize " : "minimize ").append(Html.escape(metric)).append("</p>\n");
    definitions(h);
    statusTable(h);
    h.append("<h2>Distribution of the objective (EDF)</h2>\n<p class=\"note\">The fraction of trials whose ")
        .append(Html.escape(metric)).append(" is at most x: a curve further ")
        .append(main.objective().maximize() ? "right" : "left")
        .append(" is a better population; comparable across sweeps of any size.</p>\n").append(edf()).append('\n');
    parameters(h, main);
    importance(h, main);
    parallelCoordinates(h, main);
    curves(h, main);
    topTable(h, main);
    h.append("</body></html>\n");
    return h.toString();
  }

  // ---------------------------------------------------------------- sections

  private void definitions(StringBuilder h) {
    h.append("<h2>Sweeps</h2>\n");
    for (Section s : sweeps) {
      h.append("<details").append(s == sweeps.get(0) ? " open" : "").append("><summary>").append(Html.escape(s.label()))
          .append(": ").append(s.population().size()).append(" trials</summary>\n");
      if (s.definition() != null) {
        h.append("<pre>").append(Html.escape(s.definition())).append("</pre>\n");
      } else {
        h.append("<p class=\"note\">No definition given.</p>\n");
      }
      h.append("</details>\n");
    }
  }

  private void statusTable(StringBuilder h) {
    h.append("<h2>Status</h2>\n<table><tr><th class=\"l\">sweep</th><th>trials</th>");
    for (TrialStatus s : TrialStatus.values()) {
      h.append("<th>").append(s.name().toLowerCase()).append("</th>");
    }
    h.append("<th>best</th><th>median</th></tr>\n");
    for (Section s : sweeps) {
      Population p = s.population();
      h.append("<tr><td class=\"l\">").append(Html.escape(s.label())).append("</td><td>").append(p.size()).append("</td>");
      p.statusCounts().values().forEach(c -> h.append("<td>").append(c).append("</td>"));
      h.append("<td>").append(p.best().map(t -> fmt(t.metrics().get(p.objective().metric()))).orElse("–"))
          .append("</td><td>").append(fmt(p.quantile(0.5))).append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private String edf() {
    List<String> labels = new ArrayList<>();
    List<double[][]> curvesOf = new ArrayList<>();
    for (Section s : sweeps) {
      labels.add(s.label() + " (" + s.population().edf().size() + ")");
      curvesOf.add(s.population().edf().points(500));
    }
    if (split != null) {
      sweeps.get(0).population().split(split).forEach((value, sub) -> {
        labels.add(split + "=" + value + " (" + sub.edf().size() + ")");
        curvesOf.add(sub.edf().points(500));
      });
    }
    for (Subset f : filters) {
      labels.add(f.label() + " (" + f.population().edf().size() + ")");
      curvesOf.add(f.population().edf().points(500));
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[][] c : curvesOf) {
      for (double[] p : c) {
        lo = Math.min(lo, p[0]);
        hi = Math.max(hi, p[0]);
      }
    }
    String metric = sweeps.get(0).population().objective().metric();
    Plot plot = new Plot(760, 360, "EDF of " + metric, new Plot.Axis(metric, lo, hi,
        logScale(sweeps.get(0).population().objectiveValues())),
        new Plot.Axis("fraction of trials", 0, 1, false));
    if (!sweeps.get(0).population().objective().maximize()) {
      plot.legendBelow();
    }
    for (int i = 0; i < curvesOf.size(); i++) {
      double[][] c = curvesOf.get(i);
      plot.steps(column(c, 0), column(c, 1), Plot.PALETTE[i % Plot.PALETTE.length], labels.get(i));
    }
    return plot.svg(true);
  }

  private void parameters(StringBuilder h, Population main) {
    String metric = main.objective().metric();
    h.append("<h2>").append(Html.escape(metric)).append(" against each parameter</h2>\n<p class=\"note\">Each point is a "
        + "trial (at most 3,000 drawn per sweep). The band is the parameter's good range as pycls estimates it: where "
        + "the best trial of a random quarter of the trials lies (2.5–97.5 %, dashed at the median, 1,000 draws). "
        + "Choices show the mean and the best per value.</p>\n<div class=\"charts\">\n");
    for (String param : main.parameterNames()) {
      ParameterStatistics stats;
      try {
        stats = main.parameter(param);
      } catch (IllegalArgumentException notNumeric) {
        h.append(levels(main, param));
        continue;
      }
      // each sweep's pairs, copied out of its statistics once
      List<double[]> xsOf = new ArrayList<>();
      List<double[]> ysOf = new ArrayList<>();
      for (int i = 0; i < sweeps.size(); i++) {
        ParameterStatistics s = i == 0 ? stats : parameterOrNull(sweeps.get(i).population(), param);
        xsOf.add(s == null ? new double[0] : s.values());
        ysOf.add(s == null ? new double[0] : s.objectives());
      }
      if (xsOf.get(0).length == 0) {
        continue;
      }
      double[] allX = xsOf.stream().flatMapToDouble(Arrays::stream).toArray();
      double[] xr = range(allX);
      double[] yr = range(ysOf.stream().flatMapToDouble(Arrays::stream).toArray());
      boolean logX = (logAxes.contains(param) && xr[0] > 0) || logScale(allX);
      Plot plot = new Plot(400, 280, metric + " vs " + param, new Plot.Axis(param, xr[0], xr[1], logX),
          new Plot.Axis(metric, yr[0], yr[1], logScale(ysOf.get(0))));
      ParameterStatistics.Range good = stats.goodRange(1000, 0.25, seed);
      plot.band(good.low(), good.median(), good.high(), "#2ca02c", "good range");
      for (int i = 0; i < sweeps.size(); i++) {
        double[][] sample = sample(xsOf.get(i), ysOf.get(i), 3000);
        plot.points(sample[0], sample[1], Plot.PALETTE[i % Plot.PALETTE.length], 2.2, 0.5);
      }
      h.append(plot.svg(true));
    }
    h.append("</div>\n");
  }

  private String levels(Population main, String param) {
    List<String> names = new ArrayList<>();
    List<String> details = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    main.groupBy(param).forEach((level, s) -> {
      if (s.count() > 0) {
        String name = String.valueOf(level);
        names.add(name.length() > 12 ? name.substring(0, 11) + "…" : name);
        details.add(name + ": " + s.count() + " trials, mean " + Plot.label(s.mean()) + ", best "
            + Plot.label(main.objective().maximize() ? s.max() : s.min()));
        means.add(s.mean());
      }
    });
    if (names.isEmpty()) {
      return "";
    }
    double max = means.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    double min = Math.min(0, means.stream().mapToDouble(Double::doubleValue).min().orElse(0));
    Plot plot = new Plot(400, Math.max(140, 72 + 26 * names.size()), "mean " + main.objective().metric() + " per " + param,
        new Plot.Axis("mean " + main.objective().metric(), min, max * 1.25, false), new Plot.Axis("", 0, 1, false))
        .leftMargin(96);
    plot.bars(names, means.stream().mapToDouble(Double::doubleValue).toArray(), Plot.PALETTE[0]);
    return "<figure style=\"margin:0\">" + plot.svg(true, false) + "<figcaption class=\"note\">"
        + Html.escape(String.join("; ", details)) + "</figcaption></figure>\n";
  }

  private void importance(StringBuilder h, Population main) {
    List<Population.Importance> importance = main.importance();
    if (importance.isEmpty()) {
      return;
    }
    h.append("<h2>Parameter importance</h2>\n<p class=\"note\">The share of the objective's variance each parameter "
        + "explains on its own (η², between-bin over total sum of squares, in 10 quantile bins or by value): the "
        + "main effects of a variance decomposition, estimated from the trials themselves.</p>\n");
    Plot plot = new Plot(760, 60 + 26 * importance.size(), "importance (share of variance)",
        new Plot.Axis("share of variance explained", 0, Math.max(0.05, importance.get(0).share() * 1.2), false),
        new Plot.Axis("", 0, 1, false)).leftMargin(8 + 7 * importance.stream().mapToInt(i -> i.param().length()).max().orElse(8));
    plot.bars(importance.stream().map(Population.Importance::param).toList(),
        importance.stream().mapToDouble(Population.Importance::share).toArray(), Plot.PALETTE[0]);
    h.append(plot.svg(true, false));
  }

  private void parallelCoordinates(StringBuilder h, Population main) {
    List<TrialRecord> best = main.top(bestN);
    List<String> params = main.parameterNames();
    if (best.size() < 2 || params.isEmpty()) {
      return;
    }
    String metric = main.objective().metric();
    List<String> axes = new ArrayList<>(params);
    axes.add(metric);
    int width = 1000;
    int height = 380;
    Plot frame = new Plot(width, height, "the best " + best.size() + " trials, one line each (darker is better)",
        new Plot.Axis("", 0, 1, false), new Plot.Axis("", 0, 1, false));
    double left = frame.left() + 30;
    double right = width - 60;
    double top = frame.top() + 16;
    double bottom = frame.bottom() - 16;
    StringBuilder svg = new StringBuilder();
    List<java.util.function.Function<TrialRecord, Double>> positions = new ArrayList<>();
    for (int a = 0; a < axes.size(); a++) {
      String axis = axes.get(a);
      double x = left + (right - left) * a / Math.max(1, axes.size() - 1);
      boolean isMetric = a == axes.size() - 1;
      List<Object> values = new ArrayList<>();
      for (TrialRecord t : best) {
        values.add(isMetric ? t.metrics().get(metric) : t.params().get(axis));
      }
      java.util.function.Function<TrialRecord, Double> position;
      String loLabel;
      String hiLabel;
      if (values.stream().allMatch(v -> v == null || v instanceof Number)) {
        double[] nums = values.stream().filter(v -> v != null).mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        double[] r = nums.length == 0 ? new double[] {0, 1} : range(nums);
        Plot.Axis scale = new Plot.Axis(axis, r[0], r[1], logAxes.contains(axis) || logScale(nums));
        position = t -> {
          Object v = isMetric ? t.metrics().get(metric) : t.params().get(axis);
          return v == null ? null : scale.fraction(((Number) v).doubleValue());
        };
        loLabel = Plot.label(r[0]);
        hiLabel = Plot.label(r[1]);
      } else {
        List<String> levels = new ArrayList<>(new LinkedHashSet<>(values.stream().map(String::valueOf).toList()));
        position = t -> {
          Object v = t.params().get(axis);
          return v == null ? null : levels.size() == 1 ? 0.5 : levels.indexOf(String.valueOf(v)) / (double) (levels.size() - 1);
        };
        loLabel = levels.get(0);
        hiLabel = levels.get(levels.size() - 1);
      }
      positions.add(position);
      svg.append("<line x1=\"").append(Plot.num(x)).append("\" x2=\"").append(Plot.num(x)).append("\" y1=\"").append(Plot.num(top))
          .append("\" y2=\"").append(Plot.num(bottom)).append("\" stroke=\"#444\"/>\n");
      svg.append("<text x=\"").append(Plot.num(x)).append("\" y=\"").append(Plot.num(bottom + 26))
          .append("\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\">").append(Html.escape(axis)).append("</text>\n");
      svg.append("<text x=\"").append(Plot.num(x + 3)).append("\" y=\"").append(Plot.num(bottom + 12))
          .append("\" font-size=\"9\">").append(Html.escape(loLabel)).append("</text>\n");
      svg.append("<text x=\"").append(Plot.num(x + 3)).append("\" y=\"").append(Plot.num(top - 4))
          .append("\" font-size=\"9\">").append(Html.escape(hiLabel)).append("</text>\n");
    }
    for (int i = best.size() - 1; i >= 0; i--) { // the best drawn last, on top
      TrialRecord t = best.get(i);
      StringBuilder pts = new StringBuilder();
      for (int a = 0; a < axes.size(); a++) {
        Double f = positions.get(a).apply(t);
        if (f != null && Double.isFinite(f)) {
          double x = left + (right - left) * a / Math.max(1, axes.size() - 1);
          pts.append(Plot.num(x)).append(',').append(Plot.num(bottom - f * (bottom - top))).append(' ');
        }
      }
      double shade = best.size() == 1 ? 0 : (double) i / (best.size() - 1);
      svg.append("<polyline fill=\"none\" stroke=\"").append(blue(shade)).append("\" stroke-width=\"1.3\" stroke-opacity=\"0.8\" points=\"")
          .append(pts).append("\"/>\n");
    }
    h.append("<h2>Parallel coordinates</h2>\n").append(frame.raw(svg.toString()).svg(false));
  }

  private void curves(StringBuilder h, Population main) {
    if (curves == 0) {
      return;
    }
    List<TrialRecord> best = main.top(curves);
    Set<Long> bestIds = new HashSet<>(best.stream().map(TrialRecord::id).toList());
    List<TrialRecord> worst = new ArrayList<>(main.bottom(curves).stream().filter(t -> !bestIds.contains(t.id())).toList());
    Collections.reverse(worst); // worst last, as in a ranking
    String metric = curveMetric(best, main.objective().metric());
    if (metric == null) {
      return;
    }
    double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    double[] yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    List<TrialRecord> drawn = new ArrayList<>(best);
    drawn.addAll(worst);
    for (TrialRecord t : drawn) {
      for (CurvePoint p : t.curve()) {
        Double v = p.metrics().get(metric);
        if (v != null && Double.isFinite(v)) {
          xr[0] = Math.min(xr[0], p.step());
          xr[1] = Math.max(xr[1], p.step());
          yr[0] = Math.min(yr[0], v);
          yr[1] = Math.max(yr[1], v);
        }
      }
    }
    if (!(xr[1] >= xr[0])) {
      return;
    }
    Plot plot = new Plot(760, 360, metric + " by step: the " + best.size() + " best trials (blue) and the " + worst.size()
        + " worst (red)", new Plot.Axis("step", xr[0], xr[1], false), new Plot.Axis(metric, yr[0], yr[1], yr[0] > 0 && yr[1] / yr[0] >= 100));
    for (int i = 0; i < drawn.size(); i++) {
      TrialRecord t = drawn.get(i);
      boolean good = i < best.size();
      double[] steps = t.curve().stream().filter(p -> p.metrics().containsKey(metric)).mapToDouble(CurvePoint::step).toArray();
      double[] values = t.curve().stream().filter(p -> p.metrics().containsKey(metric)).mapToDouble(p -> p.metrics().get(metric)).toArray();
      plot.line(steps, values, good ? "#1f77b4" : "#d62728", i == 0 ? 2.5 : 1.2,
          i == 0 ? "best: trial " + t.id() : i == best.size() ? "worst " + worst.size() : null);
    }
    h.append("<h2>Training curves</h2>\n").append(plot.svg(true));
  }

  /** The objective's metric if the best trials' curves have it, else the first metric they report. */
  private static String curveMetric(List<TrialRecord> trials, String objectiveMetric) {
    Set<String> names = new LinkedHashSet<>();
    for (TrialRecord t : trials) {
      t.curve().forEach(p -> names.addAll(p.metrics().keySet()));
    }
    return names.contains(objectiveMetric) ? objectiveMetric : names.stream().findFirst().orElse(null);
  }

  private void topTable(StringBuilder h, Population main) {
    List<TrialRecord> top = main.top(topTrials);
    if (top.isEmpty()) {
      return;
    }
    List<String> metrics = main.metricNames().stream().limit(5).toList();
    List<String> params = main.parameterNames();
    h.append("<h2>Top ").append(top.size()).append(" trials</h2>\n<table><tr><th>rank</th><th>id</th>");
    metrics.forEach(m -> h.append("<th>").append(Html.escape(m)).append("</th>"));
    params.forEach(p -> h.append("<th>").append(Html.escape(p)).append("</th>"));
    h.append("<th>duration</th></tr>\n");
    for (int i = 0; i < top.size(); i++) {
      TrialRecord t = top.get(i);
      h.append("<tr><td>").append(i + 1).append("</td><td>").append(t.id()).append("</td>");
      for (String m : metrics) {
        h.append("<td>").append(fmt(t.metrics().get(m))).append("</td>");
      }
      for (String p : params) {
        Object v = t.params().get(p);
        h.append(v instanceof Number n ? "<td>" + fmt(n.doubleValue()) : "<td class=\"l\">" + Html.escape(v == null ? "" : v.toString()))
            .append("</td>");
      }
      h.append("<td>").append(fmt(t.duration().toMillis() / 1000.0)).append(" s</td></tr>\n");
    }
    h.append("</table>\n");
  }

  // ---------------------------------------------------------------- helpers

  private static ParameterStatistics parameterOrNull(Population p, String param) {
    try {
      return p.parameter(param);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * A log axis for values that a log-uniform or log-normal domain draws, as learning rates and
   * weight decays are: all positive, spanning two decades or more, and with their median in the
   * middle half of the range in log10 (a uniform draw from [0, 0.5] spans decades too, but its
   * median sits near the top).
   */
  static boolean logScale(double[] values) {
    double[] r = range(values);
    if (!(r[0] > 0) || r[1] / r[0] < 100) {
      return false;
    }
    double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
    double median = Edf.of(finite).quantile(0.5);
    double at = (Math.log10(median) - Math.log10(r[0])) / (Math.log10(r[1]) - Math.log10(r[0]));
    return at >= 0.25 && at <= 0.75;
  }

  private static double[] range(double[] v) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      if (Double.isFinite(x)) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
    return new double[] {lo, hi};
  }

  private static double[] column(double[][] points, int j) {
    return Arrays.stream(points).mapToDouble(p -> p[j]).toArray();
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

  private static String blue(double shade) {
    int r = (int) (20 + 180 * shade);
    int g = (int) (60 + 150 * shade);
    int b = (int) (140 + 100 * shade);
    return String.format("#%02x%02x%02x", r, g, b);
  }

  private static String fmt(Double v) {
    return v == null ? "" : Plot.label(v);
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "–" : Plot.label(v);
  }
}
