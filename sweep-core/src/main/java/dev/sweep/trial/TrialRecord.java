package dev.sweep.trial;

import static java.util.Objects.requireNonNull;

import dev.sweep.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything known about one trial: what was tried, what happened and how long it took.
 *
 * @param id the trial's index in the sweep
 * @param name the readable, folder-safe name of its sampled values
 * @param params the sampled values by dotted path, then the values derived and probed from them
 * @param config the full config the runner saw
 * @param status how the trial ended (or where it is)
 * @param metrics the final metrics of its result; empty if it failed
 * @param curve the steps it reported, in order
 * @param failure the cause when it failed or was cancelled
 * @param started when it started
 * @param duration how long it ran
 */
public record TrialRecord(
    long id,
    String name,
    Map<String, Object> params,
    Config config,
    TrialStatus status,
    Map<String, Double> metrics,
    List<CurvePoint> curve,
    Optional<String> failure,
    Instant started,
    Duration duration) {

  public TrialRecord {
    requireNonNull(name, "name == null");
    requireNonNull(params, "params == null");
    requireNonNull(config, "config == null");
    requireNonNull(status, "status == null");
    metrics = Map.copyOf(metrics);
    curve = List.copyOf(curve);
    requireNonNull(failure, "failure == null");
    requireNonNull(started, "started == null");
    requireNonNull(duration, "duration == null");
  }

  /**
   * The outcome as files write it, the inverse of {@link #fromOutcome}: {@code status}, {@code
   * metrics}, {@code failure} (if any), {@code started}, {@code duration_s}, {@code curve} (if
   * any), in that order.
   */
  public Map<String, Object> toOutcome() {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("status", status.name());
    e.put("metrics", metrics);
    failure.ifPresent(f -> e.put("failure", f));
    e.put("started", started.toString());
    e.put("duration_s", duration.toNanos() / 1e9);
    if (!curve.isEmpty()) {
      e.put("curve", CurvePoint.toMaps(curve));
    }
    return e;
  }

  /**
   * A record from its identity and the outcome as files write it ({@code trials.json} rows and the
   * journal's finished events): {@code status}, {@code metrics}, {@code curve}, {@code failure},
   * {@code started}, {@code duration_s}.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  @SuppressWarnings("unchecked")
  public static TrialRecord fromOutcome(
      long id, String name, Map<String, Object> params, Config config, Map<String, ?> outcome) {
    try {
      Map<String, Double> metrics = new LinkedHashMap<>();
      Object metricsField = outcome.get("metrics");
      if (metricsField != null) {
        ((Map<String, ?>) metricsField).forEach((k, v) -> metrics.put(k, number(v)));
      }
      List<CurvePoint> curve = new ArrayList<>();
      Object curveField = outcome.get("curve");
      for (Object point : curveField == null ? List.of() : (List<?>) curveField) {
        curve.add(CurvePoint.fromMap((Map<String, ?>) point));
      }
      Object failure = outcome.get("failure");
      Object seconds = outcome.get("duration_s");
      return new TrialRecord(
          id,
          name,
          params,
          config,
          TrialStatus.valueOf((String) outcome.get("status")),
          metrics,
          curve,
          Optional.ofNullable(failure == null ? null : failure.toString()),
          Instant.parse((String) outcome.get("started")),
          Duration.ofNanos(Math.round(((Number) seconds).doubleValue() * 1e9)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "trial " + id + ": malformed outcome " + outcome + " (" + e + ")", e);
    }
  }

  /** A metric's value as JSON writes it: a number, or NaN and the infinities as strings. */
  private static double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.parseDouble((String) v);
  }

  /**
   * The trial's folder relative to the sweep folder, {@code trials/000007-lr=0.1}, with {@code /}
   * between its names: where a sweep folder keeps its config, logs and checkpoints (see {@code
   * SweepFolder.trialDir}), and what {@code trials.csv} and {@code trials.json} show as {@code
   * folder}. A trial of a sweep without a folder has none on disk.
   */
  public String folder() {
    String digits = Long.toString(id);
    StringBuilder folder = new StringBuilder("trials/");
    for (int i = digits.length(); i < 6; i++) {
      folder.append('0');
    }
    return folder.append(digits).append('-').append(name).toString();
  }

  /** A metric of the final result, if present. */
  public OptionalDouble metric(String name) {
    Double value = metrics.get(name);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /**
   * A number by name: a sampled parameter (numbers and booleans as 0/1), else a metric; empty if
   * neither holds a number.
   */
  public OptionalDouble number(String name) {
    Object param = params.get(name);
    if (param instanceof Number n) {
      return OptionalDouble.of(n.doubleValue());
    }
    if (param instanceof Boolean b) {
      return OptionalDouble.of(b ? 1 : 0);
    }
    return metric(name);
  }
}
