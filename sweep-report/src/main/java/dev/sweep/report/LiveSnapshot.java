package dev.sweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.store.Replay;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.TrialState;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * One look at a sweep folder, as the live page draws it: the counts by state, every trial's status,
 * objective value and parameters, the running trials' latest values, the best so far and each
 * trial's curve of the objective (at most {@link #CURVE_POINTS} points).
 */
final class LiveSnapshot {
  /** The most points of a curve sent to the page; longer ones are thinned evenly, ends kept. */
  static final int CURVE_POINTS = 200;

  /**
   * The most trials whose curves are sent: the running ones and the best; a snapshot of a big sweep
   * then stays small, and the page draws no more lines than a reader can tell apart.
   */
  static final int CURVES = 150;

  /** The states counted, in the order shown. */
  static final List<String> STATES =
      List.of("completed", "running", "failed", "pruned", "pending", "unfinished", "cancelled");

  /**
   * The most trials sent for the scatters: the running ones, the best, the newest and the rest
   * evenly by id; the page says how many of how many it shows.
   */
  static final int SAMPLE = 2000;

  /** The most points of the empirical distribution sent: quantiles when there are more trials. */
  static final int EDF_POINTS = 500;

  /** The most steps of the best-so-far line sent. */
  static final int HISTORY_POINTS = 1000;

  private final Map<String, Object> map = new LinkedHashMap<>();
  private final List<Path> metricsFiles = new ArrayList<>();

