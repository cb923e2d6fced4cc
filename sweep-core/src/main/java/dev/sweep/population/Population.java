package dev.sweep.population;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sweep.config.Config;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The trials of a sweep, with the statistics that make a population worth studying: best and
 * top-k, filters, group-by, quantiles and the EDF of the objective, the objective against each
 * parameter ({@link #parameter}), importance, Pareto fronts, and CSV/JSON export.
 *
 * <pre>{@code
 * Population population = sweep.run();
 * population.best().ifPresent(t -> System.out.println(t.name() + " " + t.metrics()));
 * double median = population.quantile(0.5);
 * Map<Object, Summary> byBatch = population.groupBy("train.batch");
 * population.writeCsv(Path.of("trials.csv"));
 * }</pre>
 *
 * <p>Statistics of the objective use the completed trials whose objective is finite. Immutable
 * and thread-safe.
 */
public final class Population {
  private final Objective objective;
  private final Table table;
  private final int[] rows; // the table's rows in this population, in order
  private final boolean allRows; // rows is 0..size-1
  private volatile double[] objectiveByRow; // made on first use: see objectiveByRow(); may be longer than rows
  private volatile boolean objectiveAllFinite; // objectiveByRow has no NaN: every trial has a finite objective
  private volatile Edf edf; // made on first use

  private Population(Objective objective, Table table, int[] rows, boolean allRows) {
    this.objective = objective;
    this.table = table;
    this.rows = rows;
    this.allRows = allRows;
  }

  private static Population whole(Objective objective, Table table) {
    int[] rows = new int[table.size];
    Arrays.setAll(rows, i -> i);
    return new Population(objective, table, rows, true);
  }

  private Population subset(int[] subRows) {
    return new Population(objective, table, subRows, false);
  }

  /** A population of these trials (kept in the order given). */
  public static Population of(Objective objective, List<TrialRecord> trials) {
    Builder b = builder(objective);
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
    return new Builder(requireNonNull(objective, "objective == null"));
  }

  /** Adds trials one by one; {@link #build()} makes the population. Not thread-safe. */
  public static final class Builder {
    private final Objective objective;
    private final Table.Builder table = new Table.Builder();

    private Builder(Objective objective) {
      this.objective = objective;
    }

    public Builder add(TrialRecord trial) {
      table.add(requireNonNull(trial, "trial == null"));
      return this;
    }

    public Population build() {
      return whole(objective, table.build());
    }
  }

  /**
   * The population a {@link #writeJson} file holds (such as {@code sweep collect}'s
   * {@code trials.json}), with its objective.
   *
   * @throws IllegalArgumentException naming the file and what in it is malformed
   * @throws UncheckedIOException if it cannot be read
   */
  @SuppressWarnings("unchecked")
  public static Population readJson(Path file) {
    Map<String, Object> doc;
    try {
      doc = JSON.readValue(file.toFile(), Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not a population's JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      Map<String, Object> o = (Map<String, Object>) doc.get("objective");
      String metric = (String) o.get("metric");
      Builder b = builder("maximize".equals(o.get("goal")) ? Objective.maximize(metric) : Objective.minimize(metric));
      for (Object row : (List<Object>) doc.get("trials")) {
        Map<String, Object> r = (Map<String, Object>) row;
        Map<String, Object> params = (Map<String, Object>) Config.normalize(r.get("params"), file.toString());
        b.add(TrialRecord.fromOutcome(((Number) r.get("id")).longValue(), (String) r.get("name"), params,
            Config.of((Map<String, Object>) r.get("config")), r));
      }
      return b.build();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": not a population's JSON, as writeJson writes it: " + e.getMessage(), e);
    }
  }

  /**
   * The population a CSV file holds: one row per trial, a header row naming the columns, RFC 4180
   * quoting. Its columns, as {@link #writeCsv} writes them ({@code sweep collect}'s
   * {@code trials.csv}) and as other tools can: {@code id}, {@code name}, {@code status},
   * {@code duration_s}, {@code started} and {@code failure} where present (otherwise the row's
   * index, a name made of the parameters, COMPLETED, none); the objective's metric and every
   * column after it (up to {@code duration_s}), and any column named {@code metric.<name>}, are
   * metrics; the other columns are parameters. Cells that read as whole numbers are longs, as
   * other numbers doubles, {@code true}/{@code false} booleans, anything else strings; an empty
   * cell is no value.
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
    return whole(objective, CsvTable.read(requireNonNull(file, "file == null"), objective.metric()));
  }

  public Objective objective() {
    return objective;
  }

  /** Every trial, in the order recorded; each is made from the columns when asked for. */
  public List<TrialRecord> trials() {
    return new Records();
  }

  private final class Records extends AbstractList<TrialRecord> implements RandomAccess {
    @Override
    public TrialRecord get(int index) {
      return table.record(rows[index]);
    }

    @Override
    public int size() {
      return rows.length;
    }
  }

  public int size() {
    return rows.length;
  }

  /** The sampled parameters that some trial has, by dotted path, in the order first seen. */
  public List<String> parameterNames() {
    return paramColumns();
  }

  /** The metrics that some trial reported at its end, the objective's first. */
  public List<String> metricNames() {
    return metricColumns();
  }

  /**
   * An estimate of the heap the population's columns take, in bytes: its primitive arrays
   * (parameters, metrics, names, curves, times), not the configs a live sweep keeps.
   */
  public long columnBytes() {
    return table.bytes() + 4L * rows.length;
  }

  /** How many trials have each status (every status present, zero counts included). */
  public Map<TrialStatus, Long> statusCounts() {
    long[] counts = new long[TrialStatus.values().length];
    for (int row : rows) {
      counts[table.status[row]]++;
    }
    Map<TrialStatus, Long> out = new EnumMap<>(TrialStatus.class);
    for (TrialStatus s : TrialStatus.values()) {
      out.put(s, counts[s.ordinal()]);
    }
    return out;
  }

  /** The trials that satisfy {@code predicate} (each trial's record is made to test it). */
  public Population filter(Predicate<TrialRecord> predicate) {
    return subset(Arrays.stream(rows).filter(row -> predicate.test(table.record(row))).toArray());
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
   * <p>Trials without it are left out. A name that is no column is looked up in each trial's config.
   */
  public Population filter(String name, Predicate<Object> test) {
    requireNonNull(test, "test == null");
    return subset(Arrays.stream(rows).filter(row -> {
      Object v = valueAt(row, name);
      return v != null && test.test(v);
    }).toArray());
  }

  /** The completed trials. */
  public Population completed() {
    byte done = (byte) TrialStatus.COMPLETED.ordinal();
    return subset(Arrays.stream(rows).filter(row -> table.status[row] == done).toArray());
  }

  /**
   * The objective of each trial of this population, in order: NaN where it did not complete or
   * its objective is not finite. Made once, in one pass over the column; the statistics of the
   * objective read it instead of the table.
   */
  private double[] objectiveByRow() {
    double[] y = objectiveByRow;
    if (y == null) {
      y = allFinite();
      if (y != null) {
        objectiveAllFinite = true;
      } else {
        y = new double[rows.length];
        objectiveByRow(y, null);
      }
      objectiveByRow = y;
    }
    return y;
  }

  /**
   * The objective column's own array (never written to; it may be longer than the population),
   * when it is the objective of every trial: the whole table, every trial completed, every value
   * finite; else null.
   */
  private double[] allFinite() {
    return allRows && table.allCompleted && table.metrics.get(objective.metric()) instanceof Column.Doubles d
        ? d.finiteValues() : null;
  }

  /**
   * Fills {@code y} with the objective of each trial (NaN where none) and, if {@code finite} is not
   * null, packs the finite ones into it too, in the same pass; returns how many there are.
   */
  private int objectiveByRow(double[] y, double[] finite) {
    Column column = table.metrics.get(objective.metric());
    double[] direct = column == null ? null : column.doublesIfComplete();
    byte[] status = table.status;
    int n = 0;
    for (int i = 0; i < rows.length; i++) {
      int row = rows[i];
      double v = column == null || status[row] != COMPLETED ? Double.NaN
          : direct != null ? direct[row] : column.number(row);
      if (Double.isFinite(v)) {
        y[i] = v;
        if (finite != null) {
          finite[n] = v;
        }
        n++;
      } else {
        y[i] = Double.NaN;
      }
    }
    return n;
  }

  private static final byte COMPLETED = (byte) TrialStatus.COMPLETED.ordinal();

  /** The best completed trial by the objective (the lowest id among ties). */
  public Optional<TrialRecord> best() {
    List<TrialRecord> top = top(1);
    return top.isEmpty() ? Optional.empty() : Optional.of(top.get(0));
  }

  /** The {@code k} best completed trials, best first (the lower id first among ties). */
  public List<TrialRecord> top(int k) {
    return ranked(k, objective.maximize() ? -1 : 1);
  }

  /** The {@code k} worst completed trials (with a finite objective), worst first. */
  public List<TrialRecord> bottom(int k) {
    return ranked(k, objective.maximize() ? 1 : -1);
  }

  /** The {@code k} completed trials of smallest {@code sign * objective}, in that order, then by id. */
  private List<TrialRecord> ranked(int k, double sign) {
    if (k < 0) {
      throw new IllegalArgumentException("top and bottom need k >= 0, got " + k);
    }
    if (k == 0) {
      return List.of();
    }
    double[] y = objectiveByRow();
    TopRows top = new TopRows(Math.min(k, rows.length), (a, b) -> {
      int c = Double.compare(sign * y[a], sign * y[b]);
      return c != 0 ? c : Long.compare(table.ids[rows[a]], table.ids[rows[b]]);
    });
    // most trials lose to the k-th best so far at a glance: only the others reach the heap
    double worstKept = Double.POSITIVE_INFINITY;
    int kept = 0;
    for (int i = 0; i < rows.length; i++) {
      double key = sign * y[i];
      if (key <= worstKept) { // false for NaN
        top.offer(i);
        if (++kept >= k) {
          worstKept = sign * y[top.worst()];
        }
      }
    }
    return Arrays.stream(top.sorted()).mapToObj(i -> table.record(rows[i])).toList();
  }

  /** The objective of every completed trial with a finite one, in trial order. */
  public double[] objectiveValues() {
    double[] y = objectiveByRow;
    if (y == null) {
      double[] all = allFinite();
      if (all != null) {
        objectiveByRow = all;
        objectiveAllFinite = true;
        return Arrays.copyOf(all, rows.length);
      }
      y = new double[rows.length]; // the first statistic of the objective: both in one pass
      double[] out = new double[rows.length];
      int n = objectiveByRow(y, out);
      objectiveByRow = y;
      return n == out.length ? out : Arrays.copyOf(out, n);
    }
    if (objectiveAllFinite) {
      return Arrays.copyOf(y, rows.length);
    }
    double[] out = new double[rows.length];
    int n = 0;
    for (int i = 0; i < rows.length; i++) {
      if (!Double.isNaN(y[i])) {
        out[n++] = y[i];
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** The EDF of the objective. */
  public Edf edf() {
    Edf e = edf;
    if (e == null) {
      double[] y = objectiveByRow();
      // the EDF never writes to its values: where they are all the trials' objectives, it shares them
      if (objectiveAllFinite && table.metrics.get(objective.metric()) instanceof Column.Doubles d) {
        e = new Edf(y, rows.length, d.min, d.max);
      } else {
        e = new Edf(objectiveValues());
      }
      edf = e;
    }
    return e;
  }

  /** A quantile of the objective (linear interpolation, as numpy and pandas); NaN for no completed trial. */
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
    Groups g = groups(List.of(param));
    int[] counts = new int[g.keys().size()];
    for (int k : g.keyOf()) {
      if (k >= 0) {
        counts[k]++;
      }
    }
    int[][] members = new int[counts.length][];
    for (int k = 0; k < counts.length; k++) {
      members[k] = new int[counts[k]];
    }
    int[] filled = new int[counts.length];
    for (int i = 0; i < rows.length; i++) {
      int k = g.keyOf()[i];
      if (k >= 0) {
        members[k][filled[k]++] = rows[i];
      }
    }
    Map<Object, Population> out = new LinkedHashMap<>();
    for (int k = 0; k < counts.length; k++) {
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
   * Per combination of values of several parameters (in order of first appearance), the summary
   * of the objective over its completed trials; trials without one of them are left out.
   *
   * <pre>{@code
   * population.groupBy(List.of("optim.name", "train.batch"))   // {[sgd, 32]=Summary[...], ...}
   * }</pre>
   */
  public Map<List<Object>, Summary> groupBy(List<String> params) {
    double[] y = objectiveByRow();
    Groups g = groups(params);
    Summary.Accumulator[] acc = new Summary.Accumulator[g.keys().size()];
    Arrays.setAll(acc, k -> new Summary.Accumulator());
    for (int i = 0; i < rows.length; i++) {
      int k = g.keyOf()[i];
      if (k >= 0 && !Double.isNaN(y[i])) {
        acc[k].add(y[i]);
      }
    }
    Map<List<Object>, Summary> out = new LinkedHashMap<>();
    for (int k = 0; k < acc.length; k++) {
      out.put(g.keys().get(k), acc[k].summary());
    }
    return out;
  }

  /**
   * The combinations of values of some parameters: {@code keys} in order of first appearance, and
   * for each trial of the population the index of its combination, or -1 if it lacks a value.
   */
  private record Groups(int[] keyOf, List<List<Object>> keys) {}

  /**
   * Groups the trials by {@code params}. Over dictionary columns (choices, strings, booleans) a
   * combination is a number computed from the codes, so a million trials make no key objects.
   */
  private Groups groups(List<String> params) {
    List<Column> columns = params.stream().map(table.params::get).toList();
    long combinations = 1;
    for (Column c : columns) {
      combinations = c instanceof Column.Codes codes ? combinations * Math.max(1, codes.levels().size()) : Long.MAX_VALUE;
      if (combinations > 1 << 20) {
        break;
      }
    }
    int[] keyOf = new int[rows.length];
    List<List<Object>> keys = new ArrayList<>();
    if (combinations <= 1 << 20) {
      Column.Codes[] codes = columns.toArray(Column.Codes[]::new);
      int[] indexOf = new int[(int) combinations];
      Arrays.fill(indexOf, -1);
      for (int i = 0; i < rows.length; i++) {
        int combination = 0;
        for (Column.Codes c : codes) {
          int code = c.code(rows[i]);
          if (code < 0) {
            combination = -1;
            break;
          }
          combination = combination * c.levels().size() + code;
        }
        if (combination < 0) {
          keyOf[i] = -1;
          continue;
        }
        if (indexOf[combination] < 0) {
          indexOf[combination] = keys.size();
          List<Object> values = new ArrayList<>(codes.length);
          for (Column.Codes c : codes) {
            values.add(c.get(rows[i]));
          }
          keys.add(List.copyOf(values));
        }
        keyOf[i] = indexOf[combination];
      }
    } else {
      Map<List<Object>, Integer> indexOf = new HashMap<>();
      for (int i = 0; i < rows.length; i++) {
        List<Object> key = new ArrayList<>(params.size());
        for (String param : params) {
          Object v = valueAt(rows[i], param);
          if (v == null) {
            key = null;
            break;
          }
          key.add(v);
        }
        if (key == null) {
          keyOf[i] = -1;
          continue;
        }
        List<Object> k = List.copyOf(key);
        Integer index = indexOf.get(k);
        if (index == null) {
          index = keys.size();
          indexOf.put(k, index);
          keys.add(k);
        }
        keyOf[i] = index;
      }
    }
    return new Groups(keyOf, keys);
  }

  // ---------------------------------------------------------------- parameters

  /**
   * Statistics of the objective against a numeric parameter (or a numeric config value), over the
   * completed trials with a finite objective that have it.
   *
   * @throws IllegalArgumentException if a trial's value of it is not a number
   */
  public ParameterStatistics parameter(String param) {
    double[] y = objectiveByRow();
    Column column = table.params.get(param);
    double[] whole = column instanceof Column.Doubles d ? d.finiteValues() : null;
    if (objectiveAllFinite && allRows && whole != null) {
      // every trial has both: the statistics read the two columns themselves
      return new ParameterStatistics(param, objective, whole, y, rows.length);
    }
    double[] xs = new double[rows.length];
    double[] ys = new double[rows.length];
    int n = 0;
    boolean numeric = column != null && column.numeric();
    double[] direct = column == null ? null : column.doublesIfComplete();
    for (int i = 0; i < rows.length; i++) {
      if (Double.isNaN(y[i])) {
        continue;
      }
      int row = rows[i];
      if (direct != null) {
        xs[n] = direct[row];
      } else if (numeric) {
        if (!column.has(row)) {
          continue;
        }
        xs[n] = column.number(row);
      } else {
        Object x = column != null ? column.get(row) : valueAt(row, param);
        if (x == null) {
          continue;
        }
        if (!(x instanceof Number number)) {
          throw new IllegalArgumentException(param + ": trial " + table.ids[row] + " has " + x + ", not a number; "
              + "groupBy(\"" + param + "\") summarises a categorical parameter");
        }
        xs[n] = number.doubleValue();
      }
      ys[n++] = y[i];
    }
    return new ParameterStatistics(param, objective, n == xs.length ? xs : Arrays.copyOf(xs, n),
        n == ys.length ? ys : Arrays.copyOf(ys, n));
  }

  /** A row's value of a parameter, or of a config path when it is no sampled parameter; null if none. */
  private Object valueAt(int row, String param) {
    Column c = table.params.get(param);
    if (c != null) {
      return c.get(row);
    }
    Column m = table.metrics.get(param);
    if (m != null) {
      return m.has(row) ? m.number(row) : null;
    }
    return table.record(row).config().get(param).orElse(null);
  }

  /**
   * How much of the objective's variance each sampled parameter explains on its own, largest
   * first: the correlation ratio η² (between-group over total sum of squares) of the objective
   * grouped by the parameter, in 10 quantile bins for a numeric one and by level for any other.
   * This is a first-order variance decomposition over binned marginals, the main effects of an
   * fANOVA estimated from the sampled trials themselves: no model is fitted, and what two
   * parameters explain only together (an interaction) is attributed to neither. With random
   * sampling the parameters are independent, so the shares are comparable; they need not add to 1.
   */
  public List<Importance> importance() {
    double[] y = objectiveByRow();
    List<Importance> out = new ArrayList<>();
    for (String param : paramColumns()) {
      Column column = table.params.get(param);
      int[] groups = new int[rows.length];
      double[] ys = new double[rows.length];
      double[] xs = column.numeric() ? new double[rows.length] : null;
      int n = 0;
      for (int i = 0; i < rows.length; i++) {
        int row = rows[i];
        if (Double.isNaN(y[i]) || !column.has(row)) {
          continue;
        }
        if (xs != null) {
          xs[n] = column.number(row);
        } else {
          groups[n] = column instanceof Column.Codes codes ? codes.code(row) : 0;
        }
        ys[n++] = y[i];
      }
      if (n < 2) {
        continue;
      }
      if (xs != null) {
        double[] x = Arrays.copyOf(xs, n);
        double[] edges = ParameterStatistics.quantileEdges(x, 10);
        for (int i = 0; i < n; i++) {
          groups[i] = ParameterStatistics.binOf(edges, x[i]);
        }
      }
      out.add(new Importance(param, correlationRatio(groups, ys, n), n));
    }
    out.sort(Comparator.comparingDouble(Importance::share).reversed());
    return out;
  }

  /** A parameter's share of the objective's variance (see {@link #importance()}), over {@code n} trials. */
  public record Importance(String param, double share, int n) {}

  private static double correlationRatio(int[] groups, double[] ys, int n) {
    double mean = 0;
    int groupCount = 0;
    for (int i = 0; i < n; i++) {
      mean += ys[i];
      groupCount = Math.max(groupCount, groups[i] + 1);
    }
    mean /= n;
    double total = 0;
    double[] counts = new double[groupCount];
    double[] sums = new double[groupCount];
    for (int i = 0; i < n; i++) {
      total += (ys[i] - mean) * (ys[i] - mean);
      counts[groups[i]]++;
      sums[groups[i]] += ys[i];
    }
    if (total == 0) {
      return 0;
    }
    double between = 0;
    for (int g = 0; g < groupCount; g++) {
      if (counts[g] > 0) {
        double groupMean = sums[g] / counts[g];
        between += counts[g] * (groupMean - mean) * (groupMean - mean);
      }
    }
    return between / total;
  }

  /**
   * The completed trials that no other completed trial beats on every objective at once (at least
   * as good on each, better on one), in trial order. For two objectives, such as error and
   * training time, these are the trade-offs worth a look.
   *
   * @throws IllegalArgumentException if fewer than two objectives are given
   */
  public List<TrialRecord> paretoFront(List<Objective> objectives) {
    if (objectives.size() < 2) {
      throw new IllegalArgumentException("a Pareto front needs two objectives or more, got " + objectives);
    }
    List<Column> columns = objectives.stream().map(o -> table.metrics.get(o.metric())).toList();
    if (columns.contains(null)) {
      return List.of();
    }
    int m = objectives.size();
    List<double[]> candidates = new ArrayList<>(); // {row, then each objective, minimised}
    for (int row : rows) {
      if (table.status[row] != COMPLETED) {
        continue;
      }
      double[] c = new double[m + 1];
      c[0] = row;
      boolean finite = true;
      for (int j = 0; j < m && finite; j++) {
        double v = columns.get(j).number(row);
        finite = Double.isFinite(v);
        c[j + 1] = objectives.get(j).maximize() ? -v : v;
      }
      if (finite) {
        candidates.add(c);
      }
    }
    candidates.sort(Comparator.comparingDouble(c -> c[1]));
    // Sorted by the first objective, a trial can only be beaten by one before it that is on the front.
    List<double[]> front = new ArrayList<>();
    for (double[] c : candidates) {
      if (front.stream().noneMatch(f -> dominates(f, c))) {
        front.removeIf(f -> dominates(c, f));
        front.add(c);
      }
    }
    return front.stream().map(c -> table.record((int) c[0])).sorted(Comparator.comparingLong(TrialRecord::id)).toList();
  }

  private static boolean dominates(double[] a, double[] b) {
    boolean better = false;
    for (int j = 1; j < a.length; j++) {
      if (a[j] > b[j]) {
        return false;
      }
      better |= a[j] < b[j];
    }
    return better;
  }

  // ---------------------------------------------------------------- export

  /** The parameters that some trial of this population has, in the table's order. */
  private List<String> paramColumns() {
    return present(table.params);
  }

  private List<String> metricColumns() {
    Set<String> cols = new LinkedHashSet<>();
    cols.add(objective.metric());
    cols.addAll(present(table.metrics));
    return List.copyOf(cols);
  }

  private List<String> present(Map<String, Column> columns) {
    List<String> out = new ArrayList<>();
    columns.forEach((name, c) -> {
      for (int row : rows) {
        if (c.has(row)) {
          out.add(name);
          return;
        }
      }
    });
    return out;
  }

  /**
   * Writes one row per trial: {@code id, name, status}, each parameter (by dotted path), each
   * metric (prefixed {@code metric.} where a parameter has the same name), {@code duration_s},
   * {@code started}, {@code failure}. RFC 4180 quoting; empty cells for absent values.
   */
  public void writeCsv(Writer out) throws IOException {
    List<String> params = paramColumns();
    List<String> metrics = metricColumns();
    List<String> header = new ArrayList<>(List.of("id", "name", "status"));
    header.addAll(params);
    for (String m : metrics) {
      header.add(params.contains(m) || m.equals("id") || m.equals("name") || m.equals("status") ? "metric." + m : m);
    }
    header.addAll(List.of("duration_s", "started", "failure"));
    writeRow(out, header);
    for (TrialRecord t : trials()) {
      List<String> row = new ArrayList<>(header.size());
      row.add(Long.toString(t.id()));
      row.add(t.name());
      row.add(t.status().name());
      for (String p : params) {
        Object v = t.params().get(p);
        row.add(v == null ? "" : v instanceof List<?> l ? l.toString() : v.toString());
      }
      for (String m : metrics) {
        Double v = t.metrics().get(m);
        row.add(v == null ? "" : v.toString());
      }
      row.add(Double.toString(t.duration().toNanos() / 1e9));
      row.add(t.started().toString());
      row.add(t.failure().orElse(""));
      writeRow(out, row);
    }
  }

  private static void writeRow(Writer out, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      String c = cells.get(i);
      if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
        out.write('"');
        out.write(c.replace("\"", "\"\""));
        out.write('"');
      } else {
        out.write(c);
      }
    }
    out.write("\r\n");
  }

  /** Writes the CSV to {@code file} atomically (a temporary file renamed into place). */
  public void writeCsv(Path file) {
    writeAtomically(file, out -> writeCsv(out));
  }

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** The trials as a JSON array of objects, one per trial, curves included. */
  public String toJson() {
    StringWriter out = new StringWriter();
    try {
      writeJson(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Writes {@link #toJson()} to {@code file} atomically, a trial at a time. */
  public void writeJson(Path file) {
    writeAtomically(file, this::writeJson);
  }

  private void writeJson(Writer out) throws IOException {
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeFieldName("objective");
      json.writeObject(Map.of("metric", objective.metric(), "goal", objective.maximize() ? "maximize" : "minimize"));
      json.writeFieldName("trials");
      json.writeStartArray();
      for (TrialRecord t : trials()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", t.id());
        row.put("name", t.name());
        row.put("status", t.status().name());
        row.put("params", t.params());
        row.put("config", t.config().toMap());
        row.put("metrics", t.metrics());
        row.put("curve", CurvePoint.toMaps(t.curve()));
        row.put("started", t.started().toString());
        row.put("duration_s", t.duration().toNanos() / 1e9);
        t.failure().ifPresent(f -> row.put("failure", f));
        json.writeObject(row);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  private interface Body {
    void write(Writer out) throws IOException;
  }

  private static void writeAtomically(Path file, Body body) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      // not createTempFile, whose file is readable by its owner only: made so, it keeps the umask's mode
      Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
          + Thread.currentThread().getId() + ".tmp");
      try {
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          body.write(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Population[" + rows.length + " trials, " + objective + "]";
  }
}
