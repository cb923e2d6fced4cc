package dev.sweep.report;

import dev.sweep.store.TrialState;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One trial in full for the live page's details: config, metrics, every curve, log tails. */
final class LiveTrial {
  private LiveTrial() {}

  /** A trial of a sweep folder: one not ended shows what its folder's files say. */
  static Map<String, Object> of(TrialState state, Path trialDir, Objective objective) {
    return of(
        state,
        state.last().isPresent() ? null : state.attempts() == 0 ? "pending" : "running",
        Optional.of(trialDir),
        state.last().isPresent() ? List.of() : TrialFiles.metrics(trialDir),
        objective);
  }

  /**
   * A trial as the page details it.
   *
   * @param running the status of a trial not ended ({@code running}, {@code pending}, …); null for
   *     one shown as its last attempt ended
   * @param trialDir its folder on this machine, if any: its logs' tails are shown
   * @param reported what a trial not ended reported so far
   */
  static Map<String, Object> of(
      TrialState state,
      String running,
      Optional<Path> trialDir,
      List<CurvePoint> reported,
      Objective objective) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", state.id());
    m.put("name", state.name());
    trialDir.ifPresent(d -> m.put("folder", d.toString())); // a store's trial has none here
    m.put("attempts", state.attempts());
    m.put("params", state.params());
    m.put("config", state.config().toMap());
    m.put("objective", objective.toMap());
    List<CurvePoint> curve;
    if (running == null && state.last().isPresent()) {
      TrialRecord r = state.last().get();
      m.put("status", r.status().name().toLowerCase(Locale.ROOT));
      m.put("metrics", LiveSnapshot.finite(r.metrics()));
      r.failure().ifPresent(f -> m.put("failure", f));
      m.put("started", r.started().toString());
      m.put("duration_s", r.duration().toMillis() / 1000.0);
      curve = r.curve();
    } else {
      m.put("status", running == null ? "pending" : running);
      curve = reported;
    }
    m.put("curves", curves(curve));
    m.put("notes", state.notes());
    m.put("logs", trialDir.map(TrialFiles::logTails).orElse(Map.of()));
    return m;
  }

  /**
   * An ended trial as a record holds it, for a page that carries its trials' details: no folder,
   * attempts, notes or logs, which only the sweep's folder has; each metric's curve thinned to
   * {@code curvePoints}.
   */
  static Map<String, Object> of(TrialRecord r, Objective objective, int curvePoints) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("name", r.name());
    m.put("params", r.params());
    m.put("config", r.config().toMap());
    m.put("objective", objective.toMap());
    m.put("status", r.status().name().toLowerCase(Locale.ROOT));
    m.put("metrics", LiveSnapshot.finite(r.metrics()));
    r.failure().ifPresent(f -> m.put("failure", f));
    m.put("started", r.started().toString());
    m.put("duration_s", r.duration().toMillis() / 1000.0);
    m.put("curves", curves(r.curve(), curvePoints));
    return m;
  }

  /** Each metric's curve, {@code {metric: [[step, value], …]}}, thinned as the snapshot's. */
  private static Map<String, Object> curves(List<CurvePoint> curve) {
    return curves(curve, LiveSnapshot.CURVE_POINTS);
  }

  /** Each metric's curve, thinned to {@code max} points. */
  private static Map<String, Object> curves(List<CurvePoint> curve, int max) {
    Map<String, Object> byMetric = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (CurvePoint p : curve) {
      for (String k : p.metrics().keySet()) {
        if (!names.contains(k)) {
          names.add(k);
        }
      }
    }
    for (String k : names) {
      byMetric.put(k, LiveSnapshot.thin(curve, k, max));
    }
    return byMetric;
  }
}
