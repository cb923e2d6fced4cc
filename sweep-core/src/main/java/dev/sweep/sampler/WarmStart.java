package dev.sweep.sampler;

import static java.util.Objects.requireNonNull;

import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trials of an earlier sweep that a sampler can learn before its first ask, and why the others
 * cannot: one that completed with a value of the objective, or was pruned, and whose params are a
 * {@linkplain Space#misfit sample of this space} (paths this space lacks are ignored, so an earlier
 * sweep of a larger space fits). Immutable.
 *
 * <pre>{@code
 * WarmStart warm =
 *     WarmStart.of("runs/old", SweepFolder.population(old, objective).trials(), space, objective);
 * System.err.println(warm.summary()); // warm start: 97 trials learned from runs/old, 3 skipped: …
 * }</pre>
 */
public final class WarmStart {
  private final String source;
  private final List<TrialRecord> learned;
  private final Map<String, Integer> skipped; // by reason, in order of first sight
  private final Map<String, String> examples; // a reason's first case

  private WarmStart(
      String source,
      List<TrialRecord> learned,
      Map<String, Integer> skipped,
      Map<String, String> examples) {
    this.source = source;
    this.learned = List.copyOf(learned);
    this.skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    this.examples = Collections.unmodifiableMap(new LinkedHashMap<>(examples));
  }

  /**
   * Sorts the {@code earlier} trials (from {@code source}, named in the summary) into those a sweep
   * of {@code space} seeking {@code objective} learns and those it skips. A sampler sees trials,
   * not a population: pass {@code population.trials()}.
   */
  public static WarmStart of(
      String source, List<TrialRecord> earlier, Space space, Objective objective) {
    requireNonNull(source, "source == null");
    requireNonNull(earlier, "earlier == null");
    requireNonNull(space, "space == null");
    requireNonNull(objective, "objective == null");
    List<String> paths = space.paramPaths();
    List<TrialRecord> learned = new ArrayList<>();
    Map<String, Integer> skipped = new LinkedHashMap<>();
    Map<String, String> examples = new LinkedHashMap<>();
    for (TrialRecord t : earlier) {
      Map<String, Object> ours = new LinkedHashMap<>(t.params());
      ours.keySet().retainAll(paths); // an earlier, larger space's other paths are ignored
      Optional<String> misfit = space.misfit(ours);
      String reason;
      if (t.status() != TrialStatus.COMPLETED && t.status() != TrialStatus.PRUNED) {
        reason = "not completed or pruned";
      } else if (t.status() == TrialStatus.COMPLETED
          && !(t.metric(objective.metric()).isPresent()
              && Double.isFinite(t.metric(objective.metric()).getAsDouble()))) {
        reason = "no value of '" + objective.metric() + "'";
      } else if (misfit.isPresent()) {
        reason = "outside this space";
        examples.putIfAbsent(reason, "trial " + t.id() + ": " + misfit.get());
      } else {
        learned.add(asSample(t, space.asSample(ours)));
        continue;
      }
      skipped.merge(reason, 1, Integer::sum);
    }
    return new WarmStart(source, learned, skipped, examples);
  }

  private static TrialRecord asSample(TrialRecord t, Map<String, Object> params) {
    return new TrialRecord(
        t.id(),
        t.name(),
        params,
        t.config(),
        t.status(),
        t.metrics(),
        t.curve(),
        t.failure(),
        t.started(),
        t.duration());
  }

  /** The trials a sampler learns, their params in this space's form. */
  public List<TrialRecord> learned() {
    return learned;
  }

  /** How many trials were skipped, by reason. */
  public Map<String, Integer> skipped() {
    return skipped;
  }

  /**
   * One line for people: {@code warm start: 97 trials learned from runs/old, 3 skipped: 2 not
   * completed or pruned, 1 outside this space (trial 7: 'lr' = 0.5 is not in uniform[0.0, 0.1])}.
   */
  public String summary() {
    StringBuilder s =
        new StringBuilder("warm start: ")
            .append(learned.size())
            .append(learned.size() == 1 ? " trial" : " trials")
            .append(" learned from ")
            .append(source);
    int total = skipped.values().stream().mapToInt(Integer::intValue).sum();
    if (total > 0) {
      s.append(", ").append(total).append(" skipped: ");
      String sep = "";
      for (Map.Entry<String, Integer> e : skipped.entrySet()) {
        s.append(sep).append(e.getValue()).append(' ').append(e.getKey());
        if (examples.containsKey(e.getKey())) {
          s.append(" (").append(examples.get(e.getKey())).append(')');
        }
        sep = ", ";
      }
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return summary();
  }
}
