package dev.sweep.sampler;

import static java.util.Objects.requireNonNull;

import dev.sweep.trial.TrialRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samplers of the core library; quasi-random and adaptive ones are {@code
 * dev.sweep.sampler.search.SearchSamplers} in {@code sweep-samplers}.
 *
 * <pre>{@code
 * Sweep.builder(space, runner).sampler(Samplers.grid()).build();
 * Sweep.builder(space, runner).sampler(Samplers.random(42)).maxTrials(200).build();
 * Sweep.builder(space, runner).sampler(RandomSampler.builder().seed(42).distinct(true).build()).maxTrials(200).build();
 * }</pre>
 */
public final class Samplers {
  private Samplers() {}

  /** Every combination of grid values; see {@link GridSampler}. */
  public static GridSampler grid() {
    return new GridSampler();
  }

  /** Independent random samples, reproducible from {@code seed}; see {@link RandomSampler}. */
  public static RandomSampler random(long seed) {
    return RandomSampler.builder().seed(seed).build();
  }

  /**
   * {@code then}, after trials with the given configs (Optuna's {@code enqueue_trial}): trial
   * {@code i < configs.size()} is config {@code i}, then {@code then} goes on (a grid with all its
   * points, an adaptive sampler having learned the enqueued trials' results). Each config gives a
   * value for every parameter of its branches; {@code Sweep.Builder.enqueue} is the usual way in.
   *
   * @throws IllegalArgumentException when the sweep starts, if a config is not a sample of its
   *     space
   */
  public static Sampler enqueued(Sampler then, List<? extends Map<String, ?>> configs) {
    requireNonNull(then, "then == null");
    List<Map<String, Object>> copies = new ArrayList<>();
    for (Map<String, ?> config : requireNonNull(configs, "configs == null")) {
      copies.add(Collections.unmodifiableMap(new LinkedHashMap<>(config)));
    }
    return copies.isEmpty() ? then : new EnqueuedSampler(then, copies);
  }

  /**
   * {@code sampler}, having learned {@code earlier} trials ({@link Sampler.Sampling#learn}) each
   * time a sweep starts it: a warm start. Non-adaptive samplers ignore them. {@link WarmStart}
   * picks the trials that fit a space; {@code Sweep.Builder.warmStart} is the usual way in.
   */
  public static Sampler warmStarted(Sampler sampler, List<TrialRecord> earlier) {
    requireNonNull(sampler, "sampler == null");
    return earlier.isEmpty() ? sampler : new WarmStartedSampler(sampler, earlier);
  }
}
