package dev.sweep.cli;

import dev.sweep.cli.spec.SweepSpec;
import dev.sweep.config.InputLimits;
import dev.sweep.population.Population;
import dev.sweep.postgres.SweepDatabase;
import dev.sweep.report.Report;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep analyze DIR [DIR…]}: one self-contained analysis.html of one sweep or several side
 * by side.
 */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Write analysis.html: the population of one sweep, or several side by side.",
      "",
      "One self-contained page that opens offline (no network, no other file): first the live page's interactive "
          + "charts of the first source (hover, zoom, click a trial for its config, metrics and curves; at most "
          + "2,000 trials drawn), then, as inline SVG for print: the sweep's definition, a status table, EDFs "
          + "of the objective (sweeps, --split and --filter overlaid), the objective against each parameter with its "
          + "good range, importance (ε², corrected for chance, with n and p-value), parallel coordinates of the best trials, curves of the best and worst, and the "
          + "top trials. The first source is the one the per-parameter charts are about. A source is a sweep folder, "
          + "or a trials.json or .csv file (sweep collect writes both; a CSV needs --metric)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sweep analyze runs/digits                      runs/digits/analysis.html",
      "  sweep analyze runs/lr runs/baseline --split optim.name -o cmp.html",
      "  sweep analyze results.csv --metric error --filter optim.name=adam"
    })
