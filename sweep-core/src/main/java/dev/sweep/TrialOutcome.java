package dev.sweep;

import dev.sweep.sampler.Sample;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * What an attempt of a trial came to: its status, metrics and, unless it completed, why. Judged
 * from what the runner returned or threw, then overruled where the stopping rule pruned it or the
 * sweep folder's disk was full.
 *
 * @param failure null if it completed
 * @param thrown what the runner threw, for its stack trace; null if it returned
 */
record TrialOutcome(
    TrialStatus status, Map<String, Double> metrics, String failure, Throwable thrown) {

  TrialOutcome(TrialStatus status, Map<String, Double> metrics, String failure) {
    this(status, metrics, failure, null);
  }

  /**
   * What a runner's result comes to: completed, or failed if an objective's metric is missing or
   * not finite.
   *
   * @param objectiveMetrics the metrics the result must report, one per objective that the trial's
   *     params do not hold
   */
  static TrialOutcome returned(
      Result result, TrialContext trial, List<String> objectiveMetrics, boolean objectiveRequired) {
    if (result == null) {
      return new TrialOutcome(
          TrialStatus.FAILED, Map.of(), "the runner returned null instead of a Result");
    }
    String problem = null;
    for (int i = 0; i < objectiveMetrics.size() && problem == null; i++) {
      problem = objectiveProblem(result, objectiveMetrics.get(i), objectiveRequired);
    }
    if (trial.sawCancel() && trial.pruned().isEmpty()) {
      // it stopped because it was told to: what it returned is half a training, not a result
      return new TrialOutcome(
          TrialStatus.CANCELLED,
          result.metrics(),
          "the runner returned after it saw the sweep cancelled (Trial.shouldStop()); it runs again on resume");
    }
    return new TrialOutcome(
        problem == null ? TrialStatus.COMPLETED : TrialStatus.FAILED, result.metrics(), problem);
  }

  /**
   * What a runner's throwable comes to: failed, or cancelled if the sweep or the runner says it was
   * stopped.
   */
  static TrialOutcome thrown(Throwable e, boolean sweepCancelled) {
    // A runner that throws CancellationException says the trial was stopped from outside (e.g. a
    // job cancelled on the cluster): it did not fail, and a later run of the sweep runs it again.
    TrialStatus status =
        sweepCancelled || e instanceof CancellationException
            ? TrialStatus.CANCELLED
            : TrialStatus.FAILED;
    return new TrialOutcome(status, Map.of(), describe(e), e);
  }

  /**
   * Pruned, whatever the runner did after the rule stopped it (stopped, threw, was killed): a
   * result it completed keeps its metrics, any other shows each metric's last reported value.
   */
  TrialOutcome pruned(String why, List<CurvePoint> curve) {
    return new TrialOutcome(
        TrialStatus.PRUNED, status == TrialStatus.COMPLETED ? metrics : lastValues(curve), why);
  }

  /** Cancelled, to run again, with {@code why} after what went wrong. */
  TrialOutcome cancelled(String why) {
    return new TrialOutcome(TrialStatus.CANCELLED, metrics, failure + why, thrown);
  }

  /** Cancelled, whatever the runner did: the run lost the attempt to another run, {@code why}. */
  TrialOutcome lost(String why) {
    return new TrialOutcome(TrialStatus.CANCELLED, metrics, why);
  }

  /** The attempt's record. */
  TrialRecord record(Sample sample, List<CurvePoint> curve, Instant started, Duration duration) {
    return new TrialRecord(
        sample.index(),
        sample.name(),
        sample.columns(),
        sample.config(),
        status,
        metrics,
        curve,
        Optional.ofNullable(failure),
        started,
        duration);
  }

  private static String objectiveProblem(Result result, String metric, boolean required) {
    Double value = result.metrics().get(metric);
    if (value == null && !required) {
      return null; // completes unranked
    }
    if (value == null) {
      return "the result has no objective metric '"
          + metric
          + "'; it has "
          + result.metrics().keySet();
    }
    if (!Double.isFinite(value)) {
      return "the objective metric '" + metric + "' is " + value;
    }
    return null;
  }

  /** Each metric's last reported value: what a pruned trial's result shows. */
  private static Map<String, Double> lastValues(List<CurvePoint> curve) {
    Map<String, Double> last = new LinkedHashMap<>();
    curve.forEach(point -> last.putAll(point.metrics()));
    return last;
  }

  /** The throwable and its causes on one line: {@code IllegalStateException: x; caused by …}. */
  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.toString());
    for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
      text.append("; caused by ").append(c);
      if (c.getCause() == c) {
        break;
      }
    }
    return text.toString();
  }
}
