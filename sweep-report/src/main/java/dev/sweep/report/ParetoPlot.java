package dev.sweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.population.Population;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Pareto front of a sweep with several objectives, as the live page and the analysis page draw
 * it ({@code plots.pareto}): each completed trial with a finite value of every objective as a
 * point, its Pareto rank under constrained domination ({@link Population#paretoRanks}) and whether
 * it keeps the outcome constraints, and the front's trials (rank 0 and feasible, {@link
 * Population#paretoFront}) with their parameters for the table under the plot.
 *
 * <pre>{@code
 * {"objectives": [{"metric": "error", "goal": "minimize"}, ...],
 *  "constraints": [{"metric": "memory_gb", "max": 16}],
 *  "points": [[id, value1, value2, ..., rank, feasible], ...],
 *  "front": [{"id": 3, "values": [...], "params": {...}}, ...],
 *  "n": 120, "front_size": 9, "points_shown": 120}
 * }</pre>
 *
 * <p>Values are in each metric's own units, not negated. Bounded as the other plots are: at most
 * {@value #POINTS} points, every front trial among them and the rest an even spread over the trial
 * order; ranks beyond 0 only up to {@value #RANKED} trials (non-dominated sorting is quadratic),
 * past that a point off the front has rank null; the table at most {@value #TABLE} front trials,
 * best primary objective first. No hypervolume: it needs a reference point, which a sweep does not
 * declare, and one made up here would change with every trial.
 */
final class ParetoPlot {
  /** The most points drawn. */
  static final int POINTS = 2000;

  /** The most trials ranked beyond the front. */
  static final int RANKED = 2000;

  /** The most front trials in the table. */
  static final int TABLE = 200;

  private ParetoPlot() {}

  /**
   * What a sweep's definition seeks: its {@code objectives} and {@code outcome_constraints} where
   * it has them, else its one {@code objective}, as {@code sweep.json} writes them. A definition
   * that a person edited into nonsense (a metric twice, a bound not finite) seeks its primary
   * objective alone here: the page still shows the rest of the sweep, without a front.
   */
  static Objectives objectives(JsonNode definition) {
    try {
      return Objectives.read(definition);
    } catch (IllegalArgumentException e) {
      return Objectives.of(LiveFolder.objective(definition));
    }
  }

  /**
   * Puts {@code pareto} in {@code plots} when there are several objectives; with one, nothing (the
   * page then hides the section). {@code trials}: any, those that did not complete are skipped.
   */
  static void put(Map<String, Object> plots, Objectives objectives, List<TrialRecord> trials) {
    if (objectives.several()) {
      plots.put("pareto", of(objectives, trials));
    }
  }

  static Map<String, Object> of(Objectives objectives, List<TrialRecord> trials) {
    List<TrialRecord> done = new ArrayList<>();
    for (TrialRecord r : trials) {
      if (r.status() == TrialStatus.COMPLETED && valued(objectives, r)) {
        done.add(r);
      }
    }
    Population population = Population.of(objectives, done);
    List<TrialRecord> front = population.paretoFront(objectives);
    Set<Long> onFront = new HashSet<>();
    front.forEach(r -> onFront.add(r.id()));
    Map<Long, Integer> ranks =
        done.size() <= RANKED ? population.paretoRanks(objectives) : Map.of();

    List<TrialRecord> shown = shown(done, onFront);
    List<List<Object>> points = new ArrayList<>();
    for (TrialRecord r : shown) {
      List<Object> p = new ArrayList<>();
      p.add(r.id());
      for (Objective o : objectives.list()) {
        p.add(Objectives.value(r, o.metric()));
      }
      p.add(onFront.contains(r.id()) ? Integer.valueOf(0) : ranks.get(r.id()));
      p.add(objectives.feasible(r));
      points.add(p);
    }

    Objective primary = objectives.primary();
    List<TrialRecord> best = new ArrayList<>(front);
    best.sort(
        Comparator.comparingDouble((TrialRecord r) -> objectives.minimized(r)[0])
            .thenComparingLong(TrialRecord::id));
    List<Map<String, Object>> table = new ArrayList<>();
    for (TrialRecord r : best.subList(0, Math.min(TABLE, best.size()))) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", r.id());
      List<Double> values = new ArrayList<>();
      for (Objective o : objectives.list()) {
        values.add(Objectives.value(r, o.metric()));
      }
      row.put("values", values);
      row.put("params", r.params());
      table.add(row);
    }

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("objectives", objectives.toMaps());
    m.put("constraints", objectives.constraints().stream().map(MetricBound::toMap).toList());
    m.put("primary", primary.metric());
    m.put("points", points);
    m.put("front", table);
    m.put("n", done.size());
    m.put("front_size", front.size());
    m.put("points_shown", points.size());
    m.put("ranked", done.size() <= RANKED);
    return m;
  }

  /** The ids of the front's trials in the table of {@code plots}; none without a front. */
  static List<Long> tableIds(Map<String, Object> plots) {
    if (!(plots.get("pareto") instanceof Map<?, ?> pareto)
        || !(pareto.get("front") instanceof List<?> front)) {
      return List.of();
    }
    List<Long> ids = new ArrayList<>();
    for (Object row : front) {
      if (row instanceof Map<?, ?> m && m.get("id") instanceof Long id) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** Whether the record has a finite value of every objective: a point to draw. */
  private static boolean valued(Objectives objectives, TrialRecord r) {
    for (double v : objectives.minimized(r)) {
      if (Double.isNaN(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The trials drawn: all of them up to {@value #POINTS}; past that every front trial and an even
   * spread of the others over the trial order, so the cloud behind the front keeps its shape.
   */
  private static List<TrialRecord> shown(List<TrialRecord> done, Set<Long> onFront) {
    if (done.size() <= POINTS) {
      return done;
    }
    List<TrialRecord> rest = done.stream().filter(r -> !onFront.contains(r.id())).toList();
    int room = Math.max(0, POINTS - onFront.size());
    Set<Long> keep = new HashSet<>(onFront);
    for (int i = 0; i < room; i++) {
      keep.add(rest.get((int) ((long) i * rest.size() / room)).id());
    }
    return done.stream().filter(r -> keep.contains(r.id())).toList();
  }
}
