package dev.sweep.population;

import static java.util.Objects.requireNonNull;

import dev.sweep.internal.Dominance;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The trials of a sweep, with the statistics that make a population worth studying: best and top-k,
 * filters, group-by, quantiles and the EDF of the objective, the objective against each parameter
 * ({@link #parameter}), importance, Pareto fronts, and CSV/JSON export.
 *
 * <pre>{@code
 * Population population = sweep.run();
 * population.best().ifPresent(t -> System.out.println(t.name() + " " + t.metrics()));
 * double median = population.quantile(0.5);
 * Map<Object, Summary> byBatch = population.groupBy("train.batch");
 * population.writeCsv(Path.of("trials.csv"));
 * }</pre>
 *
 * <p>Statistics of the objective use the completed trials whose objective is finite. A population
 * of a sweep with several objectives ({@link #of(Objectives, List)}) keeps them: its statistics,
 * {@link #best()} and {@link #top} go by the {@linkplain Objectives#primary() primary} objective,
 * and {@link #paretoFront(Objectives)}, {@link #paretoRanks(Objectives)} and {@link #hypervolume}
 * look at them all. Where the objectives carry constraints on the outcome, {@link #best()} and
 * {@link #top} pass over the infeasible trials (completed, but breaking a constraint); the other
 * statistics of the objective count every completed trial. Immutable and thread-safe.
 */
public final class Population {
  private final Objectives objectives;
  private final Objective objective;
  private final TableRows rows;
  private final ObjectiveStatistics statistics;

  private Population(Objectives objectives, TableRows rows) {
    this.objectives = objectives;
    this.objective = objectives.primary();
    this.rows = rows;
    this.statistics = new ObjectiveStatistics(objective, rows);
  }

  private Population subset(int[] subRows) {
    return new Population(objectives, rows.subset(subRows));
  }

  /** A population of these trials (kept in the order given). */
  public static Population of(Objective objective, List<TrialRecord> trials) {
    return of(Objectives.of(requireNonNull(objective, "objective == null")), trials);
  }

  /**
   * A population of these trials (kept in the order given) of a sweep that seeks {@code
   * objectives}: the primary one is its {@link #objective()}, and their constraints keep infeasible
   * trials out of {@link #best()}.
   */
  public static Population of(Objectives objectives, List<TrialRecord> trials) {
    Builder b = builder(objectives);
    trials.forEach(b::add);
    return b.build();
  }

  /**
   * A builder that keeps only the columns of the trials added, so that a million trials can be
   * streamed in without a million records held at once.
   *
   * <pre>{@code
   * Population.Builder b = Population.builder(Objective.minimize("error"));
   * records.forEach(b::add);
   * Population population = b.build();
   * }</pre>
   */
  public static Builder builder(Objective objective) {
    return new Builder(Objectives.of(requireNonNull(objective, "objective == null")));
  }

  /** A builder of a population of a sweep that seeks {@code objectives} (see {@link #of}). */
  public static Builder builder(Objectives objectives) {
    return new Builder(requireNonNull(objectives, "objectives == null"));
  }

  /** Adds trials one by one; {@link #build()} makes the population. Not thread-safe. */
  public static final class Builder {
    private final Objectives objectives;
    private final Table.Builder table = new Table.Builder();

    private Builder(Objectives objectives) {
      this.objectives = objectives;
    }

    /**
     * Adds a trial, after those added before; a population keeps them in that order.
     *
     * @return this builder
     * @throws NullPointerException if {@code trial} is null
     */
    public Builder add(TrialRecord trial) {
      table.add(requireNonNull(trial, "trial == null"));
      return this;
    }

    /** The population of the trials added, in the order they were added. */
    public Population build() {
      return new Population(objectives, TableRows.whole(table.build()));
    }
  }

  /**
   * The population a {@link #writeJson} file holds (such as {@code sweep collect}'s {@code
   * trials.json}), with its objective.
   *
   * @throws IllegalArgumentException naming the file and what in it is malformed
   * @throws UncheckedIOException if it cannot be read
   */
  public static Population readJson(Path file) {
    return PopulationFiles.readJson(file);
  }

  /**
   * The population a CSV file holds: one row per trial, a header row naming the columns, RFC 4180
   * quoting. Its columns, as {@link #writeCsv} writes them ({@code sweep collect}'s {@code
   * trials.csv}) and as other tools can: {@code id}, {@code name}, {@code status}, {@code
   * duration_s}, {@code started} and {@code failure} where present (otherwise the row's index, a
   * name made of the parameters, COMPLETED, none); the objective's metric and every column after it
   * (up to {@code duration_s}), and any column named {@code metric.<name>}, are metrics; the other
   * columns are parameters. Cells that read as whole numbers are longs, as other numbers doubles,
   * {@code true}/{@code false} booleans, anything else strings; an empty cell is no value.
   *
   * <pre>{@code
   * Population p = Population.readCsv(Path.of("runs/digits/trials.csv"), Objective.minimize("error"));
   * }</pre>
   *
   * @throws IllegalArgumentException naming the file, line and column of what is malformed
   * @throws UncheckedIOException if it cannot be read
   */
  public static Population readCsv(Path file, Objective objective) {
    requireNonNull(objective, "objective == null");
    Table table = CsvTable.read(requireNonNull(file, "file == null"), objective.metric());
    return new Population(Objectives.of(objective), TableRows.whole(table));
  }

  /** The objective its statistics go by: the primary one of {@link #objectives()}. */
  public Objective objective() {
    return objective;
  }

  /**
   * What the sweep sought: {@link #objective()} alone, unless the population was made with several
   * objectives or constraints on the outcome.
   */
  public Objectives objectives() {
    return objectives;
  }

  /** Every trial, in the order recorded; each is made from the columns when asked for. */
  public List<TrialRecord> trials() {
    return new Records();
  }

  private final class Records extends AbstractList<TrialRecord> implements RandomAccess {
    @Override
    public TrialRecord get(int index) {
      return rows.record(index);
    }

    @Override
    public int size() {
      return rows.size();
    }
  }

  public int size() {
    return rows.size();
  }

  /** The sampled parameters that some trial has, by dotted path, in the order first seen. */
  public List<String> parameterNames() {
    return rows.present(rows.table().params);
  }

  /** The metrics that some trial reported at its end, the objective's first. */
  public List<String> metricNames() {
    Set<String> cols = new LinkedHashSet<>();
    cols.add(objective.metric());
    cols.addAll(rows.present(rows.table().metrics));
    return List.copyOf(cols);
  }

  /**
   * An estimate of the heap the population's columns take, in bytes: its primitive arrays
   * (parameters, metrics, names, curves, times), not the configs a live sweep keeps.
   */
  public long columnBytes() {
    return rows.table().bytes() + 4L * rows.size();
  }

  /** How many trials have each status (every status present, zero counts included). */
  public Map<TrialStatus, Long> statusCounts() {
    long[] counts = new long[TrialStatus.values().length];
    byte[] status = rows.table().status;
    for (int row : rows.rows()) {
      counts[status[row]]++;
    }
    Map<TrialStatus, Long> out = new EnumMap<>(TrialStatus.class);
    for (TrialStatus s : TrialStatus.values()) {
      out.put(s, counts[s.ordinal()]);
    }
    return out;
  }

  /** The trials that satisfy {@code predicate} (each trial's record is made to test it). */
  public Population filter(Predicate<TrialRecord> predicate) {
    Table table = rows.table();
    return subset(
        Arrays.stream(rows.rows()).filter(row -> predicate.test(table.record(row))).toArray());
  }

  /**
   * The trials whose parameter or metric {@code name} has a value that passes {@code test}, tested
   * on the column without making records: a pre-filter, or one side of a split-filter.
   *
   * <pre>{@code
   * Population adam = population.filter("optim.name", "adam"::equals);
   * Population small = population.filter("optim.lr", v -> ((Number) v).doubleValue() < 1e-3);
   * }</pre>
   *
   * <p>Trials without it are left out. A name that is no column is looked up in each trial's
   * config.
   */
  public Population filter(String name, Predicate<Object> test) {
    requireNonNull(test, "test == null");
    return subset(
        Arrays.stream(rows.rows())
            .filter(
                row -> {
                  Object v = rows.valueAt(row, name);
                  return v != null && test.test(v);
                })
            .toArray());
  }

  /** The completed trials. */
  public Population completed() {
    byte done = (byte) TrialStatus.COMPLETED.ordinal();
    byte[] status = rows.table().status;
    return subset(Arrays.stream(rows.rows()).filter(row -> status[row] == done).toArray());
  }

  /**
   * The best completed trial by the objective (the lowest id among ties); with constraints on the
   * outcome, the best feasible one.
   */
  public Optional<TrialRecord> best() {
    List<TrialRecord> top = top(1);
    return top.isEmpty() ? Optional.empty() : Optional.of(top.get(0));
  }

  /**
   * The {@code k} best completed trials, best first (the lower id first among ties); with
   * constraints on the outcome, the best feasible ones.
   */
  public List<TrialRecord> top(int k) {
    return feasible().statistics.ranked(k, objective.maximize() ? -1 : 1);
  }

  /**
   * The trials that keep every constraint on the outcome: this population when there is none (so
   * that a single-objective sweep ranks as it always has).
   */
  private Population feasible() {
    if (objectives.constraints().isEmpty()) {
      return this;
    }
    Table table = rows.table();
    return subset(
        Arrays.stream(rows.rows()).filter(row -> objectives.feasible(table.record(row))).toArray());
  }

  /** The {@code k} worst completed trials (with a finite objective), worst first. */
  public List<TrialRecord> bottom(int k) {
    return statistics.ranked(k, objective.maximize() ? 1 : -1);
  }

  /** The objective of every completed trial with a finite one, in trial order. */
  public double[] objectiveValues() {
    return statistics.values();
  }

  /** The EDF of the objective. */
  public Edf edf() {
    return statistics.edf();
  }

  /**
   * A quantile of the objective (linear interpolation, as numpy and pandas); NaN for no completed
   * trial.
   */
  public double quantile(double q) {
    return edf().quantile(q);
  }

  /** Several quantiles of the objective at once (see {@link Edf#quantiles}). */
  public double[] quantiles(double... qs) {
    return edf().quantiles(qs);
  }

  /** Count, mean, std, min and max of the objective. */
  public Summary summary() {
    return Summary.of(objectiveValues());
  }

  /**
   * The trials split by the value of a parameter (or a string metric), in order of first
   * appearance; trials without the parameter (another branch) are left out.
   */
  public Map<Object, Population> split(String param) {
    Groups g = Groups.of(rows, List.of(param));
    int[][] members = g.members(rows.rows());
    Map<Object, Population> out = new LinkedHashMap<>();
    for (int k = 0; k < members.length; k++) {
      out.put(g.keys().get(k).get(0), subset(members[k]));
    }
    return out;
  }

  /** Per value of a parameter, the summary of the objective (count, mean, std, min, max). */
  public Map<Object, Summary> groupBy(String param) {
    Map<Object, Summary> out = new LinkedHashMap<>();
    groupBy(List.of(param)).forEach((k, v) -> out.put(k.get(0), v));
    return out;
  }

  /**
   * Per combination of values of several parameters (in order of first appearance), the summary of
   * the objective over its completed trials; trials without one of them are left out.
   *
   * <pre>{@code
   * population.groupBy(List.of("optim.name", "train.batch"))   // {[sgd, 32]=Summary[...], ...}
   * }</pre>
   */
  public Map<List<Object>, Summary> groupBy(List<String> params) {
    double[] y = statistics.byRow();
    Groups g = Groups.of(rows, params);
    Summary[] summaries = g.summaries(y);
    Map<List<Object>, Summary> out = new LinkedHashMap<>();
    for (int k = 0; k < summaries.length; k++) {
      out.put(g.keys().get(k), summaries[k]);
    }
    return out;
  }

  // ---------------------------------------------------------------- parameters

  /**
   * Statistics of the objective against a numeric parameter (or a numeric config value), over the
   * completed trials with a finite objective that have it.
   *
   * @throws IllegalArgumentException if a trial's value of it is not a number
   */
  public ParameterStatistics parameter(String param) {
    return effects().parameter(param);
  }

  /**
   * How much of the objective's variance each sampled parameter explains on its own, largest first:
   * the {@link ParameterImportance#share() share} of {@link #parameterImportance()}, without its
   * p-value.
   *
   * <p>Before 0.2 this was the plain η² in 10 quantile bins, which a parameter that does nothing
   * reaches by chance: 0.47 on average at 20 trials, 0.18 at 50. It is now the corrected share, 0
   * on average for such a parameter.
   */
  public List<Importance> importance() {
    return parameterImportance().stream()
        .map(i -> new Importance(i.param(), i.share(), i.n()))
        .toList();
  }

  /**
   * How much of the objective's variance each sampled parameter explains on its own, largest first,
   * corrected for what it would explain by chance, with a p-value for "it explains nothing".
   *
   * <pre>{@code
   * for (ParameterImportance i : population.parameterImportance()) {
   *   System.out.printf("%s %.2f (p = %.3f, n = %d)%n", i.param(), i.share(), i.pValue(), i.n());
   * }
   * }</pre>
   *
   * <p>The objective is grouped by the parameter: by level, by value for a number with at most 10
   * distinct values (a grid's or a choice's), else in about √n quantile bins (at least 2, at most
   * 10; quantiles, so a log-scale parameter is binned as its logarithm would be). The share is ε²,
   * the adjusted correlation ratio: the between-group sum of squares over the total, less what a
   * parameter unrelated to the objective gets on average, {@code (k - 1) / (n - 1)} for {@code k}
   * groups of {@code n} trials, and shown as 0 where that leaves less. Uncorrected, that chance
   * share is 0.47 for 10 bins of 20 trials. The p-value is a seeded permutation test (199 shuffles
   * of the objective over at most 10,000 of the trials), so the same population gives the same
   * figures.
   *
   * <p>This is a first-order variance decomposition over binned marginals, the main effects of an
   * fANOVA estimated from the sampled trials themselves: no model is fitted, so it costs a few
   * milliseconds for 100,000 trials, and what two parameters explain only together (an interaction)
   * is attributed to neither. With random sampling the parameters are independent, so the shares
   * are comparable; they need not add to 1. A share of a few trials is a rough figure: read it with
   * its p-value.
   */
  public List<ParameterImportance> parameterImportance() {
    return effects().importance(parameterNames());
  }

  /**
   * A parameter's share of the objective's variance (see {@link #importance()}), over {@code n}
   * trials. {@link #parameterImportance()} gives its p-value and method too.
   */
  public record Importance(String param, double share, int n) {}

  /**
   * A parameter's corrected share of the objective's variance, over {@code n} trials (see {@link
   * #parameterImportance()}).
   *
   * @param param the parameter
   * @param share ε², between 0 and 1
   * @param pValue the permutation p-value of a parameter that explains nothing: at least 1/200, and
   *     small where the share is real
   * @param n the completed trials with a finite objective that have the parameter
   * @param groups the levels, values or quantile bins the trials fell in
   * @param method how the share and p-value were estimated, in words, e.g. {@code "ε² over 7
   *     quantile bins, p from 199 permutations"}
   */
  public record ParameterImportance(
      String param, double share, double pValue, int n, int groups, String method) {
    /** Checks the figures. */
    public ParameterImportance {
      requireNonNull(param, "param == null");
      requireNonNull(method, "method == null");
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException(param + ": share must be in [0, 1], got " + share);
      }
      if (!(pValue > 0 && pValue <= 1)) {
        throw new IllegalArgumentException(param + ": pValue must be in (0, 1], got " + pValue);
      }
      if (n < 0 || groups < 0) {
        throw new IllegalArgumentException(
            param + ": n and groups must be >= 0, got " + n + " and " + groups);
      }
    }
  }

  private ParameterEffects effects() {
    return new ParameterEffects(objective, rows, statistics);
  }

  /**
   * The completed trials that no other completed trial beats on every objective at once (at least
   * as good on each, better on one), in trial order. For two objectives, such as error and training
   * time, these are the trade-offs worth a look.
   *
   * @throws IllegalArgumentException if fewer than two objectives are given
   */
  public List<TrialRecord> paretoFront(List<Objective> objectives) {
    if (objectives.size() < 2) {
      throw new IllegalArgumentException(
          "a Pareto front needs two objectives or more, got " + objectives);
    }
    return paretoFront(Objectives.of(objectives));
  }

  /**
   * The completed trials on the Pareto front of {@code objectives}: those of {@linkplain
   * #paretoRanks rank} 0 that keep every constraint on the outcome, in trial order. With one
   * objective, the best trials (those tied for best). Each objective's value is the trial's metric
   * of that name, else its parameter (a probed value such as {@code flops}); a trial without a
   * finite value for each is on no front. Where no trial is feasible, none is on the front.
   */
  public List<TrialRecord> paretoFront(Objectives objectives) {
    return ParetoFront.front(rows, objectives);
  }

  /**
   * Each trial's Pareto rank by non-dominated sorting over {@code objectives}, by trial id: 0 for
   * the completed trials no other beats on every objective at once, 1 for those that only rank-0
   * trials beat, and so on. Under constraints on the outcome a feasible trial beats every
   * infeasible one, and of two infeasible ones the one less far off beats the other (Deb's
   * constrained domination, as the multi-objective samplers rank). Trials that did not complete or
   * lack a finite value of an objective have no rank and are not in the map. In trial order.
   */
  public Map<Long, Integer> paretoRanks(Objectives objectives) {
    return ParetoFront.ranks(rows, objectives);
  }

  /**
   * The hypervolume of the feasible Pareto front of {@code objectives} up to {@code reference}: the
   * measure of the objective space that the front's trials dominate and the reference point bounds,
   * larger for a better front. The reference gives, for each objective in order and in the metric's
   * own units, the worst value that still counts: an upper bound of a minimised objective (an error
   * of 1.0), a lower bound of a maximised one (a throughput of 0). A trial not strictly better than
   * the reference on every objective adds nothing; with no such trial it is 0. Exact ({@link
   * Dominance#hypervolume}).
   *
   * <pre>{@code
   * // error at most 1, at least 0 images/s: the area the front of (error, throughput) covers
   * double hv = population.hypervolume(
   *     Objective.minimize("error").andMaximize("throughput"), new double[] {1.0, 0.0});
   * }</pre>
   *
   * @throws IllegalArgumentException if the reference has not one finite value per objective
   */
  public double hypervolume(Objectives objectives, double[] reference) {
    requireNonNull(reference, "reference == null");
    if (reference.length != objectives.size()) {
      throw new IllegalArgumentException(
          "the reference point has "
              + reference.length
              + " values, "
              + objectives
              + " needs one per objective: "
              + Arrays.toString(reference));
    }
    double[] minimised = new double[reference.length];
    for (int j = 0; j < reference.length; j++) {
      if (!Double.isFinite(reference[j])) {
        throw new IllegalArgumentException(
            "the reference point's value for "
                + objectives.list().get(j)
                + " must be finite, got "
                + Arrays.toString(reference));
      }
      minimised[j] = objectives.list().get(j).maximize() ? -reference[j] : reference[j];
    }
    return Dominance.hypervolume(ParetoFront.frontPoints(rows, objectives), minimised);
  }

  // ---------------------------------------------------------------- export

  /**
   * Writes one row per trial: {@code id, name, status}, each parameter (by dotted path), each
   * metric (prefixed {@code metric.} where a parameter has the same name), {@code duration_s},
   * {@code started}, {@code failure}. RFC 4180 quoting; empty cells for absent values.
   */
  public void writeCsv(Writer out) throws IOException {
    PopulationFiles.writeCsv(this, out);
  }

  /** Writes the CSV to {@code file} atomically (a temporary file renamed into place). */
  public void writeCsv(Path file) {
    PopulationFiles.writeAtomically(file, this::writeCsv);
  }

  /** The trials as a JSON array of objects, one per trial, curves included. */
  public String toJson() {
    StringWriter out = new StringWriter();
    try {
      PopulationFiles.writeJson(this, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Writes {@link #toJson()} to {@code file} atomically, a trial at a time. */
  public void writeJson(Path file) {
    PopulationFiles.writeAtomically(file, out -> PopulationFiles.writeJson(this, out));
  }

  @Override
  public String toString() {
    return "Population[" + rows.size() + " trials, " + objective + "]";
  }
}
