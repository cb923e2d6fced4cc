package dev.sweep.trial;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a sweep seeks: one objective or several, each minimised or maximised, and constraints on the
 * outcome ({@link MetricBound}). With several, a sweep searches a Pareto front: no one trial is the
 * best, and the trials that no other beats on every objective are the answer.
 *
 * <pre>{@code
 * Objectives seek = Objective.minimize("error").andMaximize("throughput")
 *     .subjectTo(MetricBound.atMost("memory_gb", 16));
 * }</pre>
 *
 * <p>The first objective is the {@linkplain #primary() primary} one: what a single-objective
 * sampler, a stopping rule, "best so far" and retention's "best" go by when there are several.
 * Immutable.
 */
public final class Objectives {
  private final List<Objective> list;
  private final List<MetricBound> constraints;

  private Objectives(List<Objective> list, List<MetricBound> constraints) {
    this.list = List.copyOf(list);
    this.constraints = List.copyOf(constraints);
    Set<String> metrics = new HashSet<>();
    for (Objective o : this.list) {
      if (!metrics.add(o.metric())) {
        throw new IllegalArgumentException(
            "metric '" + o.metric() + "' is an objective twice in " + this.list);
      }
    }
  }

  /** One objective, no constraint: what every single-objective sweep seeks. */
  public static Objectives of(Objective objective) {
    requireNonNull(objective, "objective == null");
    return new Objectives(List.of(objective), List.of());
  }

  /**
   * These objectives, the first primary.
   *
   * @throws IllegalArgumentException if none is given or a metric is named twice
   */
  public static Objectives of(List<Objective> objectives) {
    requireNonNull(objectives, "objectives == null");
    if (objectives.isEmpty()) {
      throw new IllegalArgumentException("objectives: give at least one");
    }
    objectives.forEach(o -> requireNonNull(o, "objectives contain null: " + objectives));
    return new Objectives(objectives, List.of());
  }

  /**
   * What a sweep's definition ({@code sweep.json}, or a store's copy of it) says it seeks, the
   * inverse of how a sweep writes it: its {@code objectives} and {@code outcome_constraints} where
   * it has them, else its one {@code objective} ({@code {metric, goal}}; a sweep that named none
   * sought {@code minimize value}).
   *
   * @throws IllegalArgumentException if the definition names a metric twice or a bound that is not
   *     finite
   */
  public static Objectives read(JsonNode definition) {
    requireNonNull(definition, "definition == null");
    List<Objective> list = new ArrayList<>();
    for (JsonNode o : definition.path("objectives")) {
      list.add(Objective.read(o));
    }
    if (list.isEmpty()) {
      list.add(Objective.read(definition.path("objective")));
    }
    List<MetricBound> bounds = new ArrayList<>();
    for (JsonNode b : definition.path("outcome_constraints")) {
      String metric = b.path("metric").asText("");
      if (b.path("max").isNumber()) {
        bounds.add(MetricBound.atMost(metric, b.path("max").asDouble()));
      }
      if (b.path("min").isNumber()) {
        bounds.add(MetricBound.atLeast(metric, b.path("min").asDouble()));
      }
    }
    return new Objectives(list, bounds);
  }

  /** These, and another objective to minimise. */
  public Objectives andMinimize(String metric) {
    return and(Objective.minimize(metric));
  }

  /** These, and another objective to maximise. */
  public Objectives andMaximize(String metric) {
    return and(Objective.maximize(metric));
  }

  /** These, and {@code objective}. */
  public Objectives and(Objective objective) {
    requireNonNull(objective, "objective == null");
    List<Objective> more = new ArrayList<>(list);
    more.add(objective);
    return new Objectives(more, constraints);
  }

  /** These objectives, subject to {@code bounds} as well as those already set. */
  public Objectives subjectTo(MetricBound... bounds) {
    requireNonNull(bounds, "bounds == null");
    List<MetricBound> more = new ArrayList<>(constraints);
    for (MetricBound b : bounds) {
      more.add(requireNonNull(b, "bounds contain null: " + Arrays.toString(bounds)));
    }
    return new Objectives(list, more);
  }

  /** The objectives, the primary first. */
  public List<Objective> list() {
    return list;
  }

  /** The first objective: what single-objective parts of a sweep go by. */
  public Objective primary() {
    return list.get(0);
  }

  /** How many objectives there are. */
  public int size() {
    return list.size();
  }

  /** Whether there are several objectives, a Pareto front to search. */
  public boolean several() {
    return list.size() > 1;
  }

  /** The constraints on the outcome; empty when there are none. */
  public List<MetricBound> constraints() {
    return constraints;
  }

  /**
   * The record's value of each objective, in order, each to be minimised (a maximised one negated);
   * NaN where the record has no finite value for it. An objective's value is the metric of its
   * name, else a sampled, derived or probed parameter of that name ({@link TrialRecord#number}): a
   * design-space study seeks low error and low {@code flops}, which a probe measures of the config
   * before the trial runs and which the trial never reports.
   */
  public double[] minimized(TrialRecord record) {
    double[] v = new double[list.size()];
    for (int j = 0; j < v.length; j++) {
      Objective o = list.get(j);
      double x = value(record, o.metric());
      v[j] = !Double.isFinite(x) ? Double.NaN : o.maximize() ? -x : x;
    }
    return v;
  }

  /**
   * The record's value of {@code name} as an objective reads it: the metric, else the parameter (a
   * probed or derived value lands among the params); NaN if neither holds a number. The metric
   * comes first, since what the trial measured is what an objective means when both have the name.
   */
  public static double value(TrialRecord record, String name) {
    var metric = record.metric(name);
    return metric.isPresent() ? metric.getAsDouble() : record.number(name).orElse(Double.NaN);
  }

  /**
   * How far the record is from keeping every constraint: the sum of their violations, 0 when it
   * keeps them all (or there are none), infinite when it lacks a constrained value.
   */
  public double violation(TrialRecord record) {
    double sum = 0;
    for (MetricBound b : constraints) {
      sum += b.violation(record);
    }
    return sum;
  }

  /** Whether the record keeps every constraint on the outcome. */
  public boolean feasible(TrialRecord record) {
    return violation(record) == 0;
  }

  /** The objectives as the files of a sweep write them: each {@link Objective#toMap()}. */
  public List<Map<String, String>> toMaps() {
    return list.stream().map(Objective::toMap).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Objectives other
        && other.list.equals(list)
        && other.constraints.equals(constraints);
  }

  @Override
  public int hashCode() {
    return list.hashCode() * 31 + constraints.hashCode();
  }

  @Override
  public String toString() {
    String s = list.stream().map(Objective::toString).collect(Collectors.joining(", "));
    return constraints.isEmpty()
        ? s
        : s
            + " subject to "
            + constraints.stream().map(MetricBound::toString).collect(Collectors.joining(", "));
  }
}
