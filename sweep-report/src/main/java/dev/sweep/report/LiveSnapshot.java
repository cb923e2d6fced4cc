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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

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

  private final Map<String, Object> map = new LinkedHashMap<>();
  private final List<Path> metricsFiles = new ArrayList<>();

  LiveSnapshot(
      String key,
      Path dir,
      JsonNode definition,
      Objective objective,
      Set<String> logParameters,
      Replay trials,
      boolean driverRunning) {
    Map<String, Long> counts = new LinkedHashMap<>();
    STATES.forEach(s -> counts.put(s, 0L));
    Set<String> params = new LinkedHashSet<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Map<String, Object>> running = new ArrayList<>();
    Instant now = Instant.now();
    for (long id : trials.keySet()) {
      TrialState state = trials.get(id);
      String status = status(trials, id, driverRunning);
      counts.merge(status, 1L, Long::sum);
      params.addAll(state.params().keySet());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", id);
      row.put("name", state.name());
      row.put("status", status);
      row.put("params", state.params());
      List<CurvePoint> curve = List.of();
      if (state.last().isPresent()) {
        TrialRecord r = state.last().get();
        curve = r.curve();
        row.put("value", finite(value(r.metrics(), curve, objective.metric())));
        row.put("metrics", finite(r.metrics()));
        row.put("duration_s", r.duration().toMillis() / 1000.0);
      } else if (status.equals("running")) {
        Path trialDir = SweepFolder.trialDir(dir, id, state.name());
        metricsFiles.add(trialDir.resolve(TrialFiles.METRICS));
        curve = TrialFiles.metrics(trialDir);
        Map<String, Object> r = new LinkedHashMap<>(row);
        trials
            .lastStart(id)
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
      }
      row.put("curve", thin(curve, objective.metric()));
      rows.add(row);
    }
    keepCurvesOfTheBest(rows, objective);
    counts.merge(
        "pending", Math.max(0, definition.path("trials").asLong(0) - trials.size()), Long::sum);

    map.put("key", key);
    map.put("folder", dir.toString());
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
    map.put("best", trials.best(objective).map(b -> best(b, objective)).orElse(null));
    map.put("running", running);
    map.put("trials", rows);
  }

  Map<String, Object> toMap() {
    return new LinkedHashMap<>(map);
  }

  /** The metrics files of the running trials, which the poller watches for new steps. */
  List<Path> metricsFiles() {
    return List.copyOf(metricsFiles);
  }

  /** Takes the curves out of all but the running trials and the best, {@link #CURVES} in all. */
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
    for (Map<String, Object> r : ranked.subList(CURVES, ranked.size())) {
      r.put("curve", List.of());
    }
  }

  /** A folder that has no {@code sweep.json} yet. */
  static Map<String, Object> waiting(String key, Path dir) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("folder", dir.toString());
    m.put("name", key);
    m.put("waiting", "no " + SweepFolder.DEFINITION + " yet: the sweep has not started");
    return m;
  }

  /** A folder that cannot be read: the page shows why. */
  static Map<String, Object> unreadable(String key, Path dir, RuntimeException e) {
    Map<String, Object> m = waiting(key, dir);
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

  private static Map<String, Object> best(TrialRecord b, Objective objective) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", b.id());
    m.put("name", b.name());
    m.put("value", finite(b.metric(objective.metric())));
    m.put("params", b.params());
    return m;
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
    List<CurvePoint> with = new ArrayList<>();
    for (CurvePoint p : curve) {
      Double v = p.metrics().get(metric);
      if (v != null && Double.isFinite(v)) {
        with.add(p);
      }
    }
    List<List<Object>> points = new ArrayList<>();
    int n = with.size();
    int keep = Math.min(n, CURVE_POINTS);
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
