package dev.sweep.cli;

import dev.sweep.population.Population;
import dev.sweep.population.Summary;
import dev.sweep.postgres.SweepDatabase;
import dev.sweep.store.Replay;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep show DIR --top K --metric M}: the best trials and how the metric is spread; {@code
 * --pareto}: the trials on the Pareto front of the sweep's objectives (or of {@code --objectives}).
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Show the best trials and the spread of a metric.",
      "",
      "Shows the best completed trials by the objective (or another metric), with their other "
          + "metrics and parameters, and the quantiles of the metric over all completed trials. Safe while the sweep runs.",
      "",
      "With --pareto, shows the trials on the Pareto front of the sweep's objectives instead: "
          + "the completed trials that keep every outcome constraint and that no other beats on "
          + "every objective at once."
    })
final class ShowCommand implements Callable<Integer> {
  private static final int MAX_OTHER_METRICS = 4;

  @Spec private CommandSpec spec;

  @Mixin private StoreOption store;

  @Parameters(
      paramLabel = "DIR|ID",
      description = "The sweep folder; with --store, the sweep's id.")
  private Path dir;

  @Option(
      names = {"-k", "--top"},
      paramLabel = "K",
      defaultValue = "10",
      description = "How many trials to show (default: ${DEFAULT-VALUE}).")
  private int top;

  @Option(
      names = {"-m", "--metric"},
      paramLabel = "M",
      description = "Rank by this metric instead of the sweep's objective.")
  private String metric;

  @ArgGroup(exclusive = true)
  private Goal goal;

  @Option(
      names = "--pareto",
      description =
          "Show the Pareto front of the sweep's objectives (each a column), sorted by the first; "
              + "a sweep of one objective needs --objectives.")
  private boolean pareto;

  @Option(
      names = "--objectives",
      paramLabel = "M[:max],M[:max]...",
      split = ",",
      description =
          "With --pareto: the front of these metrics (or params, such as flops) instead of the "
              + "sweep's objectives; each minimised unless :max follows it or the sweep maximises it.")
  private List<String> objectives;

  static final class Goal {
    @Option(
        names = "--maximize",
        description =
            "Larger is better (default: the objective's goal, or smaller for another metric).")
    boolean maximize;

    @Option(names = "--minimize", description = "Smaller is better.")
    boolean minimize;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (top < 0) {
      throw CliException.usage("--top needs K >= 0, got " + top);
    }
    if (pareto || objectives != null) {
      return showFront(out);
    }
    if (store.isSet()) {
      try (SweepDatabase db = store.open()) {
        StoredSweep stored = StoredSweep.open(db, dir.toString());
        Objective ranking = ranking(stored.objective());
        Population all = stored.population(ranking);
        return print(out, all, all.top(top), () -> all, stored.total());
      }
    }
    SweepDir sweep = SweepDir.open(dir);
    Objective ranking = ranking(sweep.objective());
    // Ranked by the metric alone (a million trials' records need not be built); the best are read
    // back whole.
    Replay replay = sweep.replay();
    Population all = replay.ranking(ranking);
    List<TrialRecord> best =
        all.top(top).stream().map(t -> replay.get(t.id()).last().orElseThrow()).toList();
    return print(out, all, best, () -> replay.population(ranking), sweep.total());
  }

  /** {@code --pareto}: the front's trials, a column per objective. */
  private int showFront(PrintWriter out) {
    if (!pareto) {
      throw CliException.usage(
          "--objectives goes with --pareto: sweep show DIR --pareto --objectives a,b");
    }
    if (metric != null || goal != null) {
      throw CliException.usage(
          "--pareto ranks by the sweep's objectives (or --objectives), not by --metric,"
              + " --maximize or --minimize; give one or the other");
    }
    if (store.isSet()) {
      try (SweepDatabase db = store.open()) {
        StoredSweep stored = StoredSweep.open(db, dir.toString());
        Objectives seek = front(stored.objectives(), dir.toString());
        return printFront(out, stored.population(seek.primary()), seek, stored.total());
      }
    }
    SweepDir sweep = SweepDir.open(dir);
    Objectives seek = front(sweep.objectives(), dir.toString());
    return printFront(out, sweep.population(seek.primary()), seek, sweep.total());
  }

  /**
   * The objectives of the front: {@code --objectives}, each with the sweep's goal for it or :max,
   * else the sweep's own (with its outcome constraints).
   */
  private Objectives front(Objectives sweep, String which) {
    if (objectives == null) {
      if (!sweep.several()) {
        throw CliException.usage(
            "sweep "
                + which
                + " seeks one objective ("
                + sweep.primary()
                + "); a Pareto front needs two or more: name them, such as --objectives "
                + sweep.primary().metric()
                + ",latency_ms");
      }
      return sweep;
    }
    List<Objective> list = new ArrayList<>();
    for (String item : objectives) {
      String name = item.strip();
      boolean max = false;
      boolean given = false;
      int colon = name.lastIndexOf(':');
      if (colon >= 0) {
        String g = name.substring(colon + 1);
        if (!g.equals("max") && !g.equals("min")) {
          throw CliException.usage(
              "--objectives: '"
                  + item
                  + "': after the colon put max or min, such as error,flops:max");
        }
        max = g.equals("max");
        given = true;
        name = name.substring(0, colon);
      }
      if (name.isBlank()) {
        throw CliException.usage(
            "--objectives: '"
                + item
                + "' names no metric; give M[:max],M[:max]..., such as error,flops");
      }
      String metricName = name;
      boolean maximize =
          given
              ? max
              : sweep.list().stream().anyMatch(o -> o.metric().equals(metricName) && o.maximize());
      list.add(new Objective(name, maximize));
    }
    if (list.size() < 2) {
      throw CliException.usage(
          "--objectives names "
              + list.size()
              + " metric; a Pareto front needs two or more, such as error,flops");
    }
    try {
      return Objectives.of(list).subjectTo(sweep.constraints().toArray(new MetricBound[0]));
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--objectives: " + e.getMessage());
    }
  }

