package dev.sweep.report;

import static java.util.Objects.requireNonNull;

import dev.sweep.internal.AtomicFiles;
import dev.sweep.population.Population;
import dev.sweep.trial.Objective;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The analysis of one sweep or several side by side, as one self-contained HTML page that needs no
 * network and no other file: it opens from {@code file://}, offline.
 *
 * <p>First the live page's interactive charts of the first sweep, drawn by the same script as
 * {@code sweep serve}'s page from data embedded in this one (Apache ECharts inlined, with its
 * licence): the optimisation history, the curves, the EDF, parameter importance with its method,
 * the contour of the two most important parameters and the objective against each parameter, on
 * axes that span the search domain (log where it is log). Hovering a point shows its trial's
 * parameters and metrics, clicking opens its config, metrics and curves; pruned and failed trials
 * are grey. As on the live page, a sweep of more than 2,000 trials has 2,000 of them drawn (the
 * page says so) and only those have their details in the page, which keeps its size bounded.
 *
 * <p>Then, drawn as inline SVG that reads printed or with scripts off, what pycls draws, and more:
 * the sweep's definition, a status table, the EDF of the objective (sweeps, splits and filters
 * overlaid), the objective against each parameter with its good range (log axes where the values
 * span two decades or more), parameter importance, parallel coordinates of the best trials, the
 * curves of the best and worst trials, and a table of the top trials.
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
 *
 * <p>A report is drawn once, from trials that ended. To follow a sweep while it runs (its running
 * trials' latest reported values included), serve its folder with {@link LiveServer}:
 *
 * <pre>{@code
 * try (LiveServer.Running live = LiveServer.builder().folder(Path.of("runs/lr")).build().start()) {
 *   System.out.println("open " + live.uri());
 *   population = running.join(); // the sweep, started with .directory(Path.of("runs/lr"))
 * }
 * }</pre>
 */
public final class Report {
  /** A subset of the first sweep, overlaid on the EDF under its label. */
  public record Subset(String label, Population population) {}

  private final String title;
  private final List<ReportedSweep> sweeps;
  private final String split;
  private final List<Subset> filters;
  private final int bestN;
  private final int curves;
  private final int topTrials;
  private final long seed;
  private final Set<String> logAxes;
  private final String space;
  private final Instant generated;

  private Report(Builder b) {
    this.title =
        b.title != null
            ? b.title
            : "Sweep analysis: "
                + String.join(", ", b.sweeps.stream().map(ReportedSweep::label).toList());
    this.sweeps = List.copyOf(b.sweeps);
    this.split = b.split;
    this.filters = List.copyOf(b.filters);
    this.bestN = b.bestN;
    this.curves = b.curves;
    this.topTrials = b.topTrials;
    this.seed = b.seed;
    this.logAxes = Set.copyOf(b.logAxes);
    this.space = b.space;
    this.generated = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  /** A builder of a report; add at least one sweep. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the sweeps and options of a report; {@link #build()} checks them. */
  public static final class Builder {
    private String title;
    private final List<ReportedSweep> sweeps = new ArrayList<>();
    private String split;
    private final List<Subset> filters = new ArrayList<>();
    private int bestN = 50;
    private int curves = 5;
    private int topTrials = 20;
    private long seed = 0;
    private final Set<String> logAxes = new HashSet<>();
    private String space;

    private Builder() {}

    /**
     * The search space of the first sweep, as its folder's {@code sweep.json} writes it (such as
     * {@code optim.lr: logUniform[1.0E-5, 0.1]}): the interactive charts' axes of its numeric
     * parameters span their whole domains, log where the domain is. Default: the first sweep's
     * definition, if it is such a {@code sweep.json}; else the axes span the values drawn.
     *
     * @return this builder
     * @throws NullPointerException if {@code space} is null
     */
    public Builder space(String space) {
      this.space = requireNonNull(space, "space == null");
      return this;
    }

    /**
     * Parameters to draw on log axes, such as those of log-uniform, log-normal, log-int and
     * power-of-two domains; any other parameter gets one where its values are log-spread. Default:
     * none; calls add up.
     *
     * @return this builder
     * @throws NullPointerException if {@code params} or one of them is null
     */
    public Builder logAxes(Collection<String> params) {
      requireNonNull(params, "params == null")
          .forEach(p -> logAxes.add(requireNonNull(p, "param == null")));
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
      sweeps.add(new ReportedSweep(label, population, definition));
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
     * Overlays on the EDF a subset of the first sweep, such as {@code
     * population.filter("optim.name", "adam"::equals)}. Default: none; calls add up.
     *
     * @return this builder
     * @throws NullPointerException if {@code label} or {@code subset} is null
     */
    public Builder filter(String label, Population subset) {
      filters.add(
          new Subset(
              requireNonNull(label, "label == null"), requireNonNull(subset, "subset == null")));
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
        throw new IllegalArgumentException(
            "a report needs at least one sweep: add one with sweep(label, population)");
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
    StringBuilder h = new StringBuilder(1 << 16);
    head(h, main.objective());
    new InteractiveSection(sweeps.get(0), logAxes, space).write(h);
    new SummarySection(sweeps).write(h);
    new EdfSection(sweeps, split, filters).write(h);
    new ParameterSection(sweeps, logAxes, seed).write(h);
    new ImportanceSection(main).write(h);
    new ParallelCoordinatesSection(main, bestN, logAxes).write(h);
    new CurvesSection(main, curves).write(h);
    new TopTrialsSection(main, topTrials).write(h);
    h.append("</body></html>\n");
    return h.toString();
  }

  /** The document's head and style, the title, and when it was made for which objective. */
  private void head(StringBuilder h, Objective objective) {
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(Html.escape(title))
        .append(
            """
            </title>
            <style>
            """)
        .append(InteractiveSection.style())
        .append(
            """
            </style>
            <style>
            body{background:#fff}.panel h2{margin-top:0;border-bottom:0}#interactive main{padding:0}
            body{font-family:sans-serif;margin:24px;color:#222;max-width:1280px}
            h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
            th{background:#f4f4f4}td.l,th.l{text-align:left}pre{background:#f8f8f8;padding:8px;font-size:12px;overflow:auto}
            .charts{display:flex;flex-wrap:wrap;gap:12px}.note{color:#666;font-size:12px}
            </style></head><body>
            """);
    h.append("<h1>")
        .append(Html.escape(title))
        .append("</h1>\n<p class=\"note\">")
        .append(generated)
        .append(" · objective: ")
        .append(objective.maximize() ? "maximize " : "minimize ")
        .append(Html.escape(objective.metric()))
        .append("</p>\n");
  }
}