final class AnalyzeCommand implements Callable<Integer> {
  static final String HTML = "analysis.html";

  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "SOURCE",
      arity = "1..*",
      description = "Sweep folders, or trials.json / .csv files; with --store, sweep ids.")
  private List<Path> sources;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description =
          "Where to write the page (default: analysis.html in the first sweep folder, else here).")
  private Path out;

  @Option(
      names = "--metric",
      paramLabel = "NAME",
      description = "The objective's metric (default: the sweep's own; needed for a CSV).")
  private String metric;

  @Option(
      names = "--maximize",
      description = "With --metric: larger is better (default: smaller is).")
  private boolean maximize;

  @Option(
      names = "--split",
      paramLabel = "PARAM",
      description = "Overlay the EDF of each value of PARAM (of the first source).")
  private String split;

  @Option(
      names = "--filter",
      paramLabel = "FILTER",
      description =
          "Overlay the EDF of the trials (of the first source) whose PARAM=VALUE, or whose parameter or metric "
              + "is in a range, LO<=NAME<=HI; conditions joined by ' & ' must all hold; repeatable.")
  private List<String> filters = new ArrayList<>();

  @Option(
      names = "--best",
      paramLabel = "N",
      description =
          "Trials in the parallel coordinates (default: the sweep file's analyze: best, else 50).")
  private Integer best;

  @Option(
      names = "--curves",
      paramLabel = "K",
      description =
          "Best and worst trials whose curves are drawn (default: the sweep file's analyze: curves, else 5 each).")
  private Integer curves;

  @Option(
      names = "--top",
      paramLabel = "N",
      description =
          "Rows of the table of top trials (default: the sweep file's analyze: top, else 20).")
  private Integer top;

  @Option(names = "--title", paramLabel = "TEXT", description = "The page's title.")
  private String title;

  @Mixin private StoreOption store;

  private SweepDatabase db; // with --store: where the sources are, by id

  @Override
  public Integer call() {
    if (!store.isSet()) {
      return analyze();
    }
    try (SweepDatabase opened = store.open()) {
      db = opened;
      return analyze();
    }
  }

  private int analyze() {
    Map<String, Object> file =
        db != null
            ? Map.of()
            : analyzeOptions(sources.get(0)); // the first sweep file's analyze:, if any
    Report.Builder report =
        Report.builder()
            .bestN(best != null ? best : ((Number) file.getOrDefault("best", 50)).intValue())
            .curves(curves != null ? curves : ((Number) file.getOrDefault("curves", 5)).intValue())
            .topTrials(top != null ? top : ((Number) file.getOrDefault("top", 20)).intValue());
    if (split == null && file.get("split") instanceof String s) {
      split = s;
    }
    if (filters.isEmpty() && file.get("filters") instanceof List<?> fs) {
      fs.forEach(f -> filters.add(String.valueOf(f)));
    }
    if (title == null && file.get("title") instanceof String t) {
      title = t;
    }
    Population first = addSources(report);
    addSplitAndFilters(report, first);
    if (title != null) {
      report.title(title);
    }
    Path target =
        out != null
            ? out
            : db == null && Files.isDirectory(sources.get(0))
                ? sources.get(0).resolve(HTML)
                : Path.of(HTML);
    report.build().write(target);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println(
        "wrote "
            + target
            + ": "
            + sources.size()
            + (sources.size() == 1 ? " sweep, " : " sweeps, ")
            + first.size()
            + " trials in the first");
    stdout.flush();
    return SweepCommand.OK;
  }

  /**
   * Adds every source to the page, each labelled apart; returns the first's population, the one the
   * charts are about.
   */
  private Population addSources(Report.Builder report) {
    Set<String> labels = new HashSet<>();
    Population first = null;
    for (Path source : sources) {
      Source s = read(source);
      String label = s.label();
      for (int n = 2; !labels.add(label); n++) {
        label = s.label() + " (" + n + ")";
      }
      report.sweep(label, s.population(), s.definition());
      report.logAxes(s.logAxes());
      if (first == null) {
        first = s.population();
        if (s.space() != null) {
          report.space(s.space()); // the interactive charts' axes span its domains
        }
      }
    }
    return first;
  }

  /** {@code --split} and each {@code --filter}, checked against the first source. */
  private void addSplitAndFilters(Report.Builder report, Population first) {
    if (split != null) {
      if (!first.parameterNames().contains(split)) {
        throw CliException.usage(
            "--split "
                + split
                + ": "
                + sources.get(0)
                + " has no such parameter; it has "
                + first.parameterNames());
      }
      report.split(split);
    }
    for (String f : filters) {
      Population subset = first;
      for (String condition : f.split(" & ", -1)) {
        subset = condition(subset, condition.strip(), f);
      }
      report.filter(f, subset);
    }
  }

  /** A number, as a filter's bounds are written. */
  private static final String NUMBER = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?";

  /** {@code LO<=NAME<=HI}: the trials whose parameter or metric NAME is a number in [LO, HI]. */
  private static final Pattern RANGE =
      Pattern.compile("(" + NUMBER + ")\\s*<=\\s*(\\S+?)\\s*<=\\s*(" + NUMBER + ")");

  /**
   * The trials of {@code population} that satisfy one condition of a filter: {@code PARAM=VALUE}
   * (the value as text) or {@code LO<=NAME<=HI} (a parameter or metric, both ends included, as
   * pycls's range filters).
   */
  private static Population condition(Population population, String condition, String filter) {
    Matcher range = RANGE.matcher(condition);
    if (range.matches()) {
      double lo = Double.parseDouble(range.group(1));
      double hi = Double.parseDouble(range.group(3));
      return population.filter(
          range.group(2),
          v -> v instanceof Number n && lo <= n.doubleValue() && n.doubleValue() <= hi);
    }
    int eq = condition.indexOf('=');
    if (eq <= 0 || condition.contains("<=")) {
      throw CliException.usage(
          "--filter "
              + filter
              + ": wanted PARAM=VALUE or LO<=NAME<=HI (a parameter or metric), joined by ' & ', "
              + "such as optim.name=adam & 0<=error<=5");
    }
    String value = condition.substring(eq + 1);
    return population.filter(condition.substring(0, eq), v -> String.valueOf(v).equals(value));
  }

  /** A source read; {@code space} as sweep.json writes it, null for a file of trials. */
  private record Source(
      String label, Population population, String definition, Set<String> logAxes, String space) {
    Source(String label, Population population, String definition) {
      this(label, population, definition, Set.of(), null);
    }
  }

  /**
   * Parameters of log domains (log-uniform, log-normal, log int, power of two), as sweep.json
   * describes its space.
   */
  private static final Pattern LOG_DOMAIN =
      Pattern.compile("([\\w.\\-]+): (?:logUniform|logNormal|intLog|powerOfTwo)");

  private static Set<String> logAxes(String space) {
    Set<String> params = new HashSet<>();
    Matcher m = LOG_DOMAIN.matcher(space);
    while (m.find()) {
      params.add(m.group(1));
    }
    return params;
  }

  /**
   * The {@code analyze:} options of the sweep file kept in a sweep folder; none for a file or a
   * folder without.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> analyzeOptions(Path source) {
    Path copy = source.resolve(SweepSpec.COPY);
    if (!Files.isDirectory(source) || !Files.isRegularFile(copy)) {
      return Map.of();
    }
    Object doc = SweepSpec.readYaml(copy);
    return doc instanceof Map<?, ?> m && m.get("analyze") instanceof Map<?, ?> a
        ? (Map<String, Object>) a
        : Map.of();
  }

  private Source read(Path source) {
    if (db != null) {
      String id = source.toString();
      StoredSweep stored = StoredSweep.open(db, id);
      Objective objective = metric == null ? stored.objective() : objective();
      return new Source(
          stored.name(),
          stored.population(objective),
          db.spec(id).orElse(null),
          logAxes(stored.space()),
          stored.space());
    }
    if (Files.isDirectory(source)) {
      SweepDir sweep = SweepDir.open(source);
      Objective objective = metric == null ? sweep.objective() : objective();
      return new Source(
          sweep.name(),
          sweep.population(objective),
          definition(source),
          logAxes(sweep.space()),
          sweep.space());
    }
    if (!Files.isRegularFile(source)) {
      throw CliException.usage(source + ": no such sweep folder or file");
    }
    String name = source.getFileName().toString();
    String stem = name.replaceFirst("\\.[^.]*$", "");
    try {
      if (name.endsWith(".csv")) {
        if (metric == null) {
          throw CliException.usage(
              source + ": a CSV does not say which metric is the objective: add --metric NAME");
        }
        return new Source(stem, Population.readCsv(source, objective()), null);
      }
      if (name.endsWith(".json")) {
        Population p = Population.readJson(source);
        if (metric != null) {
          p = Population.of(objective(), p.trials());
        }
        return new Source(stem, p, null);
      }
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    throw CliException.usage(
        source + ": wanted a sweep folder, a .json (sweep collect's trials.json) or a .csv file");
  }

  private Objective objective() {
    return maximize ? Objective.maximize(metric) : Objective.minimize(metric);
  }

  /** The folder's sweep.yaml as run, else its sweep.json. */
  private static String definition(Path dir) {
    for (String file : List.of(SweepSpec.COPY, SweepFolder.DEFINITION)) {
      Path p = dir.resolve(file);
      if (Files.isRegularFile(p)) {
        try {
          return InputLimits.readText(p)
              .orElseThrow(() -> CliException.usage(p + ": " + InputLimits.tooLarge(p)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
      }
    }
    return null;
  }
}