  /** Prints the front's trials, best primary objective first, and how many it holds. */
  private static int printFront(PrintWriter out, Population all, Objectives seek, long total) {
    List<TrialRecord> front = new ArrayList<>(all.paretoFront(seek));
    Objective primary = seek.primary();
    front.sort(
        (a, b) -> {
          int c =
              primary.compare(
                  Objectives.value(a, primary.metric()), Objectives.value(b, primary.metric()));
          return c != 0 ? c : Long.compare(a.id(), b.id());
        });
    Population completed = all.completed();
    long infeasible =
        seek.constraints().isEmpty()
            ? 0
            : completed.trials().stream().filter(t -> !seek.feasible(t)).count();
    out.println(
        "Pareto front: "
            + front.size()
            + " of "
            + completed.size()
            + " completed trials by "
            + seek
            + (infeasible > 0 ? " (" + infeasible + " infeasible)" : "")
            + " ("
            + all.size()
            + " finished, "
            + total
            + " in the sweep):");
    if (front.isEmpty()) {
      out.println(
          "  no completed trial"
              + (seek.constraints().isEmpty() ? "" : " that keeps every outcome constraint")
              + " has a value of every objective");
      out.flush();
      return SweepCommand.OK;
    }
    List<String> header = new ArrayList<>(List.of("id"));
    seek.list().forEach(o -> header.add(o.metric()));
    header.add("params");
    int[] right = new int[seek.size() + 1];
    for (int i = 0; i < right.length; i++) {
      right[i] = i;
    }
    Table table = new Table(header, right);
    for (TrialRecord t : front) {
      List<String> row = new ArrayList<>(List.of(Long.toString(t.id())));
      seek.list().forEach(o -> row.add(Format.number(Objectives.value(t, o.metric()))));
      row.add(t.name());
      table.add(row);
    }
    out.print(table.render("  "));
    out.flush();
    return SweepCommand.OK;
  }

  /** The objective the trials are ranked by: --metric and its goal, else the sweep's. */
  private Objective ranking(Objective objective) {
    return ranking(objective, metric, goal);
  }

  /**
   * The objective to rank by: {@code metric} (null: the objective's) with {@code goal} (null: the
   * objective's goal for its own metric, else smaller is better). For {@code show} and {@code
   * best}.
   */
  static Objective ranking(Objective objective, String metric, Goal goal) {
    String m = metric == null ? objective.metric() : metric;
    boolean maximize =
        goal != null ? goal.maximize : m.equals(objective.metric()) && objective.maximize();
    return new Objective(m, maximize);
  }

  /**
   * Prints the best trials of {@code all} and the metric's quantiles; {@code whole}, the same
   * trials with their records, names the metrics there are when none has this one (read only then).
   */
  private int print(
      PrintWriter out,
      Population all,
      List<TrialRecord> best,
      Supplier<Population> whole,
      long total) {
    String m = all.objective().metric();
    Population completed = all.completed();
    long withMetric = completed.trials().stream().filter(t -> t.metric(m).isPresent()).count();
    if (withMetric == 0) {
      Set<String> metrics = new LinkedHashSet<>();
      whole.get().completed().trials().forEach(t -> metrics.addAll(t.metrics().keySet()));
      out.println(
          "no completed trial of "
              + all.size()
              + " has the metric '"
              + m
              + "'"
              + (metrics.isEmpty() ? "" : "; metrics: " + String.join(", ", metrics)));
      out.flush();
      return SweepCommand.OK;
    }
    out.println(
        "top "
            + best.size()
            + " of "
            + withMetric
            + " completed trials by "
            + all.objective()
            + " ("
            + all.size()
            + " finished, "
            + total
            + " in the sweep):");
    out.print(table(best, m).render("  "));
    Summary s = all.summary();
    double[] q = all.quantiles(0.25, 0.5, 0.75);
    out.println(
        m
            + " over "
            + s.count()
            + " trials: min "
            + Format.number(s.min())
            + ", 25% "
            + Format.number(q[0])
            + ", median "
            + Format.number(q[1])
            + ", 75% "
            + Format.number(q[2])
            + ", max "
            + Format.number(s.max())
            + ", mean "
            + Format.number(s.mean()));
    out.flush();
    return SweepCommand.OK;
  }

  /**
   * The best trials: id, the metric, up to {@value #MAX_OTHER_METRICS} other metrics they report,
   * their params.
   */
  private static Table table(List<TrialRecord> best, String m) {
    Set<String> others = new LinkedHashSet<>();
    best.forEach(t -> t.metrics().keySet().stream().filter(k -> !k.equals(m)).forEach(others::add));
    List<String> otherList =
        new ArrayList<>(others).subList(0, Math.min(MAX_OTHER_METRICS, others.size()));
    List<String> header = new ArrayList<>(List.of("id", m));
    header.addAll(otherList);
    header.add("params");
    int[] right = new int[otherList.size() + 2];
    for (int i = 0; i < right.length; i++) {
      right[i] = i;
    }
    Table table = new Table(header, right);
    for (TrialRecord t : best) {
      List<String> row =
          new ArrayList<>(List.of(Long.toString(t.id()), Format.number(t.metrics().get(m))));
      for (String o : otherList) {
        Double v = t.metrics().get(o);
        row.add(v == null ? "" : Format.number(v));
      }
      row.add(t.name());
      table.add(row);
    }
    return table;
  }
}
