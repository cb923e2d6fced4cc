package dev.sweep.population;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sweep.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
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
  private final List<TrialRecord> trials;

  private Population(Objective objective, List<TrialRecord> trials) {
    this.objective = objective;
    this.trials = trials;
  }

  /** A population of these trials (kept in the order given). */
  public static Population of(Objective objective, List<TrialRecord> trials) {
    requireNonNull(objective, "objective == null");
    return new Population(objective, List.copyOf(trials));
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
      Objective objective = "maximize".equals(o.get("goal")) ? Objective.maximize(metric) : Objective.minimize(metric);
      List<TrialRecord> trials = new ArrayList<>();
      for (Object row : (List<Object>) doc.get("trials")) {
        Map<String, Object> r = (Map<String, Object>) row;
        Map<String, Object> params = (Map<String, Object>) Config.normalize(r.get("params"), file.toString());
        trials.add(TrialRecord.fromOutcome(((Number) r.get("id")).longValue(), (String) r.get("name"), params,
            Config.of((Map<String, Object>) r.get("config")), r));
      }
      return of(objective, trials);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": not a population's JSON, as writeJson writes it: " + e.getMessage(), e);
    }
  }

  public Objective objective() {
    return objective;
  }

  /** Every trial, in the order recorded. */
  public List<TrialRecord> trials() {
    return trials;
  }

  public int size() {
    return trials.size();
  }

  /** How many trials have each status (every status present, zero counts included). */
  public Map<TrialStatus, Long> statusCounts() {
    Map<TrialStatus, Long> counts = new EnumMap<>(TrialStatus.class);
    for (TrialStatus s : TrialStatus.values()) {
      counts.put(s, 0L);
    }
    for (TrialRecord t : trials) {
      counts.merge(t.status(), 1L, Long::sum);
    }
    return counts;
  }

  /** The trials that satisfy {@code predicate}. */
  public Population filter(Predicate<TrialRecord> predicate) {
    return new Population(objective, trials.stream().filter(predicate).toList());
  }

  /** The completed trials. */
  public Population completed() {
    return filter(t -> t.status() == TrialStatus.COMPLETED);
  }

  private List<TrialRecord> ranked() {
    String metric = objective.metric();
    Comparator<TrialRecord> better =
        (a, b) -> objective.compare(a.metrics().get(metric), b.metrics().get(metric));
    return trials.stream()
        .filter(t -> t.status() == TrialStatus.COMPLETED && finiteObjective(t).isPresent())
        .sorted(better.thenComparingLong(TrialRecord::id))
        .toList();
  }

  private OptionalDouble finiteObjective(TrialRecord t) {
    OptionalDouble v = t.metric(objective.metric());
    return v.isPresent() && Double.isFinite(v.getAsDouble()) ? v : OptionalDouble.empty();
  }

  /** The best completed trial by the objective (the lowest id among ties). */
  public Optional<TrialRecord> best() {
    List<TrialRecord> r = ranked();
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  /** The {@code k} best completed trials, best first. */
  public List<TrialRecord> top(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("top needs k >= 0, got " + k);
    }
    List<TrialRecord> r = ranked();
    return r.subList(0, Math.min(k, r.size()));
  }

  /** The objective of every completed trial with a finite one, in trial order. */
  public double[] objectiveValues() {
    return trials.stream()
        .filter(t -> t.status() == TrialStatus.COMPLETED)
        .map(this::finiteObjective)
        .filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble)
        .toArray();
  }

  /** The EDF of the objective. */
  public Edf edf() {
    return new Edf(objectiveValues());
  }

  /** A quantile of the objective (linear interpolation); NaN for no completed trial. */
  public double quantile(double q) {
    return edf().quantile(q);
  }

  /** Several quantiles of the objective at once. */
  public double[] quantiles(double... qs) {
    Edf edf = edf();
    double[] out = new double[qs.length];
    for (int i = 0; i < qs.length; i++) {
      out[i] = edf.quantile(qs[i]);
    }
    return out;
  }

  /** Count, mean, std, min and max of the objective. */
  public Summary summary() {
    return Summary.of(objectiveValues());
  }

  /**
   * The completed trials split by the value of a parameter (or a string metric), in order of first
   * appearance; trials without the parameter (another branch) are left out.
   */
  public Map<Object, Population> split(String param) {
    Map<Object, List<TrialRecord>> groups = new LinkedHashMap<>();
    for (TrialRecord t : trials) {
      Object value = value(t, param);
      if (value != null) {
        groups.computeIfAbsent(value, v -> new ArrayList<>()).add(t);
      }
    }
    Map<Object, Population> out = new LinkedHashMap<>();
    groups.forEach((k, v) -> out.put(k, new Population(objective, List.copyOf(v))));
    return out;
  }

  /** Per value of a parameter, the summary of the objective (count, mean, std, min, max). */
  public Map<Object, Summary> groupBy(String param) {
    Map<Object, Summary> out = new LinkedHashMap<>();
    split(param).forEach((k, p) -> out.put(k, p.summary()));
    return out;
  }

  /**
   * Per combination of values of several parameters (in order of first appearance), the summary
   * of the objective; trials without one of them are left out.
   *
   * <pre>{@code
   * population.groupBy(List.of("optim.name", "train.batch"))   // {[sgd, 32]=Summary[...], ...}
   * }</pre>
   */
  public Map<List<Object>, Summary> groupBy(List<String> params) {
    Map<List<Object>, List<TrialRecord>> groups = new LinkedHashMap<>();
    for (TrialRecord t : trials) {
      List<Object> key = new ArrayList<>(params.size());
      for (String param : params) {
        Object v = value(t, param);
        if (v == null) {
          key = null;
          break;
        }
        key.add(v);
      }
      if (key != null) {
        groups.computeIfAbsent(List.copyOf(key), k -> new ArrayList<>()).add(t);
      }
    }
    Map<List<Object>, Summary> out = new LinkedHashMap<>();
    groups.forEach((k, v) -> out.put(k, new Population(objective, List.copyOf(v)).summary()));
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
    List<double[]> pairs = new ArrayList<>();
    for (TrialRecord t : trials) {
      OptionalDouble y = t.status() == TrialStatus.COMPLETED ? finiteObjective(t) : OptionalDouble.empty();
      Object v = value(t, param);
      if (y.isEmpty() || v == null) {
        continue;
      }
      if (!(v instanceof Number number)) {
        throw new IllegalArgumentException(param + ": trial " + t.id() + " has " + v + ", not a number; "
            + "groupBy(\"" + param + "\") summarises a categorical parameter");
      }
      pairs.add(new double[] {number.doubleValue(), y.getAsDouble()});
    }
    double[] x = new double[pairs.size()];
    double[] y = new double[pairs.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = pairs.get(i)[0];
      y[i] = pairs.get(i)[1];
    }
    return new ParameterStatistics(param, objective, x, y);
  }

  /** A trial's value of a parameter, or of a config path when it is no sampled parameter; null if none. */
  private static Object value(TrialRecord t, String param) {
    return t.params().containsKey(param) ? t.params().get(param) : t.config().get(param).orElse(null);
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
    List<TrialRecord> done = trials.stream()
        .filter(t -> t.status() == TrialStatus.COMPLETED && finiteObjective(t).isPresent()).toList();
    List<Importance> out = new ArrayList<>();
    for (String param : paramColumns()) {
      List<Object> keys = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      boolean numeric = true;
      for (TrialRecord t : done) {
        Object v = t.params().get(param);
        if (v != null) {
          keys.add(v);
          ys.add(finiteObjective(t).getAsDouble());
          numeric &= v instanceof Number;
        }
      }
      if (ys.size() < 2) {
        continue;
      }
      if (numeric) {
        double[] xs = keys.stream().mapToDouble(k -> ((Number) k).doubleValue()).toArray();
        double[] edges = ParameterStatistics.quantileEdges(xs, 10);
        for (int i = 0; i < xs.length; i++) {
          keys.set(i, ParameterStatistics.binOf(edges, xs[i]));
        }
      }
      out.add(new Importance(param, correlationRatio(keys, ys), ys.size()));
    }
    out.sort(Comparator.comparingDouble(Importance::share).reversed());
    return out;
  }

  /** A parameter's share of the objective's variance (see {@link #importance()}), over {@code n} trials. */
  public record Importance(String param, double share, int n) {}

  private static double correlationRatio(List<Object> groups, List<Double> ys) {
    double mean = ys.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double total = 0;
    Map<Object, double[]> sums = new LinkedHashMap<>(); // group -> {count, sum}
    for (int i = 0; i < ys.size(); i++) {
      double y = ys.get(i);
      total += (y - mean) * (y - mean);
      double[] s = sums.computeIfAbsent(groups.get(i), g -> new double[2]);
      s[0]++;
      s[1] += y;
    }
    if (total == 0) {
      return 0;
    }
    double between = 0;
    for (double[] s : sums.values()) {
      double groupMean = s[1] / s[0];
      between += s[0] * (groupMean - mean) * (groupMean - mean);
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
    List<TrialRecord> candidates = trials.stream()
        .filter(t -> t.status() == TrialStatus.COMPLETED)
        .filter(t -> objectives.stream().allMatch(o -> t.metric(o.metric()).isPresent()
            && Double.isFinite(t.metric(o.metric()).getAsDouble())))
        .sorted(Comparator.<TrialRecord>comparingDouble(t -> objectives.get(0).maximize()
            ? -t.metrics().get(objectives.get(0).metric()) : t.metrics().get(objectives.get(0).metric())))
        .toList();
    // Sorted by the first objective, a trial can only be beaten by one before it that is on the front.
    List<TrialRecord> front = new ArrayList<>();
    for (TrialRecord t : candidates) {
      if (front.stream().noneMatch(f -> dominates(f, t, objectives))) {
        front.removeIf(f -> dominates(t, f, objectives));
        front.add(t);
      }
    }
    front.sort(Comparator.comparingLong(TrialRecord::id));
    return front;
  }

  private static boolean dominates(TrialRecord a, TrialRecord b, List<Objective> objectives) {
    boolean better = false;
    for (Objective o : objectives) {
      int c = o.compare(a.metrics().get(o.metric()), b.metrics().get(o.metric()));
      if (c > 0) {
        return false;
      }
      better |= c < 0;
    }
    return better;
  }

  // ---------------------------------------------------------------- export

  private List<String> paramColumns() {
    Set<String> cols = new LinkedHashSet<>();
    trials.forEach(t -> cols.addAll(t.params().keySet()));
    return List.copyOf(cols);
  }

  private List<String> metricColumns() {
    Set<String> cols = new LinkedHashSet<>();
    cols.add(objective.metric());
    trials.forEach(t -> cols.addAll(t.metrics().keySet()));
    return List.copyOf(cols);
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
    for (TrialRecord t : trials) {
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
    List<Map<String, Object>> rows = new ArrayList<>();
    for (TrialRecord t : trials) {
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
      rows.add(row);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("objective", Map.of("metric", objective.metric(), "goal", objective.maximize() ? "maximize" : "minimize"));
    doc.put("trials", rows);
    try {
      return JSON.writeValueAsString(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@link #toJson()} to {@code file} atomically. */
  public void writeJson(Path file) {
    writeAtomically(file, out -> out.write(toJson()));
  }

  private interface Body {
    void write(Writer out) throws IOException;
  }

  private static void writeAtomically(Path file, Body body) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
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
    return "Population[" + trials.size() + " trials, " + objective + "]";
  }
}