  /**
   * Builds the snapshot; {@code finished} holds the rows of the trials that had ended at an earlier
   * look, by id, reused as they are (the caller drops those that changed since), and gets the rows
   * of those that ended since.
   */
  LiveSnapshot(
      String key,
      String location,
      JsonNode definition,
      Objective objective,
      Set<String> logParameters,
      LiveTrials trials,
      boolean driverRunning,
      Map<Long, Map<String, Object>> finished) {
    Map<String, Long> counts = new LinkedHashMap<>();
    STATES.forEach(s -> counts.put(s, 0L));
    Set<String> params = new LinkedHashSet<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Map<String, Object>> running = new ArrayList<>();
    Instant now = Instant.now();
    Columns columns = new Columns(trials.size());
    for (long id : trials.ids()) {
      String status = trials.status(id);
      counts.merge(status, 1L, Long::sum);
      Map<String, Object> row = finished.get(id);
      if (row == null) {
        row = row(objective, trials, id, status, now, running);
        if (trials.ended(id)) {
          finished.put(id, row);
        }
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> p = (Map<String, Object>) row.get("params");
      params.addAll(p.keySet());
      columns.add(row, objective.metric());
      rows.add(row);
    }
    counts.merge(
        "pending", Math.max(0, definition.path("trials").asLong(0) - trials.size()), Long::sum);

    map.put("key", key);
    map.put("folder", location);
    map.put("name", definition.path("name").asText(key));
    map.put("sampler", definition.path("sampler").asText(""));
    map.put("total", definition.path("trials").asLong(0));
    map.put("objective", objective.toMap());
    map.put("driver", driverRunning);
    map.put("counts", counts);
    List<Map<String, Object>> paramList = new ArrayList<>();
    for (String p : params) {
      paramList.add(Map.of("name", p, "log", logParameters.contains(p)));
    }
    map.put("params", paramList);
    map.put("running", running);
    putTrials(rows, columns, objective);
  }

  /**
   * The snapshot of trials that have all ended, such as a {@code Population} that {@code Report}
   * draws: no folder, journal or driver, so nothing is running and the folder is {@code ""}.
   */
  static LiveSnapshot ofEnded(
      String key,
      String name,
      Objective objective,
      Set<String> logParameters,
      List<TrialRecord> trials) {
    LiveSnapshot s = new LiveSnapshot();
    Map<String, Long> counts = new LinkedHashMap<>();
    STATES.forEach(st -> counts.put(st, 0L));
    Set<String> params = new LinkedHashSet<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    Columns columns = new Columns(trials.size());
    for (TrialRecord r : trials) {
      String status = r.status().name().toLowerCase(Locale.ROOT);
      counts.merge(status, 1L, Long::sum);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", r.id());
      row.put("name", r.name());
      row.put("status", status);
      row.put("params", r.params());
      ended(row, r, objective);
      params.addAll(r.params().keySet());
      columns.add(row, objective.metric());
      rows.add(row);
    }
    s.map.put("key", key);
    s.map.put("folder", "");
    s.map.put("name", name);
    s.map.put("sampler", "");
    s.map.put("total", (long) trials.size());
    s.map.put("objective", objective.toMap());
    s.map.put("driver", false);
    s.map.put("counts", counts);
    List<Map<String, Object>> paramList = new ArrayList<>();
    for (String p : params) {
      paramList.add(Map.of("name", p, "log", logParameters.contains(p)));
    }
    s.map.put("params", paramList);
    s.map.put("running", List.of());
    s.putTrials(rows, columns, objective);
    return s;
  }

  private LiveSnapshot() {}

  /** The best, the sample of the trials, the best-so-far line and the EDF, from the rows. */
  private void putTrials(List<Map<String, Object>> rows, Columns columns, Objective objective) {
    map.put("best", best(rows, columns, objective));
    List<Map<String, Object>> sample = sample(rows, columns, objective, SAMPLE);
    keepCurvesOfTheBest(sample, objective);
    map.put("trials", sample);
    map.put("shown", Map.of("trials", sample.size(), "of", rows.size()));
    map.put("history_best", bestSoFar(columns, objective));
    map.put("edf", edf(columns.completedValues()));
  }

  /** An ended trial's value, metrics, duration and curve of the objective, put in its row. */
  private static void ended(Map<String, Object> row, TrialRecord r, Objective objective) {
    row.put("value", finite(value(r.metrics(), r.curve(), objective.metric())));
    row.put("metrics", finite(r.metrics()));
    row.put("duration_s", r.duration().toMillis() / 1000.0);
    row.put("curve", thin(r.curve(), objective.metric()));
  }

  /**
   * What the snapshot ranks and counts the rows by, read out of them once, in id order: a big
   * sweep's update then passes over arrays, not over maps.
   */
  private static final class Columns {
    final long[] ids;
    final boolean[] completed;
    final boolean[] running;
    final double[] value; // NaN: none
    final double[] metric; // the objective's metric as reported at the end; NaN: none
    int size;

    Columns(int capacity) {
      ids = new long[capacity];
      completed = new boolean[capacity];
      running = new boolean[capacity];
      value = new double[capacity];
      metric = new double[capacity];
    }

    void add(Map<String, Object> row, String metricName) {
      Object status = row.get("status");
      ids[size] = (Long) row.get("id");
      completed[size] = "completed".equals(status);
      running[size] = "running".equals(status);
      value[size] = row.get("value") instanceof Double v ? v : Double.NaN;
      metric[size] =
          row.get("metrics") instanceof Map<?, ?> m && m.get(metricName) instanceof Double v
              ? v
              : Double.NaN;
      size++;
    }

    double[] completedValues() {
      double[] out = new double[size];
      int n = 0;
      for (int i = 0; i < size; i++) {
        if (completed[i] && !Double.isNaN(value[i])) {
          out[n++] = value[i];
        }
      }
      return Arrays.copyOf(out, n);
    }
  }

  /**
   * One trial's row: read from the journal (or the store), and for a running trial what it reported
   * so far.
   */
  private Map<String, Object> row(
      Objective objective,
      LiveTrials trials,
      long id,
      String status,
      Instant now,
      List<Map<String, Object>> running) {
    TrialState state = trials.get(id);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("name", state.name());
    row.put("status", status);
    row.put("params", state.params());
    List<CurvePoint> curve = List.of();
    if (status.equals("running")) { // a store's rerun trial also has its earlier outcome
      curve = trials.reported(id, metricsFiles::add);
      Map<String, Object> r = new LinkedHashMap<>(row);
      trials
          .started(id)
          .ifPresent(
              t -> {
                r.put("started_ms", t.toEpochMilli()); // the page counts on from it
                r.put("elapsed_s", Duration.between(t, now).toMillis() / 1000.0);
              });
      if (!curve.isEmpty()) {
        CurvePoint last = curve.get(curve.size() - 1);
        r.put("step", last.step());
        r.put("latest", finite(last.metrics()));
      }
      running.add(r);
    } else if (state.last().isPresent()) {
      TrialRecord r = state.last().get();
      curve = r.curve();
      row.put("value", finite(value(r.metrics(), curve, objective.metric())));
      row.put("metrics", finite(r.metrics()));
      row.put("duration_s", r.duration().toMillis() / 1000.0);
    }
    row.put("curve", thin(curve, objective.metric()));
    return row;
  }

  /**
   * At most {@code max} of the rows (in id order), chosen the same way each time: every running
   * trial, the best eighth, the newest eighth, and the rest evenly spread over the ids.
   */
  static List<Map<String, Object>> sample(
      List<Map<String, Object>> rows, Objective objective, int max) {
    Columns columns = new Columns(rows.size());
    rows.forEach(r -> columns.add(r, objective.metric()));
    return sample(rows, columns, objective, max);
  }

  private static List<Map<String, Object>> sample(
      List<Map<String, Object>> rows, Columns columns, Objective objective, int max) {
    int n = rows.size();
    if (n <= max) {
      return rows;
    }
    Set<Integer> chosen = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      if (columns.running[i]) {
        chosen.add(i);
      }
    }
    // the best eighth, picked with a heap of the worst kept on top: no sort of every trial
    double[] keys = new double[n];
    for (int i = 0; i < n; i++) {
      keys[i] = objective.maximize() ? -columns.value[i] : columns.value[i];
    }
    int best = max / 8;
    PriorityQueue<Integer> kept =
        new PriorityQueue<>(
            best + 1,
            (a, b) ->
                keys[a] != keys[b] ? Double.compare(keys[b], keys[a]) : Integer.compare(b, a));
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(keys[i])) {
        kept.add(i);
        if (kept.size() > best) {
          kept.poll();
        }
      }
    }
    chosen.addAll(kept);
    for (int i = n - 1; i >= Math.max(0, n - max / 8); i--) {
      chosen.add(i);
    }
    int room = max - chosen.size();
    for (int k = 0; k < room && chosen.size() < max; k++) {
      chosen.add((int) ((long) k * (n - 1) / Math.max(1, room - 1)));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i : chosen) {
      out.add(rows.get(i));
    }
    return out;
  }

  /** The best completed trial: the best finite value, the lower id among ties. */
  private static Map<String, Object> best(
      List<Map<String, Object>> rows, Columns columns, Objective objective) {
    int at = -1;
    double bestValue = Double.NaN;
    for (int i = 0; i < columns.size; i++) {
      double v = columns.metric[i];
      if (columns.completed[i]
          && !Double.isNaN(v)
          && (at < 0 || objective.compare(v, bestValue) < 0)) {
        at = i;
        bestValue = v;
      }
    }
    if (at < 0) {
      return null;
    }
    Map<String, Object> best = rows.get(at);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", best.get("id"));
    m.put("name", best.get("name"));
    m.put("value", bestValue);
    m.put("params", best.get("params"));
    return m;
  }

  /** {@code [[id, best so far], …]} at each completed trial that improved on the best. */
  private static List<List<Object>> bestSoFar(Columns columns, Objective objective) {
    List<List<Object>> line = new ArrayList<>();
    double best = Double.NaN;
    for (int i = 0; i < columns.size; i++) {
      double v = columns.value[i];
      if (columns.completed[i]
          && !Double.isNaN(v)
          && (line.isEmpty() || objective.compare(v, best) < 0)) {
        best = v;
        line.add(List.of(columns.ids[i], v));
      }
    }
    if (line.size() > HISTORY_POINTS) { // thinned evenly, the last kept
      List<List<Object>> thinned = new ArrayList<>();
      for (int k = 0; k < HISTORY_POINTS; k++) {
        thinned.add(line.get((int) ((long) k * (line.size() - 1) / (HISTORY_POINTS - 1))));
      }
      return thinned;
    }
    return line;
  }

  /**
   * The empirical distribution of the values, {@code [[value, fraction], …]}: every value up to
   * {@link #EDF_POINTS}, else as many quantiles, the least and the greatest among them.
   */
  static List<List<Double>> edf(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    int m = Math.min(n, EDF_POINTS);
    List<List<Double>> points = new ArrayList<>();
    for (int k = 0; k < m; k++) {
      int i = m == 1 ? n - 1 : (int) ((long) k * (n - 1) / (m - 1));
      points.add(List.of(sorted[i], (i + 1) / (double) n));
    }
    return points;
  }

  Map<String, Object> toMap() {
    return new LinkedHashMap<>(map);
  }

  /** The metrics files of the running trials, which the poller watches for new steps. */
  List<Path> metricsFiles() {
    return List.copyOf(metricsFiles);
  }

  /**
   * Takes the curves out of all but the running trials and the best, {@link #CURVES} in all,
   * replacing the rows in the list by copies without.
   */
  private static void keepCurvesOfTheBest(List<Map<String, Object>> rows, Objective objective) {
    if (rows.size() <= CURVES) {
      return;
    }
    Comparator<Map<String, Object>> order =
        Comparator.comparing((Map<String, Object> r) -> !"running".equals(r.get("status")))
            .thenComparing(
                r -> (Double) r.get("value"),
                Comparator.nullsLast(
                    objective.maximize()
                        ? Comparator.<Double>reverseOrder()
                        : Comparator.<Double>naturalOrder()));
    List<Map<String, Object>> ranked = new ArrayList<>(rows);
    ranked.sort(order);
    Set<Object> without = new HashSet<>();
    for (Map<String, Object> r : ranked.subList(CURVES, ranked.size())) {
      without.add(r.get("id"));
    }
    rows.replaceAll(
        r -> {
          if (!without.contains(r.get("id"))) {
            return r;
          }
          Map<String, Object> c = new LinkedHashMap<>(r); // the kept row stays whole
          c.put("curve", List.of());
          return c;
        });
  }

  /** A folder that has no {@code sweep.json} yet. */
  static Map<String, Object> waiting(String key, Path dir) {
    return waiting(
        key, dir.toString(), "no " + SweepFolder.DEFINITION + " yet: the sweep has not started");
  }

  /** A sweep not there yet; {@code why} says what is missing. */
  static Map<String, Object> waiting(String key, String location, String why) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("folder", location);
    m.put("name", key);
    m.put("waiting", why);
    return m;
  }

  /** A sweep that cannot be read: the page shows why. */
  static Map<String, Object> unreadable(String key, String location, RuntimeException e) {
    Map<String, Object> m = waiting(key, location, "");
    m.remove("waiting");
    m.put("error", String.valueOf(e.getMessage()));
    return m;
  }

  static String status(Replay trials, long id, boolean driverRunning) {
    Optional<TrialStatus> last = trials.lastStatus(id);
    if (last.isPresent()) {
      return last.get().name().toLowerCase(Locale.ROOT);
    }
    if (trials.attempts(id) == 0) {
      return "pending";
    }
    return driverRunning ? "running" : "unfinished";
  }

  /** The objective's final value; a pruned trial's last reported one when it has none. */
  private static OptionalDouble value(
      Map<String, Double> metrics, List<CurvePoint> curve, String metric) {
    Double v = metrics.get(metric);
    if (v != null) {
      return OptionalDouble.of(v);
    }
    for (int i = curve.size() - 1; i >= 0; i--) {
      Double c = curve.get(i).metrics().get(metric);
      if (c != null) {
        return OptionalDouble.of(c);
      }
    }
    return OptionalDouble.empty();
  }

  /** {@code [[step, value], …]} of one metric, thinned to {@link #CURVE_POINTS}. */
  static List<List<Object>> thin(List<CurvePoint> curve, String metric) {
    return thin(curve, metric, CURVE_POINTS);
  }

  /** {@code [[step, value], …]} of one metric, thinned to {@code max} points, ends kept. */
  static List<List<Object>> thin(List<CurvePoint> curve, String metric, int max) {
    List<CurvePoint> with = new ArrayList<>();
    for (CurvePoint p : curve) {
      Double v = p.metrics().get(metric);
      if (v != null && Double.isFinite(v)) {
        with.add(p);
      }
    }
    List<List<Object>> points = new ArrayList<>();
    int n = with.size();
    int keep = Math.min(n, max);
    for (int k = 0; k < keep; k++) {
      CurvePoint p = with.get(keep == 1 ? n - 1 : (int) ((long) k * (n - 1) / (keep - 1)));
      points.add(List.of(p.step(), p.metrics().get(metric)));
    }
    return points;
  }

  /** JSON has no NaN or infinity: those become null. */
  static Double finite(OptionalDouble v) {
    return v.isPresent() && Double.isFinite(v.getAsDouble()) ? v.getAsDouble() : null;
  }

  static Map<String, Double> finite(Map<String, Double> metrics) {
    Map<String, Double> m = new LinkedHashMap<>();
    metrics.forEach((k, v) -> m.put(k, v != null && Double.isFinite(v) ? v : null));
    return m;
  }
}
